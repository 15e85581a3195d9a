/**
 * `withFallback(primary, ...fallbacks, policy)`: one object with the same methods as its inputs that
 * calls the primary (typically a remote platform) and, when it is unreachable, each fallback in turn
 * (typically another platform, then the local ONNX runtime). A circuit breaker per source (all but
 * the last, unless it is given one) keeps a dead platform from costing every call its full retry
 * budget: while open, calls skip it without touching the network.
 * Web-standard: no Node APIs.
 * @module
 */
import { isPlainObject, isThenable } from './check.js';
import { isClient, type Client } from './client.js';
import { breakerProbes, breakerRounds, type CircuitBreaker } from './circuit-breaker.js';
import { resolveSources, splitArguments, type FallbackPolicy, type Source } from './fallback-policy.js';
import { AbortError, APIError, CircuitOpenError, ConnectionError, InternalServerError, InvalidRequestError, isModelwireError, RateLimitError, TimeoutError, type ModelwireError } from './errors.js';
import { Stream, streams } from './stream.js';

/** Which kind of source answered a call. @example `const res = await withFallback<OipTarget>(remote, local).infer('mlp', request); if (res.source === 'local') metrics.localAnswers++;` */
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
  /** The kind of the source that answered, as configured (`primarySource`, `fallbackSource`, `fallbacks[i].source`; by default `remote` for the primary and every fallback but the last, which is `local`). */
  readonly source: ResultSource;
  /** The configured name of the source (`primaryName`, `fallbackName` or `fallbacks[i].name`). */
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
  [K in keyof T]: FallbackMember<T[K]>;
};

/**
 * One member of {@link FallbackTarget}: a method wrapped, a group of methods mapped, a core client
 * and anything else as it is. It distributes over a union, so an optional method or group
 * (`embed?(…)`, `models?: {…}`) is wrapped like a required one, `| undefined` kept.
 *
 * @example
 * ```ts
 * type Embed = FallbackMember<((text: string) => Promise<Embedding>) | undefined>; // ((text) => Promise<WithSource<Embedding>>) | undefined
 * ```
 */
export type FallbackMember<V> = V extends (...args: never[]) => unknown ? FallbackMethod<V> : V extends Client ? V : V extends object ? FallbackTarget<V> : V;

/**
 * Reported to `onFallback` each time a call leaves a source behind (it failed with a failover error,
 * or its circuit was open), just before the next source is asked, whether or not that one answers.
 * A call that then fails anyway throws a modelwire error whose `fallbackEvents` lists them.
 *
 * @example
 * ```ts
 * const onFallback = (e: FallbackEvent) => console.warn(`${e.method} -> fallback (${e.reason})`, e.error);
 * ```
 */
export interface FallbackEvent {
  /** Method path, e.g. `infer` or `models.get`. */
  method: string;
  /** `error`: the source `from` failed with a failover error; `circuit-open`: its circuit was open, so it was not called. */
  reason: 'error' | 'circuit-open';
  /** The error of the source `from` (reason `error`). */
  error?: unknown;
  /** The `sourceName` of the source that failed or was skipped (the primary's, unless a fallback failed too). */
  from: string;
  /** The `sourceName` of the source asked next. */
  to: string;
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
  shouldFallback: (error: unknown) => boolean;
  onFallback: ((event: FallbackEvent) => void) | undefined;
  /** The primary, then each fallback in order. */
  sources: readonly Source[];
}

type AnyFn = (...args: unknown[]) => unknown;

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
  if (isPlainObject(value)) return { ...value, source: info.source, sourceName: info.sourceName };
  return proxied(value, info);
}

/** Pulls the first item of an async iterable with only the protocol's methods ({@link onlyIterates}) so a failure before it can still fail over. */
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

