/**
 * One deadline per call: a single AbortSignal that fires when the caller aborts or `timeoutMs`
 * passes. One listener on the caller's signal, removed when the call settles.
 * @module
 */
import { AbortError, ModelwireError, TimeoutError } from './errors.js';

/** The deadline and cancellation state of one call. */
export interface CallContext {
  /** Aborts with a {@link TimeoutError} or {@link AbortError} as its reason. */
  readonly signal: AbortSignal;
  /** The deadline, as `Date.now()` milliseconds. */
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  /** Milliseconds left (never below 0). */
  remaining(): number;
  /** Removes the listener and the timer. Safe to call more than once. */
  dispose(): void;
}

/**
 * Turns whatever a signal aborted with into a modelwire error.
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
    return new TimeoutError(`${operation ?? 'The operation'} timed out`, { cause: reason, operation, timeoutMs: 0 });
  }
  return new AbortError(`${operation ?? 'The operation'} was aborted`, { cause: reason, operation });
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
  const controller = new AbortController();
  const startedAt = Date.now();
  const deadlineAt = startedAt + timeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;

  const dispose = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (onAbort) {
      userSignal!.removeEventListener('abort', onAbort);
      onAbort = undefined;
    }
  };

  if (userSignal?.aborted) {
    controller.abort(abortReason(userSignal, operation));
  } else {
    if (userSignal) {
      onAbort = () => {
        dispose();
        controller.abort(abortReason(userSignal, operation));
      };
      userSignal.addEventListener('abort', onAbort, { once: true });
    }
    if (Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        dispose();
        controller.abort(new TimeoutError(`${operation} did not finish within ${timeoutMs} ms`, { operation, timeoutMs }));
      }, timeoutMs);
    }
  }

  return {
    signal: controller.signal,
    deadlineAt,
    timeoutMs,
    remaining: () => Math.max(0, deadlineAt - Date.now()),
    dispose,
  };
}
