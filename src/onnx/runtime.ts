/**
 * `createOnnxRuntime`: the local model runtime. It implements the same interfaces as the remote
 * OIP client (models: list/get/ready, deployments: load/unload/list, inference: infer), so the same
 * request object runs remotely or on the host CPU.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-common';
import { checkNumber, checkOptions } from '../core/check.js';
import { AbortError, InvalidRequestError, LocalModelError, ModelwireError, named, refused, TimeoutError } from '../core/errors.js';
import type {
  DeploymentsApi,
  InferenceApi,
  InferenceRequest,
  InferenceResponse,
  InferOptions,
  ListModelsOptions,
  LoadOptions,
  ModelCallOptions,
  ModelMetadata,
  ModelsApi,
  OipTarget,
  OutputTensor,
  RepositoryIndexEntry,
  TargetCallOptions,
  UnloadOptions,
} from '../oip/types.js';
import { startCall, within, type LocalCall } from './call.js';
import { lazyOrt, type OnnxBackend, type OrtLoader, type OrtModule } from './loader.js';
import { createLimiter } from './queue.js';
import { listVersions, resolveModel, scanRepository, type ResolvedModel } from './repository.js';
import { beginRun, createSessionCache, endRun, type CacheEntry, type SessionHandle } from './session-cache.js';
import { ortTensor, readMetadata, toFeeds, toOutputs, zeroRequest, type Feed, type Fetched } from './tensors.js';
import { createWorkerPool, type OpenSpec, type WorkerPool } from './worker-pool.js';

/** Where runs execute: on the calling thread, or in a pool of worker threads. @example `createOnnxRuntime({ modelRepository: './models', execution: 'worker' })` */
export type OnnxExecution = 'inline' | 'worker';

/** ONNX Runtime session options (from onnxruntime-common). @example `const o: OnnxSessionOptions = { graphOptimizationLevel: 'basic' };` */
export type OnnxSessionOptions = Ort.InferenceSession.SessionOptions;

/**
 * Options of {@link createOnnxRuntime}.
 *
 * @example
 * ```ts
 * const options: OnnxRuntimeOptions = { modelRepository: './models', threads: 1, execution: 'worker', workers: 2 };
 * ```
 */
export interface OnnxRuntimeOptions {
  /** Directory of `<name>.onnx` files or `<name>/<version>/model.onnx` trees. */
  modelRepository: string;
  /** `node` (onnxruntime-node, native, default) or `web` (onnxruntime-web, WASM). */
  backend?: OnnxBackend | undefined;
  /** Intra-op threads per session (default 1, the stable choice on small shared machines): a finite number ≥ 1, rounded down. */
  threads?: number | undefined;
  /** `inline` (default) runs on the calling thread; `worker` keeps runs off the event loop. */
  execution?: OnnxExecution | undefined;
  /** Worker threads in `worker` mode (default 1): a finite number ≥ 1, rounded down. Each holds its own copy of each session. */
  workers?: number | undefined;
  /** Extra ORT session options; merged over the defaults (`logSeverityLevel: 3`, `intraOpNumThreads: threads`). A fresh copy is used per session. */
  sessionOptions?: OnnxSessionOptions | undefined;
  /** Runs allowed at once (a number ≥ 1, rounded down, or `Infinity`); more wait in a FIFO queue. Default 1 inline, `workers` in worker mode. */
  maxConcurrentRuns?: number | undefined;
  /**
   * Models kept loaded at once (a whole number ≥ 1; default: no cap). A model about to be loaded past
   * it unloads the least recently used model that has no run in flight or queued and is not being
   * loaded, as `unload` does; when every loaded model is busy, the cap is exceeded until one is idle.
   */
  maxLoadedModels?: number | undefined;
  /** `load()` runs the model once on zeros to warm it up (default true; a failing warm-up is ignored). */
  warmup?: boolean | undefined;
  /** Worker mode: transfer input buffers to the worker (default true: no copy, the caller's arrays become detached). */
  transferInputs?: boolean | undefined;
  /** Inline mode: how to import the ORT module (default: `import('onnxruntime-node')` / `import('onnxruntime-web')`). */
  loader?: OrtLoader | undefined;
}

