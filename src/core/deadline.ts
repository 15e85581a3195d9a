/**
 * One deadline per call: a single AbortSignal that fires when the caller aborts or `timeoutMs`
 * passes. One listener on the caller's signal, removed when the call settles.
 * @module
 */
import { checkNumber, MAX_TIMER_MS } from './check.js';
import { AbortError, ModelwireError, refused, TimeoutError } from './errors.js';

/** The deadline and cancellation state of one call. */
export interface CallContext {
  /**
   * Aborts with a {@link TimeoutError} or {@link AbortError} as its reason. Made on first access:
   * a fresh AbortSignal per call is costly in Node 20 (`npm run bench -- micro`), so hot paths check
   * `aborted` instead.
   */
  readonly signal: AbortSignal;
  /** True once the call was aborted or its deadline passed (does not create the signal). */
  readonly aborted: boolean;
  /** The deadline, as `Date.now()` milliseconds. */
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  /** Milliseconds left (never below 0). */
  remaining(): number;
  /** Removes the listener and the timer. Safe to call more than once. */
  dispose(): void;
  /**
   * Calls `callback` when `signal` aborts, without adding an event listener to it (listeners on a
   * fresh AbortSignal cost microseconds per call). Returns the unsubscribe function.
   */
  onAbort(callback: () => void): () => void;
  /**
   * The error the call should surface for something thrown inside it: a modelwire error as it is;
   * anything else thrown after the call was aborted becomes the abort reason (TimeoutError or AbortError).
   */
  errorFor(error: unknown): unknown;
  /**
   * Ends the call now with `reason`, as its deadline or the caller's signal would (a limit of its
   * own, e.g. a stream's first-event timeout): stops the timer and the watch, then tells the signal
   * and the subscribers. Does nothing once the call was aborted.
   */
  abort(reason: ModelwireError): void;
}

/**
 * Turns whatever a signal aborted with into a modelwire error: a modelwire error as it is, a reason
 * named `TimeoutError` (`AbortSignal.timeout`) a {@link TimeoutError} without `timeoutMs`, anything
 * else an {@link AbortError}.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortReason(signal);
 * ```
 */
export function abortReason(signal: AbortSignal, operation?: string): ModelwireError {
  const reason: unknown = signal.reason;
  if (reason instanceof ModelwireError) return reason;
  if ((reason as { name?: string } | null)?.name === 'TimeoutError') {
    // the caller's own timeout (AbortSignal.timeout): its limit is not known here, so timeoutMs is undefined
    return new TimeoutError(`${operation ?? 'The operation'} timed out`, { cause: reason, operation, timeoutMs: undefined });
  }
  return new AbortError(`${operation ?? 'The operation'} was aborted`, { cause: reason, operation });
}

// (defined beside checkNumber, whose default maximum it is: check.ts imports nothing of this module)
export { MAX_TIMER_MS };

/** A signal's watch: its callbacks, and the one listener that runs them. */
type Watch = readonly [callbacks: Set<() => void>, listener: () => void];

/** One abort listener per caller signal, shared by every call in flight on it. */
const watches = new WeakMap<AbortSignal, Watch>();

/**
 * Runs `callback` when `signal` aborts. However many calls watch one signal at once, the signal
 * carries a single listener, removed when the last watcher stops watching.
 * Returns the function that stops watching.
 *
 * @example
 * ```ts
 * const stop = onAbort(signal, () => controller.abort());
 * try { await work(); } finally { stop(); }
 * ```
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let watch = watches.get(signal);
  if (!watch) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      watches.delete(signal);
      // (the set is not cleared: a watcher that stops after this finds its watch gone and does nothing)
      for (const cb of callbacks) cb();
    };
    watches.set(signal, (watch = [callbacks, listener]));
    signal.addEventListener('abort', listener, { once: true });
  }
  const w = watch;
  const callbacks = w[0];
  callbacks.add(callback);
  return () => {
    if (!callbacks.delete(callback) || callbacks.size > 0) return;
    if (watches.get(signal) === w) {
      watches.delete(signal);
      signal.removeEventListener('abort', w[1]);
    }
  };
}

/**
 * `work`'s outcome, or what `aborted` gives (or throws) once `signal` aborts first; the work goes
 * on either way, and the abort subscription ends when this settles (internal to operations that
 * wait for something they cannot cancel: a Replicate cancel, a caller's callback, an ONNX session
 * being created).
 *
 * @example
 * ```ts
 * const session = await untilAborted(creating, signal, () => { throw new AbortError(); });
 * ```
 */
