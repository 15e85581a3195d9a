/**
 * `withFallback(primary, fallback, policy)`: one object with the same methods as its inputs that
 * calls the primary (typically a remote platform) and, when it is unreachable, the fallback
 * (typically the local ONNX runtime). A circuit breaker keeps a dead primary from costing every call
 * its full retry budget: while open, calls go straight to the fallback without touching the network.
 * Web-standard: no Node APIs.
 * @module
 */
import { checkOptions, checkType, isThenable } from './check.js';
import { isClient, type Client } from './client.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { AbortError, APIError, CircuitOpenError, ConnectionError, InternalServerError, InvalidRequestError, RateLimitError, TimeoutError } from './errors.js';
import { primedStreams, Stream } from './stream.js';

/** Which kind of source answered a call. @example `if (res.source === 'local') metrics.localAnswers++;` */
export type ResultSource = 'remote' | 'local';

/**
 * Added to every object result of a wrapped call: who answered. Results are never mutated: a plain
 * object result is shallow-copied with these two fields added (so they also appear in JSON), an
 * array result is copied with them as non-enumerable properties (a typed array or DataView result
 * becomes a new view of the same bytes, an ArrayBuffer a copy), and any other object (a class
 * instance, a stream) is wrapped in a read-through proxy that adds them.
 *
 * @example
 * ```ts
 * const res = await target.infer('mlp', request);
 * console.log(res.source, res.sourceName); // 'local' 'onnx'
 * ```
 */
export interface SourceInfo {
  readonly source: ResultSource;
  /** The configured name of the source (`primaryName` / `fallbackName`). */
  readonly sourceName: string;
}

/** `R` with {@link SourceInfo} when it is an object; primitives and `void` stay as they are. @example `type R = WithSource<InferenceResponse>;` */
export type WithSource<R> = R extends object ? R & SourceInfo : R;

/** One wrapped signature: same parameters, a promise of the result with its source. @example `type Get = WrappedSignature<[id: string], Model>;` */
export type WrappedSignature<A extends unknown[], R> = (...args: A) => Promise<WithSource<Awaited<R>>>;

/**
 * The wrapped type of one method `F`:
 * - one plain signature: `(...args) => Promise<WithSource<R>>`;
 * - overloads (up to 4, none generic): every overload wrapped the same way, in order, so a call
 *   still picks its overload (`create({ stream: true })` gives a `Stream`);
 * - a generic method, or more than 4 overloads: `F` itself, unchanged. Its calls are typed exactly
 *   (type parameters are kept) and the result carries `source` / `sourceName` at run time, but the
 *   type does not list them: a mapped type cannot rewrite the result of a generic signature.
 *
 * Inference from the 4-signature pattern repeats the first overload when there are fewer, and a
 * generic overload is inferred with its type parameters erased to their constraints: the erased
 * overloads are then no longer assignable to `F`, which is how generic methods are told apart. A
 * generic method whose type parameters appear in its parameters only stays assignable once erased,
 * so it is wrapped with its arguments checked against the constraints only.
 *
 * @example
 * ```ts
 * type Infer = FallbackMethod<OipTarget['infer']>; // (model, request, options?) => Promise<WithSource<InferenceResponse>>
 * ```
 */
export type FallbackMethod<F> = F extends (...args: infer A) => infer R
  ? ((...args: A) => R) extends F
    ? WrappedSignature<A, R>
    : F extends {
          (...args: infer A1): infer R1;
          (...args: infer A2): infer R2;
          (...args: infer A3): infer R3;
          (...args: infer A4): infer R4;
        }
      ? ((...args: A1) => R1) & ((...args: A2) => R2) & ((...args: A3) => R3) & ((...args: A4) => R4) extends F
        ? WrappedSignature<A1, R1> & WrappedSignature<A2, R2> & WrappedSignature<A3, R3> & WrappedSignature<A4, R4>
        : F
      : F
  : F;