function notify(ctx: Ctx, event: FallbackEvent, events: FallbackEvent[]): void {
  events.push(event);
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

/** The async-iterator protocol's methods (`Symbol.asyncDispose` where the runtime has it): what the replaying proxy hands out. */
const PROTOCOL: readonly unknown[] = ['next', 'return', 'throw', Symbol.asyncIterator, (Symbol as { asyncDispose?: symbol }).asyncDispose];

/**
 * Whether every method of `v` (own or inherited) is one of the protocol's (an async generator, a
 * plain `{ [Symbol.asyncIterator]() {…} }`): only then can reading ahead lose nothing. A method of
 * its own (a class's `text()` reading `this`, a Node Readable's `on('data')`) would read past the
 * replayed first item.
 */
function onlyIterates(v: object): boolean {
  for (let o: object | null = v; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, k)!;
      if ((d.get || d.set || typeof d.value === 'function') && k !== 'constructor' && !PROTOCOL.includes(k)) return false;
    }
  }
  return true;
}

async function settle(value: unknown, info: SourceInfo): Promise<unknown> {
  const v = isThenable(value) ? await value : value;
  if (v instanceof ReadableStream) return tag(await primeReadable(v), info);
  // (undefined for anything but a Stream, of this copy of modelwire or another)
  const primed = streams.get(v as object);
  if (primed === false || (primed === undefined && isAsyncIterable(v) && onlyIterates(v))) {
    const replay = await prime(v as AsyncIterable<unknown>);
    // a lazy Stream (Stream.fromIterable, a tee() side, any copy's) becomes a Stream of this copy
    // again, so forEach, tee and toReadableStream see the first item (they read the Stream itself)
    return primed === false ? tag(Stream.fromIterable({ [Symbol.asyncIterator]: () => replay }), info) : tag(v, info, replay);
  }
  return tag(v, info);
}

/** The round of a breaker made by `createCircuitBreaker` (how many times it has opened or been reset); `undefined` for one of your own. */
const roundOf = (breaker: CircuitBreaker): number | undefined => breakerRounds.get(breaker)?.();

/**
 * Whether a call is its breaker's half-open probe: `false` if not; else which probe of a breaker
 * made by `createCircuitBreaker` (its number), `true` for a breaker of your own.
 */
type Probe = number | boolean;

/** The probe a call that {@link CircuitBreaker.tryAcquire} let through is, if any ({@link Probe}). */
const probeOf = (breaker: CircuitBreaker): Probe => breaker.state === 'half-open' && (breakerProbes.get(breaker)?.latest ?? true);

/**
 * Whether a call's outcome speaks for the circuit: not once the circuit has opened or been reset
 * since the call began (`round`: it speaks for the endpoint as it was, say a request that hung
 * through an outage and fails after a probe found the endpoint back), and only the probe does
 * while it is half-open (a call that began while it was closed and ends during the probe neither
 * closes nor reopens it).
 */
const counts = (breaker: CircuitBreaker, probe: Probe, round: number | undefined): boolean =>
  roundOf(breaker) === round && (probe !== false || breaker.state !== 'half-open');

/**
 * Frees the probe slot this call holds: not one a later round's probe holds, nor one a new probe
 * holds since this one outlived its cool-down (that one would otherwise have a second probe beside it).
 */
function release(breaker: CircuitBreaker, probe: Probe, round: number | undefined): void {
  if (probe !== false && roundOf(breaker) === round && (probe === true || breakerProbes.get(breaker)?.latest === probe)) breaker.releaseProbe();
}

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

/** Why the call moved past a source: reported to `onFallback` once the source asked next is known. */
type Skip = Pick<FallbackEvent, 'reason' | 'error' | 'from'>;

/**
 * What a source's failover error means for its breaker and for the call: `true` moves on to the next
 * source; otherwise the error is thrown. Errors the request caused tell the breaker that the
 * endpoint answered; an abort, or a request refused before sending, says nothing about the endpoint.
 */
