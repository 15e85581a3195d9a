/**
 * One deadline and the caller's abort for each call of the local runtime. Every operation checks
 * its signal on entry, and every wait inside it (a session being created, the run queue, the run,
 * the model repository, in-flight runs before an unload) ends at once when the signal aborts or
 * `timeoutMs` passes. Nothing already started is interrupted: a session being created is still
 * cached, a native run still finishes (holding its run slot), an unload still releases.
 * @module
 */
import { CALL_OPTIONS, checkNumber, checkOptions } from '../core/check.js';
import { abortReason, MAX_TIMER_MS, onAbort, untilAborted } from '../core/deadline.js';
import { AbortError, refused, TimeoutError, type ModelwireError } from '../core/errors.js';
import type { TargetCallOptions } from '../oip/types.js';

/** The deadline and signal of one local call. */
export interface LocalCall {
  readonly operation: string;
  readonly signal: AbortSignal | undefined;
  /** Whole milliseconds (rounded up), or `undefined` for no deadline. */
  readonly timeoutMs: number | undefined;
  /** `Date.now()` when the deadline passes. */
  readonly deadlineAt: number;
}

/**
 * Starts a call: an option name that is neither the core's `CallOptions` one nor one of `own` (the
 * operation's own names, separated by spaces) is refused ({@link InvalidRequestError}, `path` = the
 * name, as the remote operations refuse it); a `timeoutMs` that is not a number ≥ 0 is refused ({@link InvalidRequestError},
 * `path: 'timeoutMs'`); `Infinity` or more than 2^31 − 1 ms is no deadline, as in the core. A
 * `signal` that is no AbortSignal is refused too (`path: 'signal'`, as in the core; `null` is none). An
 * already-aborted signal throws {@link AbortError}, and a `timeoutMs` of 0 {@link TimeoutError},
 * before anything is done.
 *
 * @example
 * ```ts
 * const call = startCall('onnx.get', { timeoutMs: 5_000 });
 * ```
 */
export function startCall(operation: string, options: TargetCallOptions | undefined, own?: string): LocalCall {
  // the remote client's option names (a fallback chain passes the same options to both sides): a
  // misspelt one (`timeout`) would leave the call without its deadline
  if (options != null) checkOptions(operation, options, `${CALL_OPTIONS} ${own ?? ''}`.trim());
  const ms = options?.timeoutMs;
  checkNumber(operation, 'timeoutMs', ms, 0, Infinity);
  const signal = options?.signal;
  // a plain object or a string would fail the first wait with a bare TypeError, or be ignored
  if (signal != null && typeof signal.addEventListener !== 'function') throw refused(operation, 'signal', 'must be an AbortSignal');
  if (signal?.aborted) throw abortReason(signal, operation);
  const timeoutMs = ms === undefined || ms > MAX_TIMER_MS ? undefined : Math.ceil(ms);
  // a deadline of 0 has passed already, as in the core: nothing is looked up, created or run
  if (timeoutMs === 0) throw new TimeoutError(`${operation} did not finish within 0 ms`, { operation, timeoutMs });
  return { operation, signal, timeoutMs, deadlineAt: timeoutMs === undefined ? Infinity : Date.now() + timeoutMs };
}

/**
 * Waits for `wait(signal)` as long as the call lasts, with `signal` the caller's abort plus the
 * deadline. `wait` runs on regardless; its outcome is dropped once the call ended. A `wait` that
 * stops on the signal itself (`stops`, e.g. a queue it leaves) is not raced, so it never gives
 * something it holds (a run slot) to a call that already ended. The call ends with
 * {@link AbortError} (or what the core makes of the signal's reason) or, past the deadline,
 * {@link TimeoutError} naming `waitingFor`.
 *
 * @example
 * ```ts
 * const handle = await within(call, 'model "mlp"', () => creating);
 * ```
 */
export async function within<T>(call: LocalCall, waitingFor: string, wait: (signal: AbortSignal | undefined) => PromiseLike<T>, stops = false): Promise<T> {
  const { operation, signal: user, timeoutMs } = call;
  if (timeoutMs === undefined && !user) return wait(undefined);
  let signal = user;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unwatch: (() => void) | undefined;
  if (timeoutMs !== undefined) {
    const ac = new AbortController();
    timer = setTimeout(() => ac.abort(), Math.max(0, call.deadlineAt - Date.now()));
    if (user?.aborted) ac.abort();
    else if (user) unwatch = onAbort(user, () => ac.abort());
    signal = ac.signal;
  }
  // the caller's abort is read as the core reads it (a timeout reason is a TimeoutError); else the
  // deadline ended the wait (without one, `signal` is the caller's, so only its abort ends it)
  const ended = (): ModelwireError =>
    user?.aborted ? abortReason(user, operation) : new TimeoutError(`${operation} waited longer than ${timeoutMs} ms for ${waitingFor}`, { timeoutMs, operation });
  try {
    const work = wait(signal);
    return await (stops ? work : untilAborted(work, signal, () => {
      throw ended();
    }));
  } catch (e) {
    throw signal?.aborted && e instanceof AbortError ? ended() : e;
  } finally {
    clearTimeout(timer);
    unwatch?.();
  }
}