/**
 * The local runtime: an {@link OipTarget} (flat methods) that also exposes the grouped
 * `models` / `deployments` / `inference` views, plus `dispose()`.
 *
 * @example
 * ```ts
 * const local = createOnnxRuntime({ modelRepository: './models' });
 * const res = await local.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
 * await local.dispose();
 * ```
 */
export interface OnnxRuntime extends OipTarget {
  /** The model repository folder, as given in {@link OnnxRuntimeOptions.modelRepository}. */
  readonly modelRepository: string;
  /** Model discovery alone (`list`, `get`, `ready`): the same functions as on the runtime itself. */
  readonly models: ModelsApi;
  /** Loading and unloading alone (`load`, `unload`, `list`): the same functions as on the runtime itself. */
  readonly deployments: DeploymentsApi;
  /** Inference alone (`infer`): the same function as on the runtime itself. */
  readonly inference: InferenceApi;
  /** Releases every session and terminates the workers. Calls after it reject. */
  dispose(): Promise<void>;
  /** {@link OnnxRuntime.dispose}, for `await using local = createOnnxRuntime(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const PLATFORM = 'onnxruntime_onnx';

/**
 * Run options of a warm-up run: ORT's log level 4 (fatal only). At the session's level (3, errors)
 * ORT prints a run that fails to stderr, and a warm-up on zeros may fail (Silero VAD's does) by design.
 */
const QUIET: Ort.InferenceSession.RunOptions = { logSeverityLevel: 4 };

function sessionKey(model: string, version: string | undefined): string {
  return version === undefined ? model : `${model}\u0000${version}`;
}

function freshOptions(threads: number, user: OnnxSessionOptions | undefined): Record<string, unknown> {
  let extra: Record<string, unknown> = {};
  if (user) {
    try {
      extra = structuredClone(user) as Record<string, unknown>;
    } catch {
      extra = { ...user };
    }
  }
  return { logSeverityLevel: 3, intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential', ...extra };
}

/** A count option: a number from 1 to `max`, rounded down; anything else is refused, naming the option. */
function count(path: string, value: unknown, fallback: number, max: number): number {
  checkNumber('createOnnxRuntime', path, value, 1, max);
  return value === undefined ? fallback : Math.floor(value);
}

/**
 * The error a call ends with: a {@link LocalModelError} that names no operation is named after the
 * call, as its refusals and the remote client's errors are (`onnx.get: model "m" not found ...`,
 * `operation`). A copy: one failed creation or look-up is shared by the calls that waited for it.
 */
function forCall(e: unknown, operation: string): unknown {
  if (!(e instanceof LocalModelError) || e.operation !== undefined) return e;
  return new LocalModelError(`${operation}: ${e.message}`, { model: e.model, cause: e.cause, operation });
}

/** `fn` with its LocalModelErrors named after `operation` (see {@link forCall}). */
function namedAfter<A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) =>
    fn(...args).catch((e: unknown) => {
      throw forCall(e, operation);
    });
}

function messageOf(e: unknown): string {
  return (e as { message?: string } | null)?.message ?? String(e);
}