function failsOver(error: unknown, args: readonly unknown[], breaker: CircuitBreaker, probe: Probe, round: number | undefined, ctx: Ctx): boolean {
  if (callerAborted(args)) {
    release(breaker, probe, round);
    return false;
  }
  let failover: boolean;
  try {
    failover = ctx.shouldFallback(error);
    // an async one (plain JavaScript) would read as true: every error, a 4xx too, would fail over
    if (isThenable(failover)) {
      (failover as PromiseLike<unknown>).then(undefined, () => undefined);
      throw new InvalidRequestError('withFallback: shouldFallback returned a promise: it must return a boolean (a promise reads as true, so every error would fail over)', { operation: 'withFallback', path: 'shouldFallback', cause: error });
    }
  } catch (classifierError) {
    // the outcome is unknown: a probe's slot must not stay taken for ever
    release(breaker, probe, round);
    throw classifierError;
  }
  if (!failover) {
    if (error instanceof AbortError || error instanceof InvalidRequestError) {
      release(breaker, probe, round);
    } else if (counts(breaker, probe, round)) breaker.recordSuccess();
    return false;
  }
  if (counts(breaker, probe, round)) breaker.recordFailure();
  return true;
}

/**
 * The error of a call no source could take: every source with the method was skipped, its circuit
 * open or half-open with its one probe in flight. `retryAtMs` is the earliest time one of them lets
 * a call through if nothing else happens: an open circuit's probe, or the lapse of a probe's slot
 * (its start + cooldownMs: a probe holds it for one cool-down at most). A probe may also end before
 * (a success closes its circuit; a failure reopens it, with a later `retryAtMs`). With a breaker of
 * your own in flight no bound is known: 0.
 */
function allOpen(method: string, skipped: readonly Source[]): CircuitOpenError {
  const probing = skipped.filter((s) => s.breaker!.state === 'half-open');
  const open = skipped.filter((s) => !probing.includes(s));
  const circuits = (group: readonly Source[], one: string, many: string): string =>
    `${group.length === 1 ? 'circuit for' : 'circuits for'} ${group.map((s) => s.info.sourceName).join(', ')} ${group.length === 1 ? one : many}`;
  const which = [
    ...(open.length ? [circuits(open, 'is open', 'are open')] : []),
    ...(probing.length ? [circuits(probing, 'is half-open with its probe in flight', 'are half-open with their probes in flight')] : []),
  ].join(' and ');
  const at = Math.min(...open.map((s) => s.breaker!.retryAtMs ?? 0), ...probing.map((s) => breakerProbes.get(s.breaker!)?.lapsesAt ?? 0));
  const when = probing.length
    ? `retry once ${probing.length === 1 ? 'the' : 'a'} probe has ended${at ? ` or at ${at} ms` : ''}`
    : at < Infinity ? `a probe is allowed at ${at} ms` : 'no probe is ever allowed (cooldownMs: Infinity)';
  return new CircuitOpenError(`${which} and no other source has ${method}(); ${when}`, { retryAtMs: at, operation: method });
}

/**
 * One wrapped method: asks each source that has it, in order, until one answers. A source whose
 * circuit is open is skipped without I/O; a failover error moves on to the next source; the last
 * source's outcome, and any other error, is the call's.
 */
function wrapMethod(method: string, objs: readonly (object | undefined)[], fns: readonly (AnyFn | undefined)[], ctx: Ctx): AnyFn {
  return async (...args: unknown[]) => {
    const events: FallbackEvent[] = [];
    try {
      return await ask(method, objs, fns, ctx, args, events);
    } catch (error) {
      throw events.length ? withEvents(error, events) : error;
    }
  };
}

/**
 * The error of a call that left sources behind: an error of a modelwire class is copied (same class, fields and
 * stack: a source may throw one error to several calls, which must not see each other's events) with
 * `fallbackEvents` (a nested withFallback's after these) and a `toJSON()` that lists them through
 * each error's safe view; any other error is thrown as it is.
 */