/**
 * The wrapped interface: every method of `T` returns a promise of its result {@link WithSource | with its source}
 * (a synchronous method too: the wrapper is asynchronous, as failing over may be); overloads are
 * kept (up to 4 per method); a generic method keeps its own signature, so its calls are typed
 * exactly but its result type does not list `source` / `sourceName` (they are there at run time).
 * Nested groups of methods (e.g. `models`, `deployments`) are wrapped the same way. It is assignable
 * to `T` when every method of `T` returns a promise.
 *
 * @example
 * ```ts
 * const target: FallbackTarget<OipTarget> = withFallback<OipTarget>(remote, local);
 * const asTarget: OipTarget = target;
 * ```
 */
export type FallbackTarget<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? FallbackMethod<T[K]> : T[K] extends Client ? T[K] : T[K] extends object ? FallbackTarget<T[K]> : T[K];
};

/**
 * Reported for every call the fallback answered.
 *
 * @example
 * ```ts
 * const onFallback = (e: FallbackEvent) => console.warn(`${e.method} -> fallback (${e.reason})`, e.error);
 * ```
 */
export interface FallbackEvent {
  /** Method path, e.g. `infer` or `models.get`. */
  method: string;
  /** `error`: the primary failed with a failover error; `circuit-open`: the primary was not called. */
  reason: 'error' | 'circuit-open';
  /** The primary's error (reason `error`). */
  error?: unknown;
}

/**
 * Options of {@link withFallback}.
 *
 * @example
 * ```ts
 * const policy: FallbackPolicy = {
 *   primaryName: 'triton', fallbackName: 'onnx',
 *   breaker: { failureThreshold: 3, cooldownMs: 10_000, onStateChange: (c) => console.log(c) },
 * };
 * ```
 */
export interface FallbackPolicy {
  /** A breaker instance (share one per endpoint) or options for a new one. Default: `createCircuitBreaker()`. */
  breaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
  /** Default `'remote'`. */
  primarySource?: ResultSource | undefined;
  /** Default `'local'`. */
  fallbackSource?: ResultSource | undefined;
  /** Default `'primary'`. */
  primaryName?: string | undefined;
  /** Default `'fallback'`. */
  fallbackName?: string | undefined;
  /** Which primary errors fail over. Default {@link isFailoverError}. */
  shouldFallback?: ((error: unknown) => boolean) | undefined;
  /** Called whenever the fallback answers (or is asked to). Exceptions thrown by it, and a rejection of a promise it returns, are ignored. */
  onFallback?: ((event: FallbackEvent) => void) | undefined;
}

/**
 * True for errors that say the primary is unavailable rather than that the request is wrong:
 * {@link ConnectionError}, {@link TimeoutError}, {@link RateLimitError} (429), {@link InternalServerError}
 * (5xx), an {@link APIError} with status 408, and {@link CircuitOpenError}. Never for other 4xx,
 * `InvalidRequestError`, `ResponseValidationError` or `AbortError`.
 *
 * @example
 * ```ts
 * isFailoverError(new TimeoutError('deadline', { timeoutMs: 1000 })); // true
 * ```
 */
export function isFailoverError(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof TimeoutError || error instanceof CircuitOpenError) return true;
  if (error instanceof RateLimitError || error instanceof InternalServerError) return true;
  if (error instanceof APIError) return error.status === 408 || error.status === 429 || error.status >= 500;
  return false;
}

interface Ctx {
  breaker: CircuitBreaker;
  shouldFallback: (error: unknown) => boolean;
  onFallback: ((event: FallbackEvent) => void) | undefined;
  primary: SourceInfo;
  fallback: SourceInfo;
}

type AnyFn = (...args: unknown[]) => unknown;

function isBreaker(b: unknown): b is CircuitBreaker {
  return typeof (b as CircuitBreaker | undefined)?.tryAcquire === 'function';
}