/**
 * Creates a local ONNX runtime over a model repository. Nothing is loaded until first use:
 * onnxruntime-node is imported lazily, sessions are created per model+version on first call
 * (once, even under concurrent first calls) and cached until `unload` or `dispose`.
 * With `maxLoadedModels`, a model about to be loaded past the cap first unloads the least recently
 * used idle model (see {@link OnnxRuntimeOptions.maxLoadedModels}).
 * An unknown `backend` or `execution`, or a `threads` / `workers` / `maxConcurrentRuns` that is not
 * a number ≥ 1 (NaN, 0, negative), or a `maxLoadedModels` that is not a whole one, throws
 * {@link InvalidRequestError} (`path` = the option, `operation: 'createOnnxRuntime'`) at once;
 * so does a `warmup` or `transferInputs` that is not a boolean, a `sessionOptions` that is not an
 * object, a `loader` that is not a function, and an option name it does not know.
 * Every call takes a `signal` and one `timeoutMs` that bounds all its waits (the session being
 * created, the run queue, the run, the model repository, in-flight runs before an unload): an abort ends the
 * call at once with `AbortError` (`TimeoutError` for a timeout reason such as `AbortSignal.timeout`), the deadline with `TimeoutError`; what already started goes on
 * (a session being created is cached, a native run finishes holding its run slot, an unload still releases). `timeoutMs`
 * is a number ≥ 0, fractions rounded up (0 ends the call at once with `TimeoutError`); `Infinity` or
 * more than 2^31 − 1 ms means no deadline, as in the core; anything else rejects with
 * `InvalidRequestError` (`path: 'timeoutMs'`) before anything runs. A request the model cannot take
 * (an unknown input or output, another datatype or shape, data that does not fill the shape) is
 * refused with `InvalidRequestError` before ORT sees it; every refusal names its call as the remote
 * client's do: `operation` (`onnx.infer`, `onnx.get`, …) starts its message
 * (`onnx.infer: inputs[0] (x): shape [2,4] needs 8 elements but data has 4`, `path: 'inputs[0].data'`).
 *
 * @example
 * ```ts
 * import { fileURLToPath } from 'node:url';
 * import { createOnnxRuntime } from 'modelwire/onnx';
 *
 * // the models beside this module, as a file path (a URL's pathname is percent-encoded, and no path on Windows)
 * const local = createOnnxRuntime({ modelRepository: fileURLToPath(new URL('./models', import.meta.url)) });
 * const meta = await local.get('mlp');                       // inputs/outputs with datatype and shape (-1 = dynamic)
 * const res = await local.infer('mlp', {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }],
 * });
 * console.log(meta.inputs, res.outputs[0]?.data);          // Float32Array(3)
 * await local.dispose();
 * ```
 */
