/**
 * A worker_threads pool: each worker holds its own sessions, so long runs never block the main
 * event loop. Input typed-array buffers are transferred to the worker (not copied) and output
 * buffers are transferred back.
 * @module
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LocalModelError } from '../core/errors.js';
import { backendPackage, loadFailure, notOrtModule, type OnnxBackend } from './loader.js';
import type { Feed, Fetched } from './tensors.js';
import { WORKER_SOURCE } from './worker.js';

/** Session metadata as the worker reports it (plain objects). */
export interface RawSessionMeta {
  inputNames: string[];
  outputNames: string[];
  inputMetadata: Array<{ name: string; isTensor: boolean; type: string; shape: Array<number | string> | undefined }>;
  outputMetadata: Array<{ name: string; isTensor: boolean; type: string; shape: Array<number | string> | undefined }>;
  /** The identity of the file the session was created from. */
  file?: FileIdentity | undefined;
}

/** A model file's identity when a session was created from it: another file at that path (replaced on disk) differs. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

/** Where a worker finds the model and how it creates the session. */
export interface OpenSpec {
  path: string;
  options: Record<string, unknown>;
  /** The file the model was loaded from (first open): a worker creating its own copy refuses another file. */
  file?: FileIdentity | undefined;
}

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  size: number;
  backend: OnnxBackend;
  threads: number;
  /** Absolute path of the ORT module the workers `require`; resolved from modelwire's location by default. */
  modulePath?: string | undefined;
  /** Transfer input buffers (detaches the caller's arrays); copy them when false. Default true. */
  transferInputs?: boolean | undefined;
}

/** The pool operations the runtime needs. */
export interface WorkerPool {
  open(key: string, spec: OpenSpec, model: string): Promise<RawSessionMeta>;
  /**
   * `waitOpen`: how the run waits for the session to be created in the worker it goes to, when that
   * worker has none yet (its first run there); default: as long as it takes. `quiet`: ORT logs
   * nothing for this run (a warm-up, whose failure is ignored).
   */
  run(
    key: string,
    spec: OpenSpec,
    model: string,
    feeds: Feed[],
    fetches: string[] | undefined,
    waitOpen?: (opening: Promise<unknown>) => Promise<unknown>,
    quiet?: boolean,
  ): Promise<Fetched[]>;
  release(key: string): Promise<void>;
  terminate(): Promise<void>;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  model: string | undefined;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Sessions opened (or being opened) in this worker, each with its open: what `release` must reach. */
  opened: Map<string, Promise<unknown>>;
  /** Those whose open has succeeded: a run goes straight to them. */
  ready: Set<string>;
  dead: boolean;
}

/**
 * Resolves the backend package from this file's location (ESM: import.meta.url; CJS build, where
 * `import.meta` is empty: __filename). import.meta.url comes first: a global `__filename` can exist
 * in ESM too (`node -e` defines one, "[eval]").
 */
function resolveModule(backend: OnnxBackend): string {
  const anchor = (import.meta as { url?: string }).url ?? __filename;
  try {
    return createRequire(anchor).resolve(backendPackage(backend));
  } catch (cause) {
    throw loadFailure(backend, cause);
  }
}

/**
 * The feeds as posted to a worker, and the buffers to transfer. A whole, non-shared buffer is
 * transferred when `transferInputs` is on (else cloned: one copy). A view of part of a larger buffer
 * is copied down to its own elements and that copy is transferred: postMessage would clone the
 * whole buffer behind it (a 512-sample frame of a long recording would carry the recording), and
 * transferring it would detach unrelated data. Shared memory is posted as is (shared, not copied).
 */
