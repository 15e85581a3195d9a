/**
 * Polling with backoff, server hints, one deadline and abort.
 * @module
 */
import { checkNumber, checkOptions, checkType, isThenable } from './check.js';
import { abortReason, createCallContext, untilAborted } from './deadline.js';
import { InvalidRequestError, refused } from './errors.js';
import { sleep } from './sleep.js';

/**
 * What to poll and when to stop.
 *
 * @example
 * ```ts
 * const opts: PollOptions<Prediction> = { fetch: (signal) => get(id, { signal }), done: (p) => p.status === 'succeeded' };
 * ```
 */
export interface PollOptions<T> {
  /** One poll; pass the signal on to the request (one that ignores it is raced against the deadline and the abort, and left running). */
  fetch: (signal: AbortSignal) => Promise<T>;
  /** True when polling can stop. */
  done: (value: T) => boolean;
  /** The server's hint for the next wait (e.g. from `Retry-After`), raised to `initialDelayMs` and bounded by `maxDelayMs`; a negative hint is ignored. */
  hintMs?: ((value: T) => number | undefined) | undefined;
  /** First wait (default 250 ms): a number from 1 (a wait of 0 would stay 0) to 2^31 − 1 (a longer timer would fire at once). */
  initialDelayMs?: number | undefined;
  /** Longest wait (default 5000 ms): a number from 1 to 2^31 − 1. */
  maxDelayMs?: number | undefined;
  /** Growth of the wait per poll (default 1.5): a finite number ≥ 1 (1 = a constant wait). */
  factor?: number | undefined;
  /** Ends polling at once, including during a wait, with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Deadline of the whole polling in ms (default: none beyond `signal`). */
  timeoutMs?: number | undefined;
  /** Named in errors. */
  operation?: string | undefined;
  /** Called once when polling ends by abort or deadline, with the last value seen (e.g. to cancel remote work). */
  onTimeoutOrAbort?: ((last: T | undefined) => Promise<void>) | undefined;
  /** Longest wait for `onTimeoutOrAbort` before the error is thrown anyway (default 2000 ms, from 0 to 2^31 − 1; the cleanup keeps running). */
  cleanupTimeoutMs?: number | undefined;
}

/**
 * Polls until `done`, waiting longer each time (or as the server hints), within one deadline.
 * Throws {@link TimeoutError} or {@link AbortError}, after calling `onTimeoutOrAbort`.
 * Throws {@link InvalidRequestError} (`path` = the option), before the first poll, for an interval
 * that is not a number in range: `initialDelayMs` and `maxDelayMs` from 1 to 2^31 − 1 (a wait of
 * 0 would stay 0: a tight loop), `cleanupTimeoutMs` from 0, `factor` from 1 (finite), `timeoutMs` ≥ 0;
 * and for a `fetch`, `done`, `hintMs` or `onTimeoutOrAbort` that is not a function, or an option name it does not
 * know (`path: 'options'` for options that are no object);
 * after the first poll, for a `done` that returns a promise (it must return a boolean).
 *
 * @example
 * ```ts
 * const final = await poll({ fetch: (s) => getPrediction(client, id, { signal: s }), done: (p) => isTerminal(p.status), timeoutMs: 120_000 });
 * ```
 */
export async function poll<T>(options: PollOptions<T>): Promise<T> {
  // required (fetch, done): none, null or a string would fail with a bare TypeError reading `operation`
  checkType('poll', 'options', options, 'object', true);
  const operation = options.operation ?? 'poll';
  for (const name of ['fetch', 'done'] as const) checkType(operation, name, options[name], 'function', true);
  // a `hintMs` that is no function would fail the first wait; an `onTimeoutOrAbort`, be skipped in silence
  checkOptions(operation, options, 'fetch done hintMs:function initialDelayMs maxDelayMs factor signal timeoutMs operation onTimeoutOrAbort:function cleanupTimeoutMs');
  // a wait of 0 stays 0 at any factor: a tight loop
  checkNumber(operation, 'initialDelayMs', options.initialDelayMs, 1);
  checkNumber(operation, 'maxDelayMs', options.maxDelayMs, 1);
  checkNumber(operation, 'factor', options.factor, 1, Number.MAX_VALUE);
  checkNumber(operation, 'cleanupTimeoutMs', options.cleanupTimeoutMs);
  const { done } = options;
  return pollLoop({
    ...options,
    // an async `done` (plain JavaScript: the type says boolean) would end polling at the first
    // value, its promise read as true
    done: (value) => {
      const d = done(value);
      if (isThenable(d)) throw refused(operation, 'done', 'returned a promise: it must return a boolean (a promise reads as true and would end polling at once)');
      return d;
    },
  });
}

/**
 * @internal {@link poll} without its checks of the options, for callers that checked them already
 * (`waitForPrediction`): a bundle that polls only through them carries none of the checks.
 */
export async function pollLoop<T>(options: PollOptions<T>): Promise<T> {
  const operation = options.operation ?? 'poll';
  const ctx = createCallContext(options.timeoutMs ?? Infinity, options.signal, operation);
  const factor = options.factor ?? 1.5;
  const maxDelay = options.maxDelayMs ?? 5000;
  const first = options.initialDelayMs ?? 250;
  let delay = first;
  let last: T | undefined;
  try {
    for (;;) {
      // a signal aborted before the first poll (or a deadline of 0) ends polling before any poll
      if (ctx.aborted) throw abortReason(ctx.signal, operation);
      // raced against the polling's end: a fetch that does not pass the signal on (and hangs)
      // cannot hold polling past its deadline or an abort; its late outcome is dropped
      last = await untilAborted(Promise.resolve(options.fetch(ctx.signal)), ctx.signal, () => {
        throw abortReason(ctx.signal, operation);
      });
      if (options.done(last)) return last;
      const hint = options.hintMs?.(last);
      // a hint is raised to initialDelayMs: a server sending `Retry-After: 0` on every poll gets no tight loop
      const wait = Math.min(maxDelay, hint !== undefined && hint >= 0 ? Math.max(hint, first) : delay);
      delay = Math.min(maxDelay, delay * factor);
      // not cut to the time left: the deadline's own timer ends a wait that reaches it (a wait cut to
      // `remaining()`, a wall-clock reading, could fire just before that timer and poll at the deadline)
      await sleep(wait, ctx.signal);
    }
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
    const reason = abortReason(ctx.signal, operation);
    if (options.onTimeoutOrAbort) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.cleanupTimeoutMs ?? 2000)));
      // inside the chain: a cleanup that throws at once is swallowed like one that rejects
      const cleanup = Promise.resolve()
        .then(() => options.onTimeoutOrAbort!(last))
        .catch(() => undefined);
      await Promise.race([cleanup, grace]);
      clearTimeout(timer);
    }
    throw reason;
  } finally {
    ctx.dispose();
  }
}