const isPlainObject = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function proxied<T extends object>(value: T, info: SourceInfo, iterator?: AsyncIterator<unknown>): T {
  return new Proxy(value, {
    get(target, key) {
      if (key === 'source') return info.source;
      if (key === 'sourceName') return info.sourceName;
      // one replaying iterator, whether it is read with for await, next() or both
      if (iterator && key === Symbol.asyncIterator) return () => iterator;
      if (iterator && (key === 'next' || key === 'return' || key === 'throw')) return iterator[key]!.bind(iterator);
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== 'function') return v;
      // a frozen own property must be returned as it is (a proxy may not report another value for it)
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      return own && !own.configurable && !own.writable ? v : (v as AnyFn).bind(target);
    },
    has(target, key) {
      return key === 'source' || key === 'sourceName' || Reflect.has(target, key);
    },
  });
}

/** A new typed array or DataView over the same bytes (no copy), or a copy of an ArrayBuffer; `undefined` for anything else. */
function bytesCopy(value: object): object | undefined {
  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return new DataView(value.buffer, value.byteOffset, value.byteLength);
    return (value as unknown as { subarray(): object }).subarray();
  }
  if (value instanceof ArrayBuffer) return value.slice(0);
  return undefined;
}

/** Adds the source to a result without mutating it. */
function tag(value: unknown, info: SourceInfo, iterator?: AsyncIterator<unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (iterator) return proxied(value, info, iterator);
  // arrays and bytes: a new object with the fields non-enumerable; a proxy of a typed array or an
  // ArrayBuffer is no ArrayBufferView / buffer to Blob, TextDecoder, fs, structuredClone or crypto
  const copy = Array.isArray(value) ? value.slice() : bytesCopy(value);
  if (copy) {
    Object.defineProperty(copy, 'source', { value: info.source });
    Object.defineProperty(copy, 'sourceName', { value: info.sourceName });
    return copy;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null) return { ...(value as object), source: info.source, sourceName: info.sourceName };
  return proxied(value, info);
}

/** Pulls the first item of a plain async iterable so a failure before it can still fail over. */
async function prime(value: AsyncIterable<unknown>): Promise<AsyncIterator<unknown>> {
  const it = value[Symbol.asyncIterator]();
  let pending: IteratorResult<unknown> | undefined = await it.next();
  return {
    next: () => {
      if (pending) {
        const r = pending;
        pending = undefined;
        return Promise.resolve(r);
      }
      return it.next();
    },
    return: (v?: unknown) => (it.return ? it.return(v) : Promise.resolve({ done: true, value: v })),
    throw: (e?: unknown) => (it.throw ? it.throw(e) : Promise.reject(e)),
  };
}

function notify(ctx: Ctx, event: FallbackEvent): void {
  if (!ctx.onFallback) return;
  try {
    // an async hook's rejection is ignored too (left alone it would be an unhandled rejection)
    const r = ctx.onFallback(event) as unknown;
    if (isThenable(r)) r.then(undefined, () => undefined);
  } catch {
    // observers must not break the call
  }
}