function outgoing(feeds: readonly Feed[], transferInputs: boolean): { feeds: Feed[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const out = feeds.map((f) => {
    const d = f.data;
    if (!ArrayBuffer.isView(d) || !(d.buffer instanceof ArrayBuffer)) return f;
    if (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength) {
      if (transferInputs && !transfer.includes(d.buffer)) transfer.push(d.buffer);
      return f;
    }
    const own = (d as Uint8Array).slice(); // same typed-array class, only the view's elements
    transfer.push(own.buffer);
    return { ...f, data: own };
  });
  return { feeds: out, transfer };
}

/**
 * Creates a pool of `size` workers, started lazily on first use.
 *
 * @example
 * ```ts
 * const pool = createWorkerPool({ size: 2, backend: 'node', threads: 1 });
 * const meta = await pool.open('mlp', { path: '/models/mlp.onnx', options: {} }, 'mlp');
 * await pool.terminate();
 * ```
 */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const slots: Array<Slot | undefined> = new Array(Math.max(1, options.size)).fill(undefined);
  const transferInputs = options.transferInputs !== false;
  let modulePath = options.modulePath;
  let nextId = 1;
  let terminated = false;

  function spawn(index: number): Slot {
    modulePath ??= resolveModule(options.backend);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, backend: options.backend, threads: options.threads } });
    const slot: Slot = { worker, pending: new Map(), opened: new Map(), ready: new Set(), dead: false };
    /** Retires the slot (the next call spawns a new worker) and fails what waits on it. */
    const fail = (cause: unknown, error?: LocalModelError) => {
      if (slot.dead) return;
      slot.dead = true;
      if (slots[index] === slot) slots[index] = undefined;
      const pending = [...slot.pending.values()];
      slot.pending.clear();
      for (const p of pending) {
        p.reject(error ?? new LocalModelError(`ONNX worker thread ${terminated ? 'was terminated' : 'died'}${p.model ? ` while running model ${JSON.stringify(p.model)}` : ''}`, { model: p.model, cause }));
      }
    };
    worker.on('message', (msg: { id: number; ok: boolean; load?: boolean; value?: unknown; error?: { name: string; message: string; exports?: boolean } }) => {
      if (msg.load) {
        // the ORT module did not load in this worker: not kept, the next call loads it in a new one
        const cause = Object.assign(new Error(msg.error?.message), { name: msg.error?.name ?? 'Error' });
        fail(cause, msg.error?.exports ? notOrtModule(options.backend) : loadFailure(options.backend, cause));
        void worker.terminate();
        return;
      }
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref();
      if (msg.ok) p.resolve(msg.value);
      else p.reject(msg.error);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    // after on('message'): adding a 'message' listener refs the worker's port again
    worker.unref();
    slots[index] = slot;
    return slot;
  }

  function pick(): Slot {
    if (terminated) throw new LocalModelError('the ONNX runtime was disposed');
    let best: Slot | undefined;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (!s) return spawn(i);
      if (!best || s.pending.size < best.pending.size) best = s;
    }
    return best!;
  }

  function send<T>(slot: Slot, msg: Record<string, unknown>, transfer: ArrayBuffer[], model: string | undefined): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      msg.id = id;
      try {
        slot.worker.postMessage(msg, transfer);
      } catch (e) {
        // not sent (e.g. DataCloneError): nothing to wait for, so nothing may keep the worker ref'd
        reject(e);
        return;
      }
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, model });
    });
  }

  /**
   * Opens session `key` in `slot`, once per worker (calls arriving meanwhile share the open). An open
   * that failed is forgotten, so the next call tries again; a run that failed inside ONNX Runtime
   * leaves its session open (and in `opened`, which `release` must reach).
   */
  function openOn(slot: Slot, key: string, spec: OpenSpec, model: string): Promise<unknown> {
    let opening = slot.opened.get(key);
    if (!opening) {
      const p = send(slot, { type: 'open', key, open: spec }, [], model);
      slot.opened.set(key, (opening = p));
      p.then(
        () => void (slot.opened.get(key) === p && slot.ready.add(key)),
        () => void (slot.opened.get(key) === p && slot.opened.delete(key)),
      );
    }
    return opening;
  }

  /**
   * A failure of `model` in a worker, in the words the inline runtime uses (`could not be loaded from
   * <path>` or `failed to run`, then ORT's message); what the worker reported (`{ name, message }`)
   * becomes an Error again, the cause as inline. The pool's own errors (a worker that died, a module
   * that did not load) pass as they are.
   */
  function workerError(e: unknown, model: string, what: string): LocalModelError {
    if (e instanceof LocalModelError) return e;
    const r = e as { name?: string; message?: string } | undefined;
    const cause = e instanceof Error ? e : Object.assign(new Error(r?.message ?? String(e)), { name: r?.name ?? 'Error' });
    return new LocalModelError(`model ${JSON.stringify(model)} ${what}: ${cause.message}`, { model, cause });
  }

  return {
    async open(key, spec, model) {
      const slot = pick();
      try {
        return (await openOn(slot, key, spec, model)) as RawSessionMeta;
      } catch (e) {
        throw workerError(e, model, `could not be loaded from ${spec.path}`);
      }
    },
    async run(key, spec, model, feeds, fetches, waitOpen = (opening) => opening, quiet = false) {
      const slot = pick();
      // a worker that runs the model for the first time creates its own session first: a wait that
      // `waitOpen` bounds (the call's deadline and signal), not one hidden inside the run message
      if (!slot.ready.has(key)) {
        await waitOpen(
          openOn(slot, key, spec, model).catch((e: unknown) => {
            throw workerError(e, model, `could not be loaded from ${spec.path}`);
          }),
        );
      }
      try {
        // the open spec rides along every time: the worker opens the session only when it has none
        const msg = outgoing(feeds, transferInputs);
        return await send<Fetched[]>(slot, { type: 'run', key, open: spec, feeds: msg.feeds, fetches, quiet }, msg.transfer, model);
      } catch (e) {
        throw workerError(e, model, 'failed to run');
      }
    },
    async release(key) {
      const work: Promise<unknown>[] = [];
      for (const slot of slots) {
        if (!slot || slot.dead || !slot.opened.delete(key)) continue;
        slot.ready.delete(key);
        work.push(send(slot, { type: 'release', key }, [], undefined).catch(() => undefined));
      }
      await Promise.all(work);
    },
    async terminate() {
      terminated = true;
      const work: Promise<number>[] = [];
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        if (s) work.push(s.worker.terminate());
        slots[i] = undefined;
      }
      await Promise.all(work);
    },
  };
}