function withEvents(error: unknown, events: FallbackEvent[]): unknown {
  // only modelwire's own classes (each has its brand, `kind`): a class of yours may keep private fields a copy would lack
  if (!isModelwireError(error) || !Object.hasOwn(error.constructor, 'kind')) return error;
  // a native error (stack, structuredClone, util.types.isNativeError) with the class's prototype
  const copy = Reflect.construct(Error, [], error.constructor) as ModelwireError;
  for (const key of Reflect.ownKeys(error)) Object.defineProperty(copy, key, Reflect.getOwnPropertyDescriptor(error, key)!);
  const all = [...events, ...(error.fallbackEvents ?? [])];
  const safe = (e: unknown): unknown => (isModelwireError(e) ? e.toJSON() : e instanceof Error ? { name: e.name } : typeof e);
  Object.defineProperties(copy, {
    stack: { value: error.stack, writable: true, configurable: true },
    fallbackEvents: { value: all, configurable: true },
    toJSON: {
      value: () => ({ ...(Object.getPrototypeOf(copy) as ModelwireError).toJSON.call(copy), fallbackEvents: all.map((e) => ('error' in e ? { ...e, error: safe(e.error) } : e)) }),
      configurable: true,
    },
  });
  return copy;
}

/** {@link wrapMethod}'s call: each source in turn; every source left behind is reported to `onFallback` and kept in `events`. */
async function ask(method: string, objs: readonly (object | undefined)[], fns: readonly (AnyFn | undefined)[], ctx: Ctx, args: unknown[], events: FallbackEvent[]): Promise<unknown> {
  const { sources } = ctx;
  let skips: Skip[] | undefined;
  let failed: { error: unknown } | undefined;
  let open: Source[] | undefined;
  for (let i = 0; i < sources.length; i++) {
    const fn = fns[i];
    if (!fn) continue;
    const source = sources[i]!;
    const { breaker } = source;
    if (breaker && !breaker.tryAcquire()) {
      (open ??= []).push(source);
      (skips ??= []).push({ reason: 'circuit-open', from: source.info.sourceName });
      continue;
    }
    if (skips) {
      for (const skip of skips) notify(ctx, { method, ...skip, to: source.info.sourceName }, events);
      skips = undefined;
    }
    // a source without a breaker (the last one, unless given one): its outcome is the call's
    if (!breaker) return settle(fn.apply(objs[i], args), source.info);
    const probe = probeOf(breaker);
    const round = roundOf(breaker);
    try {
      const value = await settle(fn.apply(objs[i], args), source.info);
      // a health check's `false` (OIP ready() on KServe's 503 "not ready") vouches for nothing: neutral
      if (value === false) release(breaker, probe, round);
      else if (counts(breaker, probe, round)) breaker.recordSuccess();
      return value;
    } catch (error) {
      if (!failsOver(error, args, breaker, probe, round, ctx)) throw error;
      failed = { error };
      (skips ??= []).push({ reason: 'error', error, from: source.info.sourceName });
    }
  }
  // no later source has the method (or every one left was open): the last failover error, else the open circuits
  if (failed) throw failed.error;
  throw allOpen(method, open ?? []);
}

/** Own and inherited keys (class methods included, symbols such as `Symbol.asyncDispose` too). */
function methodKeys(obj: object): PropertyKey[] {
  const keys = new Set<PropertyKey>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Reflect.ownKeys(o)) if (k !== 'constructor') keys.add(k);
  }
  return [...keys];
}

const isGroup = (v: unknown): v is object => v !== null && typeof v === 'object';

/** The wrapper of `objs` (the primary's object first); `above` holds the primary's objects on the path to it, so a cycle back to one of them is read as it is. */
function build(objs: readonly (object | undefined)[], prefix: string, ctx: Ctx, above: readonly object[]): Record<PropertyKey, unknown> {
  const [p, ...rest] = objs as [object, ...(object | undefined)[]];
  const path = [...above, p];
  const out: Record<PropertyKey, unknown> = {};
  for (const key of methodKeys(p)) {
    const pv = (p as Record<PropertyKey, unknown>)[key];
    const fvs = rest.map((f) => (f ? (f as Record<PropertyKey, unknown>)[key] : undefined));
    const name = prefix + (typeof key === 'symbol' ? `[${key.description ?? 'symbol'}]` : String(key));
    if (typeof pv === 'function') {
      const fns = [pv, ...fvs].map((v) => (typeof v === 'function' ? (v as AnyFn) : undefined));
      out[key] = wrapMethod(name, objs, fns, ctx);
    } else if (isPlainObject(pv) && !isClient(pv) && fvs.some(isGroup) && !path.includes(pv)) {
      // a group of methods (`models`, `deployments`) that some fallback has too; any other object (a
      // typed array, a Date, a core client such as `openai.client`, which operations take as it is)
      // is read from the primary, and so is a group further up this path (a cycle); groups nest to any depth
      out[key] = build([pv, ...fvs.map((v) => (isGroup(v) ? v : undefined))], `${name}.`, ctx, path);
    } else {
      Object.defineProperty(out, key, { get: () => (p as Record<PropertyKey, unknown>)[key], enumerable: true });
    }
  }
  return out;
}