export function untilAborted<T>(work: PromiseLike<T>, signal: AbortSignal | undefined, aborted: () => T): Promise<T> {
  let stop: (() => void) | undefined;
  return new Promise<T>((resolve, reject) => {
    // first, so a failure of `work` after the end (or before it: a signal that aborted while
    // `work` was made) is handled, never an unhandled rejection; once `end` has run it changes nothing
    work.then(resolve, reject);
    // an executor that throws rejects its promise: an `aborted` that throws rejects this one
    const end = (): void => resolve(new Promise<T>((give) => give(aborted())));
    if (signal?.aborted) return end();
    if (signal) stop = onAbort(signal, end);
  }).finally(() => stop?.());
}

class Call implements CallContext {
  #controller: AbortController | undefined;
  #reason: ModelwireError | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unwatch: (() => void) | undefined;
  #subscribers: Set<() => void> | undefined;
  // assigned in the constructor (read-only to the call through CallContext): a field declared
  // with a value, or a parameter property, would also be defined before it
  declare deadlineAt: number;
  declare timeoutMs: number;

  constructor(timeoutMs: number, userSignal: AbortSignal | undefined, operation: string) {
    this.timeoutMs = timeoutMs;
    this.deadlineAt = Date.now() + timeoutMs;
    if (userSignal) {
      const stop = (): void => this.abort(abortReason(userSignal, operation));
      // a signal aborted already ends the call before it starts: no timer, no watch
      if (userSignal.aborted) {
        stop();
        return;
      }
      this.#unwatch = onAbort(userSignal, stop);
    }
    // a deadline beyond one timer's reach is none: such a timer would fire at once
    if (timeoutMs <= MAX_TIMER_MS) {
      const expire = (): void => this.abort(new TimeoutError(`${operation} did not finish within ${timeoutMs} ms`, { operation, timeoutMs }));
      // a deadline of 0 has passed already: nothing is sent or polled (a timer would let it start)
      if (timeoutMs === 0) expire();
      else this.#timer = setTimeout(expire, timeoutMs);
    }
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return !!this.#reason;
  }

  remaining(): number {
    return Math.max(0, this.deadlineAt - Date.now());
  }

  dispose(): void {
    // both are safe to repeat: a cleared timer is cleared again, and a watch already stopped stops no other
    clearTimeout(this.#timer);
    this.#unwatch?.();
  }

  onAbort(callback: () => void): () => void {
    if (this.#reason) {
      callback();
      return noop;
    }
    const subscribers = (this.#subscribers ??= new Set());
    subscribers.add(callback);
    return () => void subscribers.delete(callback);
  }

  errorFor(error: unknown): unknown {
    return error instanceof ModelwireError ? error : (this.#reason ?? error);
  }

  abort(reason: ModelwireError): void {
    if (this.#reason) return;
    this.dispose();
    this.#reason = reason;
    this.#controller?.abort(reason);
    const subscribers = this.#subscribers;
    this.#subscribers = undefined;
    if (subscribers) for (const cb of subscribers) cb();
  }
}

/** @internal Does nothing (one function for every no-op callback and ignored rejection of the core). */
export const noop = (): void => undefined;

/**
 * The error that ends a call made of nested calls that run on its deadline (each given its signal
 * and `timeoutMs: ctx.remaining()`): their timers and the call's own are set for the same instant,
 * and whichever fires first, the time that ran out is the call's. So a TimeoutError of another
 * operation becomes the call's own (the nested one as its `cause`); anything else goes through
 * {@link CallContext.errorFor}.
 *
 * @example
 * ```ts
 * try { await waitUntilReady(client, model, { signal: ctx.signal, timeoutMs: ctx.remaining() }); }
 * catch (err) { throw compositeErrorFor(ctx, err, 'oip.deployments.load'); }
 * ```
 */
export function compositeErrorFor(ctx: CallContext, error: unknown, operation: string): unknown {
  return error instanceof TimeoutError && error.operation !== operation ? new TimeoutError(`${operation} did not finish within ${ctx.timeoutMs} ms`, { operation, timeoutMs: ctx.timeoutMs, cause: error }) : ctx.errorFor(error);
}

/**
 * Starts the clock for one call.
 *
 * @example
 * ```ts
 * const ctx = createCallContext(5000, userSignal, 'oip.infer');
 * try { await transport({ ...req, signal: ctx.signal }); } finally { ctx.dispose(); }
 * ```
 */
export function createCallContext(timeoutMs: number, userSignal: AbortSignal | undefined, operation: string): CallContext {
  // a string or `true` would pass `>= 0`; an absent one (a client made by hand) is refused too
  checkNumber(operation, 'timeoutMs', timeoutMs ?? null, 0, Infinity);
  if (userSignal != null && typeof userSignal.addEventListener !== 'function') {
    throw refused(operation, 'signal', 'must be an AbortSignal');
  }
  return new Call(timeoutMs, userSignal, operation);
}