export function createOnnxRuntime(options: OnnxRuntimeOptions): OnnxRuntime {
  const root = options?.modelRepository;
  if (typeof root !== 'string' || root === '') throw new LocalModelError('createOnnxRuntime: modelRepository must be a directory path', { operation: 'createOnnxRuntime' });
  // a misspelt option (`thread`), a `warmup: 'false'` or a `loader` that is no function would otherwise be ignored or fail the first call
  checkOptions('createOnnxRuntime', options, 'modelRepository backend threads execution workers sessionOptions:object maxConcurrentRuns maxLoadedModels warmup:boolean transferInputs:boolean loader:function');
  const backend: OnnxBackend = options.backend ?? 'node';
  if (backend !== 'node' && backend !== 'web') {
    throw new InvalidRequestError(`createOnnxRuntime: unknown backend ${JSON.stringify(backend)} (use 'node' or 'web')`, { path: 'backend', operation: 'createOnnxRuntime' });
  }
  const execution: OnnxExecution = options.execution ?? 'inline';
  if (execution !== 'inline' && execution !== 'worker') {
    throw new InvalidRequestError(`createOnnxRuntime: unknown execution ${JSON.stringify(execution)} (use 'inline' or 'worker')`, { path: 'execution', operation: 'createOnnxRuntime' });
  }
  const threads = count('threads', options.threads, 1, Number.MAX_SAFE_INTEGER);
  const workers = count('workers', options.workers, 1, Number.MAX_SAFE_INTEGER);
  const limiter = createLimiter(count('maxConcurrentRuns', options.maxConcurrentRuns, execution === 'worker' ? workers : 1, Infinity));
  checkNumber('createOnnxRuntime', 'maxLoadedModels', options.maxLoadedModels, 1, Infinity, true);
  const maxLoaded = options.maxLoadedModels ?? Infinity;
  const cache = createSessionCache();
  /** Calls that used a session so far: an entry's `used` is this count at its last use. */
  let uses = 0;
  /** Model name -> session key of the version its calls without a version use (see entryFor). */
  const latest = new Map<string, string>();
  const lookups = new Map<string, Promise<CacheEntry>>();
  const getOrt = lazyOrt(backend, options.loader);
  const warmup = options.warmup !== false;
  let pool: WorkerPool | undefined;
  let webThreadsSet = false;
  let workerSessions = 0;
  let disposed = false;

  async function createSession(ort: OrtModule, path: string): Promise<Ort.InferenceSession> {
    if (backend === 'web') {
      if (!webThreadsSet) {
        ort.env.wasm.numThreads = threads;
        webThreadsSet = true;
      }
      // The bytes go as readFile gave them (a Buffer is a Uint8Array): onnxruntime-web copies them
      // once into WASM memory (HEAPU8.set, which honours a view's offset), so a copy here held the
      // model twice more. (Given the path, it would read the file into a copy of its own.)
      // It mutates the options object: always a fresh copy of those.
      return ort.InferenceSession.create(await readFile(path), freshOptions(threads, options.sessionOptions));
    }
    return ort.InferenceSession.create(path, freshOptions(threads, options.sessionOptions));
  }

  async function openInline(r: ResolvedModel): Promise<SessionHandle> {
    const ort = await getOrt();
    let session: Ort.InferenceSession;
    try {
      session = await createSession(ort, r.path);
    } catch (cause) {
      throw new LocalModelError(`model ${JSON.stringify(r.name)} could not be loaded from ${r.path}: ${messageOf(cause)}`, { model: r.name, cause });
    }
    let meta;
    try {
      meta = readMetadata(session, r.name);
    } catch (e) {
      await session.release();
      throw e;
    }
    const Tensor = ort.Tensor as unknown as new (type: string, data: unknown, dims: readonly number[]) => Ort.Tensor;
    const allOutputs = meta.outputs.map((o) => o.name);
    return {
      meta,
      path: r.path,
      version: r.version,
      run(feeds: Feed[], fetches: string[] | undefined, _call: LocalCall, quiet?: boolean): Promise<OutputTensor[]> {
        const input: Record<string, Ort.Tensor> = {};
        for (let i = 0; i < feeds.length; i++) {
          const f = feeds[i]!;
          input[f.name] = ortTensor(Tensor, f);
        }
        const names = fetches ?? allOutputs;
        // ORT tensors are read in place: shape = tensor.dims (a fresh array per result), data = its typed array.
        const runOptions = quiet ? QUIET : undefined;
        const ran = fetches ? session.run(input, fetches, runOptions) : session.run(input, runOptions);
        return ran.then((res) => toOutputs(res as unknown as Record<string, Fetched>, r.name, names));
      },
      release: () => session.release(),
    };
  }

  async function openWorker(r: ResolvedModel, cacheKey: string): Promise<SessionHandle> {
    pool ??= createWorkerPool({ size: workers, backend, threads, transferInputs: options.transferInputs });
    const p = pool;
    // one pool key per cache entry: a model loaded again while its old session drains gets a session
    // of its own in the workers, which the old one's late release cannot reach
    const key = `${cacheKey}\u0000#${++workerSessions}`;
    const spec: OpenSpec = { path: r.path, options: freshOptions(threads, options.sessionOptions) };
    // a failure is worded by the pool as inline (`could not be loaded from <path>: <ORT's message>`),
    // or is the pool's own (the ORT module did not load, a worker died, the runtime was disposed)
    const raw = await p.open(key, spec, r.name);
    // the other workers create their copies from this file only (not one replaced on disk since)
    spec.file = raw.file;
    let meta;
    try {
      meta = readMetadata(raw, r.name);
    } catch (e) {
      await p.release(key);
      throw e;
    }
    return {
      meta,
      path: r.path,
      version: r.version,
      // a worker that has no copy of the session yet creates it first: bounded like the first creation
      run: (feeds, fetches, call, quiet) =>
        p.run(key, spec, r.name, feeds, fetches, (opening) => within(call, `model ${JSON.stringify(r.name)}`, () => opening), quiet).then((fetched) => toOutputs(fetched, r.name)),
      release: () => p.release(key),
    };
  }

  /**
   * Creates the session of a model found in the repository; with `maxLoadedModels`, room is made
   * first (see {@link trim}): only now, so a call naming a model or version that does not exist
   * unloads nothing.
   */
  function open(r: ResolvedModel, key: string): Promise<SessionHandle> {
    trim(r.name);
    return execution === 'worker' ? openWorker(r, key) : openInline(r);
  }

  /**
   * `maxLoadedModels`: while more models hold sessions than it allows (counting `adding`, a model whose
   * session is about to be created), unloads the least recently used idle model (no run in flight or
   * queued, no session being created, no look-up of its latest version), as `unload` does. With every
   * other model busy the cap is exceeded: this runs again when a run ends, a session is created or a
   * latest-version look-up ends.
   */
  function trim(adding?: string): void {
    if (maxLoaded === Infinity || disposed) return;
    const models = new Map<string, number>(); // model -> its last use, -1 while busy
    for (const e of cache.all()) {
      const was = models.get(e.model) ?? 0;
      models.set(e.model, !e.handle || e.active > 0 || lookups.has(e.model) || was < 0 ? -1 : Math.max(was, e.used));
    }
    for (let over = models.size + (adding === undefined || models.has(adding) ? 0 : 1) - maxLoaded; over > 0; over--) {
      let victim: string | undefined;
      let oldest = Infinity;
      for (const [m, used] of models) if (used >= 0 && used < oldest && m !== adding) (victim = m), (oldest = used);
      if (victim === undefined) return;
      models.delete(victim);
      latest.delete(victim);
      cache.releaseModel(victim).catch(() => undefined);
    }
  }

  /** The cache entry of `key`; a new one makes room for its model once found (see {@link open}). */
  function acquire(key: string, model: string, create: () => Promise<SessionHandle>): CacheEntry {
    if (maxLoaded === Infinity || cache.peek(key)) return cache.acquire(key, model, create);
    const entry = cache.acquire(key, model, create);
    entry.promise.then(() => trim(), () => undefined);
    return entry;
  }

  /** Ends a run on `entry`; the model may now be idle, and so evicted if the cap is exceeded. */
  function ended(entry: CacheEntry): void {
    endRun(entry);
    trim();
  }

  /**
   * The cache entry of a model version; `begin` counts a run on it in the same step that finds it
   * (an unload then waits for that run). Without a version, the latest is looked up (once, then kept
   * in `latest` while its session lives) and shares the entry of a call naming that version.
   */
  function entryFor(model: string, version: string | undefined, begin = false): CacheEntry | Promise<CacheEntry> {
    if (disposed) throw new LocalModelError('this ONNX runtime was disposed', { model });
    const take = (entry: CacheEntry): CacheEntry => {
      if (begin) beginRun(entry);
      entry.used = ++uses;
      return entry;
    };
    if (version !== undefined) {
      const key = sessionKey(model, version);
      return take(acquire(key, model, async () => open(await resolveModel(root, model, version), key)));
    }
    const known = latest.get(model);
    const entry = known === undefined ? undefined : cache.peek(known);
    if (entry) return take(entry);
    // one look-up at a time per model, which an unload waits for (else it could pass the session
    // being created for a call made before it)
    let lookup = lookups.get(model);
    if (!lookup) {
      const started = resolveModel(root, model).then((r) => {
        if (disposed) throw new LocalModelError('this ONNX runtime was disposed', { model }); // nothing is created after dispose
        const key = sessionKey(model, r.version);
        latest.set(model, key);
        return acquire(key, model, () => open(r, key));
      });
      lookups.set(model, (lookup = started));
      const done = (): void => {
        if (lookups.get(model) === started) lookups.delete(model);
        // the model may now be idle (a get/ready/load takes it without a run): trim once every call
        // waiting on this look-up has taken its entry (their reactions are queued before this one)
        if (maxLoaded !== Infinity) void Promise.resolve().then(() => trim());
      };
      started.then(done, done);
    }
    return lookup.then(take);
  }

  /**
   * The model's session, waited for as long as the call lasts: an abort or the deadline while the
   * model is looked up or its session created ends the call at once; the creation goes on, and its
   * session is cached for the next call.
   */
  async function sessionWithin(call: LocalCall, model: string, version: string | undefined): Promise<SessionHandle> {
    const got = entryFor(model, version);
    const entry = got instanceof Promise ? await within(call, `model ${JSON.stringify(model)}`, () => got) : got;
    return entry.handle ?? within(call, `model ${JSON.stringify(model)}`, () => entry.promise);
  }

  /** `warm`: the warm-up run of `load`, whose failure is ignored: ORT logs nothing for it. */
  async function run(model: string, request: InferenceRequest, version: string | undefined, call: LocalCall, warm = false): Promise<InferenceResponse> {
    const got = entryFor(model, version, true);
    let entry: CacheEntry;
    if (got instanceof Promise) {
      try {
        entry = await within(call, `model ${JSON.stringify(model)}`, () => got);
      } catch (e) {
        got.then(ended, () => undefined); // the run counted when the look-up ends, if it does
        throw e;
      }
    } else entry = got;
    let ran: Promise<OutputTensor[]> | undefined;
    try {
      // an abort or the deadline while the session is being created ends the call at once (nothing
      // has run yet); the creation goes on, and its session is cached for the next call
      const handle = entry.handle ?? (await within(call, `model ${JSON.stringify(model)}`, () => entry.promise));
      let checked: ReturnType<typeof toFeeds>;
      try {
        checked = toFeeds(request, handle.meta, model);
      } catch (e) {
        // named as the remote client names its refusals (`onnx.infer: inputs[0] (x): ...`), so the
        // same mistake reads alike whichever side of a fallback chain answered
        throw named(e, call.operation);
      }
      const { feeds, fetches } = checked;
      // the queue leaves on the call's signal itself: a slot is either given or not
      if (!limiter.tryAcquire()) await within(call, 'a free slot', (signal) => limiter.wait(signal), true);
      // The run holds its slot and counts on its session until it ends, even when the call ends first
      // (an abort or the deadline during the run, as the remote client's end the wait for an answer):
      // ONNX Runtime cannot interrupt it, so the queue stays bounded and unload / dispose wait for it.
      let started: Promise<OutputTensor[]>;
      try {
        started = handle.run(feeds, fetches, call, warm);
      } catch (cause) {
        started = Promise.reject(cause); // an ORT tensor that could not be made: worded as a failed run
      }
      ran = started.then(
        (outputs) => {
          limiter.release();
          ended(entry);
          return outputs;
        },
        (cause: unknown) => {
          limiter.release();
          ended(entry);
          // a worker mode failure is worded by the pool as below (or is a worker that died); each is named after the call by forCall
          if (cause instanceof ModelwireError) throw cause;
          throw new LocalModelError(`model ${JSON.stringify(model)} failed to run: ${messageOf(cause)}`, { model, cause });
        },
      );
      const outputs = await within(call, `model ${JSON.stringify(model)} to run`, () => ran!);
      return { model_name: model, model_version: handle.version, id: request.id, outputs };
    } catch (e) {
      ran?.catch(() => undefined); // a run the call left: its failure is nobody's
      throw e;
    } finally {
      if (!ran) ended(entry);
    }
  }

  async function infer(model: string, request: InferenceRequest, opts?: InferOptions): Promise<InferenceResponse> {
    return run(model, request, opts?.version, startCall('onnx.infer', opts, 'version binary'));
  }

  async function get(model: string, opts?: ModelCallOptions): Promise<ModelMetadata> {
    const call = startCall('onnx.get', opts, 'version');
    const h = await sessionWithin(call, model, opts?.version);
    const versions = await within(call, 'the model repository', () => listVersions(root, model));
    return {
      name: model,
      versions: versions.length > 0 ? versions : undefined,
      platform: PLATFORM,
      inputs: h.meta.inputs.map((t) => ({ ...t, shape: [...t.shape] })),
      outputs: h.meta.outputs.map((t) => ({ ...t, shape: [...t.shape] })),
    };
  }

  async function ready(model: string, opts?: ModelCallOptions): Promise<boolean> {
    const call = startCall('onnx.ready', opts, 'version');
    if (disposed) throw new LocalModelError('this ONNX runtime was disposed', { model }); // like every other call
    try {
      await sessionWithin(call, model, opts?.version);
      return true;
    } catch (e) {
      // false for this model (missing, corrupt, unsupported); a failure that names no model is the
      // runtime's own (onnxruntime not installed or no ORT module, the pool disposed): thrown, as by get()
      if (e instanceof LocalModelError && e.model !== undefined && !/outside the model repository|not a plain name/.test(e.message)) return false;
      throw e;
    }
  }

  async function list(opts?: ListModelsOptions): Promise<RepositoryIndexEntry[]> {
    const call = startCall('onnx.list', opts, 'ready');
    const onlyReady = opts?.ready;
    // as on the remote client: the string 'false' would read as true
    if (onlyReady !== undefined && typeof onlyReady !== 'boolean') throw refused('onnx.list', 'ready', 'must be a boolean');
    if (disposed) throw new LocalModelError('this ONNX runtime was disposed'); // like every other call
    const entries = await within(call, 'the model repository', () => scanRepository(root));
    const loaded = cache.loaded();
    const listed: RepositoryIndexEntry[] = [];
    for (const e of entries) {
      const on = loaded.some((l) => l.model === e.name && l.version === e.version);
      // `ready: true` asks for the models ready for inference, as the repository index request does: the loaded ones
      if (on) listed.push({ ...e, state: 'READY' });
      else if (onlyReady !== true) listed.push({ ...e, state: 'UNAVAILABLE', reason: 'unloaded' });
    }
    return listed;
  }

  async function load(model: string, opts?: LoadOptions): Promise<void> {
    const call = startCall('onnx.load', opts, 'config parameters waitUntilReady');
    const h = await sessionWithin(call, model, undefined);
    if (warmup) {
      try {
        await run(model, zeroRequest(h.meta), undefined, call, true);
      } catch (e) {
        // A model may reject all-zero inputs; loading still succeeded. The call's own end is not ignored,
        // whatever the signal's reason made of it (a ModelwireError reason is thrown as it is)
        if (e instanceof AbortError || e instanceof TimeoutError || call.signal?.aborted) throw e;
      }
    }
  }

  async function unload(model: string, opts?: UnloadOptions): Promise<void> {
    const call = startCall('onnx.unload', opts, 'parameters unloadDependents');
    if (disposed) throw new LocalModelError('this ONNX runtime was disposed', { model }); // like every other call
    latest.delete(model); // the next call without a version looks the latest up again
    // the release goes on when the call ends first (it waits for the model's in-flight runs)
    await within(call, `model ${JSON.stringify(model)} to be released`, async () => {
      // a call made before this unload that is still looking its latest version up gets its entry first
      await lookups.get(model)?.catch(() => undefined);
      await resolveModel(root, model).catch((e: unknown) => {
        if (e instanceof LocalModelError && /outside the model repository|not a plain name/.test(e.message)) throw e;
      });
      await cache.releaseModel(model);
    });
  }

  async function dispose(): Promise<void> {
    disposed = true;
    latest.clear();
    await cache.releaseAll();
    await pool?.terminate();
  }

  const calls = {
    list: namedAfter('onnx.list', list),
    get: namedAfter('onnx.get', get),
    ready: namedAfter('onnx.ready', ready),
    load: namedAfter('onnx.load', load),
    unload: namedAfter('onnx.unload', unload),
    infer: namedAfter('onnx.infer', infer),
  };
  const models: ModelsApi = { list: calls.list, get: calls.get, ready: calls.ready };
  const deployments: DeploymentsApi = { load: calls.load, unload: calls.unload, list: calls.list };
  const inference: InferenceApi = { infer: calls.infer };
  return Object.freeze({
    modelRepository: root,
    ...calls,
    models,
    deployments,
    inference,
    dispose,
    [Symbol.asyncDispose]: dispose,
  });
}