/**
 * Wraps objects with the same methods (e.g. a remote OIP client and the local ONNX runtime, or a
 * platform, a second platform, then the local runtime) into one. Each async method calls the
 * primary; on a failover error ({@link isFailoverError}, after that source's own retries) it calls
 * the next fallback with the same arguments, and so on down the chain; the last fallback's outcome
 * is the call's (a modelwire error then carries the sources left behind as `fallbackEvents`). Every source but the last (and the last one too, when given one) has a circuit
 * breaker that counts its failures; while it is open calls skip that source, with no I/O to it,
 * until one half-open probe succeeds. Errors the
 * request caused (other 4xx, `InvalidRequestError`, `ResponseValidationError`, `AbortError`), and any
 * error once the caller's own `signal` (an argument's `signal`) has aborted, are thrown, never
 * failed over. A `false` result (a health check's "not ready") is neutral for the breaker. Every
 * object result carries `source` / `sourceName` ({@link SourceInfo}). Each source gets the same
 * arguments, so a `timeoutMs` bounds each source's attempt afresh, while your `signal` bounds the
 * whole call (`signal: AbortSignal.timeout(ms)`: one deadline, the fallback gets what is left). Methods
 * that return a modelwire `Stream`, a `ReadableStream` or an async iterable with only the iterator
 * protocol's methods (an async generator) fail over only before its first item; any other async
 * iterable (a class with methods of its own, a Node `Readable`) is not read ahead, and fails over
 * only when the call rejects.
 *
 * With one fallback the policy may be left out; with more, the policy is the last argument (`{}`
 * for the defaults) and `policy.fallbacks` names each fallback. A source that is no object, a policy
 * that is no plain object of options (a fallback passed where it belongs), and an option of the
 * wrong kind or unknown name are refused with `InvalidRequestError` (`path` = the argument or option).
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
 *
 * // a chain: the primary, a second server, then the local runtime
 * const replica = createOipClient({ baseURL: 'http://127.0.0.1:8001' });
 * const chain = withFallback<OipTarget>(remote, replica, local, {
 *   primaryName: 'triton',
 *   fallbacks: [{ name: 'replica', breaker: { failureThreshold: 3 } }, { name: 'onnx' }],
 * });
 * ```
 */
export function withFallback<T extends object>(primary: T, fallback: T, policy?: FallbackPolicy): FallbackTarget<T>;
/**
 * A chain: the primary, then the fallbacks asked in order, then the policy (required: `{}` for the
 * defaults). Fallbacks from a list can be spread before the last one.
 *
 * @example
 * ```ts
 * const target = withFallback<OipTarget>(remote, replica, local, { fallbacks: [{ name: 'replica' }, { name: 'onnx' }] });
 * const fromConfig = withFallback<OipTarget>(remote, ...replicaURLs.map((baseURL) => createOipClient({ baseURL })), local, {});
 * ```
 */
export function withFallback<T extends object>(primary: T, ...fallbacksThenPolicy: [...fallbacks: T[], last: T, policy: FallbackPolicy]): FallbackTarget<T>;
export function withFallback<T extends object>(primary: T, ...rest: unknown[]): FallbackTarget<T> {
  const { fallbacks, policy } = splitArguments(rest);
  const ctx: Ctx = {
    sources: resolveSources(primary, fallbacks, policy),
    shouldFallback: policy.shouldFallback ?? isFailoverError,
    onFallback: policy.onFallback,
  };
  return build([primary, ...(fallbacks as object[])], '', ctx, []) as FallbackTarget<T>;
}