/** Reads the first chunk of a web stream (so a failure before it can fail over) and hands out a new, unlocked stream that starts with it. */
async function primeReadable(rs: ReadableStream<unknown>): Promise<ReadableStream<unknown>> {
  const reader = rs.getReader();
  const first = await reader.read();
  return new ReadableStream<unknown>(
    {
      start: (c) => (first.done ? c.close() : c.enqueue(first.value)),
      pull: async (c) => {
        const r = await reader.read();
        if (r.done) c.close();
        else c.enqueue(r.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

async function settle(value: unknown, info: SourceInfo): Promise<unknown> {
  const v = isThenable(value) ? await value : value;
  if (v instanceof ReadableStream) return tag(await primeReadable(v), info);
  if (isAsyncIterable(v) && !primedStreams.has(v)) {
    const replay = await prime(v);
    // a lazy core Stream (Stream.fromIterable) becomes a Stream again, so forEach, tee and toReadableStream see the first item
    return v instanceof Stream ? tag(Stream.fromIterable({ [Symbol.asyncIterator]: () => replay }), info) : tag(v, info, replay);
  }
  return tag(v, info);
}

/**
 * Whether a call's outcome speaks for the circuit: only the probe does while it is half-open (a call
 * that began while it was closed and ends during the probe neither closes nor reopens it).
 */
const counts = (breaker: CircuitBreaker, probe: boolean): boolean => probe || breaker.state !== 'half-open';

/**
 * Whether the caller's own signal (an argument's `signal`, as in every modelwire options object) has
 * aborted: the primary's error is then the caller's abort (the core reports `AbortSignal.timeout` as a
 * TimeoutError), the fallback would get the same aborted signal, and the endpoint's health is unknown.
 */
function callerAborted(args: readonly unknown[]): boolean {
  for (const a of args) {
    const signal = a !== null && typeof a === 'object' ? (a as { signal?: unknown }).signal : undefined;
    if (typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal && signal.aborted) return true;
  }
  return false;
}

function wrapMethod(method: string, p: object, pf: AnyFn, f: object | undefined, ff: AnyFn | undefined, ctx: Ctx): AnyFn {
  const { breaker } = ctx;
  // async: a fallback method that throws synchronously still gives a rejected promise
  const useFallback = async (args: unknown[]): Promise<unknown> => settle(ff!.apply(f, args), ctx.fallback);
  return (...args: unknown[]) => {
    if (!breaker.tryAcquire()) {
      if (!ff) {
        const at = breaker.retryAtMs ?? 0;
        return Promise.reject(new CircuitOpenError(`circuit for ${ctx.primary.sourceName} is open and the fallback has no ${method}(); a probe is allowed at ${at} ms`, { retryAtMs: at, operation: method }));
      }
      notify(ctx, { method, reason: 'circuit-open' });
      return useFallback(args);
    }
    const probe = breaker.state === 'half-open';
    return (async () => {
      let value: unknown;
      try {
        value = await settle(pf.apply(p, args), ctx.primary);
      } catch (error) {
        if (callerAborted(args)) {
          if (probe) breaker.releaseProbe();
          throw error;
        }
        let failover: boolean;
        try {
          failover = ctx.shouldFallback(error);
        } catch (classifierError) {
          // the outcome is unknown: a probe's slot must not stay taken for ever
          if (probe) breaker.releaseProbe();
          throw classifierError;
        }
        if (!failover) {
          // an abort, or a request refused before sending, says nothing about the endpoint
          if (error instanceof AbortError || error instanceof InvalidRequestError) {
            if (probe) breaker.releaseProbe();
          } else if (counts(breaker, probe)) breaker.recordSuccess(); // the endpoint answered; the request itself was at fault
          throw error;
        }
        if (counts(breaker, probe)) breaker.recordFailure();
        if (!ff) throw error;
        notify(ctx, { method, reason: 'error', error });
        return useFallback(args);
      }
      if (counts(breaker, probe)) breaker.recordSuccess();
      return value;
    })();
  };
}

/** Own and inherited keys (class methods included, symbols such as `Symbol.asyncDispose` too). */
function methodKeys(obj: object): PropertyKey[] {
  const keys = new Set<PropertyKey>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Reflect.ownKeys(o)) if (k !== 'constructor') keys.add(k);
  }
  return [...keys];
}

function build(p: object, f: object | undefined, prefix: string, ctx: Ctx, depth: number): Record<PropertyKey, unknown> {
  const out: Record<PropertyKey, unknown> = {};
  for (const key of methodKeys(p)) {
    const pv = (p as Record<PropertyKey, unknown>)[key];
    const fv = f ? (f as Record<PropertyKey, unknown>)[key] : undefined;
    const name = prefix + (typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : String(key));
    if (typeof pv === 'function') {
      out[key] = wrapMethod(name, p, pv as AnyFn, f, typeof fv === 'function' ? (fv as AnyFn) : undefined, ctx);
    } else if (depth < 3 && isPlainObject(pv) && !isClient(pv) && fv !== null && typeof fv === 'object' && pv !== p) {
      // a group of methods (`models`, `deployments`); any other object (a typed array, a Date, a
      // core client such as `openai.client`, which operations take as it is) is read from the primary
      out[key] = build(pv, fv, `${name}.`, ctx, depth + 1);
    } else {
      Object.defineProperty(out, key, { get: () => (p as Record<PropertyKey, unknown>)[key], enumerable: true });
    }
  }
  return out;
}

/**
 * Wraps two objects with the same methods (e.g. a remote OIP client and the local ONNX runtime)
 * into one. Each async method calls the primary; on a failover error ({@link isFailoverError}, after
 * the primary's own retries) it calls the fallback with the same arguments. The circuit breaker
 * counts the primary's failures; while it is open every call goes straight to the fallback, with no
 * I/O to the primary, until one half-open probe succeeds. Errors the request caused (other 4xx,
 * `InvalidRequestError`, `ResponseValidationError`, `AbortError`), and any error once the caller's own
 * `signal` (an argument's `signal`) has aborted, are thrown, never failed over.
 * Every object result carries `source` / `sourceName` ({@link SourceInfo}). Methods that return an
 * async iterable fail over only before its first item. A `primary` or `fallback` that is no object,
 * and a `policy` option of the wrong kind or unknown name, are refused with `InvalidRequestError`
 * (`path` = the argument or option).
 *
 * @example
 * ```ts
 * import { withFallback } from 'modelwire';
 * import { createOipClient, type OipTarget } from 'modelwire/oip';
 * import { createOnnxRuntime } from 'modelwire/onnx';
 *
 * const remote = createOipClient({ baseURL: 'http://127.0.0.1:8000' });
 * const local = createOnnxRuntime({ modelRepository: './models' });
 * const target = withFallback<OipTarget>(remote, local, {
 *   primaryName: 'triton', fallbackName: 'onnx',
 *   breaker: { failureThreshold: 3, cooldownMs: 10_000, onStateChange: (c) => console.log(c.from, '->', c.to) },
 * });
 * const res = await target.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
 * console.log(res.source, res.sourceName, res.outputs[0]?.data);
 * ```
 */
export function withFallback<T extends object>(primary: T, fallback: T, policy: FallbackPolicy = {}): FallbackTarget<T> {
  for (const [path, value] of [['primary', primary], ['fallback', fallback]] as const) {
    // an array or a class instance is an object with methods too: only what has no properties is refused
    if (value === null || typeof value !== 'object') checkType('withFallback', path, value, 'object', true);
  }
  // what would fail the first call that fails over (`shouldFallback`), be ignored (`onFallback`), or mislabel every result
  checkOptions('withFallback', policy, 'breaker:object primarySource fallbackSource primaryName:string fallbackName:string shouldFallback:function onFallback:function');
  for (const source of ['primarySource', 'fallbackSource'] as const) {
    if (![undefined, 'remote', 'local'].includes(policy[source])) throw new InvalidRequestError(`withFallback: ${source} must be 'remote' or 'local'`, { operation: 'withFallback', path: source });
  }
  const ctx: Ctx = {
    breaker: isBreaker(policy.breaker) ? policy.breaker : createCircuitBreaker(policy.breaker),
    shouldFallback: policy.shouldFallback ?? isFailoverError,
    onFallback: policy.onFallback,
    primary: Object.freeze({ source: policy.primarySource ?? 'remote', sourceName: policy.primaryName ?? 'primary' }),
    fallback: Object.freeze({ source: policy.fallbackSource ?? 'local', sourceName: policy.fallbackName ?? 'fallback' }),
  };
  return build(primary, fallback, '', ctx, 0) as FallbackTarget<T>;
}
