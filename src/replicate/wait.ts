/**
 * Waiting for a prediction: polling with backoff and server hints within one deadline; an abort or
 * the deadline cancels the prediction on Replicate before the error is thrown.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, retryPolicyOf, type CallOptions, type Client, type RequestSpec } from '../core/client.js';
import { APIError, InvalidRequestError, RateLimitError, type AbortError, type TimeoutError } from '../core/errors.js';
import { checkMode, checkNumber, checkOptions, isThenable } from '../core/check.js';
import { abortReason, untilAborted } from '../core/deadline.js';
import { pollLoop } from '../core/poll.js';
import { sleep } from '../core/sleep.js';
import { parseJson, readText } from '../core/response.js';
import { parseRetryAfter } from '../core/retry-after.js';
import { validateInCall } from '../core/schema.js';
import { cancelPrediction } from './predictions.js';
import { PredictionShape } from './shapes.gen.js';
import { checkCallback } from './shared.js';
import type { Prediction } from './types.js';

const OP_WAIT = 'replicate.predictions.wait';

/**
 * Options of {@link waitForPrediction}. `retry: false` turns off retries of the polls (the cancel
 * sent when the wait gives up is still retried: cancelling twice changes nothing).
 *
 * @example
 * ```ts
 * const opts: WaitOptions = { timeoutMs: 120_000, signal: controller.signal, onProgress: (p) => console.log(p.status) };
 * ```
 */
export interface WaitOptions extends Pick<CallOptions, 'signal' | 'timeoutMs' | 'headers' | 'validation' | 'retry'> {
  /** First wait between polls (default 250 ms, from 1 to 2^31 − 1); grows by `factor` up to `maxDelayMs`. */
  initialDelayMs?: number | undefined;
  /** Longest wait between polls (default 5000 ms, from 1 to 2^31 − 1). */
  maxDelayMs?: number | undefined;
  /** Growth of the wait per poll (default 1.5, at least 1). */
  factor?: number | undefined;
  /**
   * Told every prediction state seen while polling; a promise it returns is awaited before the next
   * poll (a rejection ends the wait like a throw). A throw cancels the prediction, unless the state
   * it was given is a terminal one.
   */
  onProgress?: ((prediction: Prediction) => void) | undefined;
  /**
   * Cancel the prediction on Replicate when the wait gives up: aborted, timed out, or a poll that
   * failed for good (default true). A poll answered 408, 429 or 5xx after its retries is not that:
   * the wait polls on until the deadline (with retries off, any failed poll ends the wait).
   */
  cancelOnAbort?: boolean | undefined;
}

/**
 * Cancels a prediction nobody waits for any more, within 10 s; it never rejects (a failed cancel is
 * not the caller's error). `signal` (the caller's) ends the wait for it: the cancel goes on. Internal
 * to `waitForPrediction` and `run`.
 */
export function stopPrediction(client: Client, id: string, headers: Record<string, string> | undefined, signal?: AbortSignal): Promise<void> {
  const cancel = cancelPrediction(client, id, { timeoutMs: Math.min(10_000, client.timeoutMs), headers }).then(
    () => undefined,
    () => undefined,
  );
  return untilAborted(cancel, signal, () => undefined);
}

/**
 * @internal What an `onProgress` threw (an object): its own error, which the wait and `run` pass on
 * as it is, never taken for a poll's failure or the call's deadline.
 */
export const observerErrors: WeakSet<object> = new WeakSet();

/**
 * Tells `onProgress` a state and awaits what it returned: a rejection is its throw (never an
 * unhandled rejection), and `signal` (the call's deadline or abort) ends the wait for a promise that
 * never settles. What it throws is marked in {@link observerErrors}. Internal to `waitForPrediction` and `run`.
 */
export async function settleProgress(onProgress: WaitOptions['onProgress'], value: Prediction, signal: AbortSignal, operation: string): Promise<void> {
  let result: unknown;
  try {
    result = onProgress?.(value);
    if (isThenable(result)) {
      await untilAborted(result, signal, () => {
        // the call's end, not the observer's error
        result = signal;
        throw abortReason(signal, operation);
      });
    }
  } catch (err) {
    if (result !== signal && Object(err) === err) observerErrors.add(err as object);
    throw err;
  }
}

const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

/**
 * True for the statuses in which Replicate documents that a prediction (or training) can no longer
 * change: `succeeded`, `failed`, `canceled`, `aborted`. (`waitForPrediction` also stops at a status
 * it does not know once the prediction has `completed_at`.) @example `if (isTerminal(p.status)) return p;`
 */
export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

/**
 * @internal True once a prediction can no longer change: a terminal status, or a status the SDK
 * does not know (one Replicate adds later) with `completed_at` set (Replicate sets it when a
 * prediction ends). An unknown status without it may be a new in-progress state: polled on.
 */
export function hasEnded(p: Pick<Prediction, 'status' | 'completed_at'>): boolean {
  return TERMINAL_STATUSES.has(p.status) || (p.status !== 'starting' && p.status !== 'processing' && !!p.completed_at);
}

/**
 * A poll's failure that says nothing about the prediction (Replicate busy: 408, 429, 5xx), when the
 * wait has the time for a 429's `Retry-After`.
 */
function passing(err: unknown, remainingMs: number): boolean {
  if (err instanceof RateLimitError) return (err.retryAfterMs ?? 0) < remainingMs;
  return err instanceof APIError && (err.status === 408 || err.status >= 500);
}

/**
 * Polls a prediction until it reaches a terminal status (`succeeded`, `failed`, `canceled`,
 * `aborted`, or a status it does not know with `completed_at` set) and returns it; it does not
 * throw for `failed` (check `status`). Waits grow from
 * `initialDelayMs` to `maxDelayMs`; a `Retry-After` on a poll response sets the next wait (raised to `initialDelayMs`, bounded by `maxDelayMs`). The whole
 * wait is bounded by `timeoutMs` (default: the client's); on that deadline or an abort it cancels
 * the prediction on Replicate, then throws {@link TimeoutError} or {@link AbortError}. A poll
 * answered 408, 429 or 5xx after its retries is polled again (the prediction runs on; after a 429,
 * once its whole `Retry-After` has passed, which `maxDelayMs` does not shorten); with
 * `retry: false`, or a 429 whose `Retry-After` does not fit the deadline, it ends the wait. A polling
 * option that would poll in a tight loop (NaN, a delay of 0 or less, a `factor` below 1), or a
 * `timeoutMs` that is not a number ≥ 0, is refused with an `InvalidRequestError` naming it, before
 * anything is sent (and without cancelling the prediction).
 *
 * @example
 * ```ts
 * const created = await createPrediction(client, { model: 'acme/slow', input: {} });
 * const done = await waitForPrediction(client, created, { timeoutMs: 300_000 });
 * if (done.status === 'succeeded') console.log(done.output);
 * ```
 */
export async function waitForPrediction(client: Client, prediction: Prediction | string, options: WaitOptions = {}): Promise<Prediction> {
  pathSegment(typeof prediction === 'string' ? prediction : prediction?.id, 'prediction.id', OP_WAIT);
  // a misspelt option (`timeout`) would leave its default in force; an idempotencyKey, which WaitOptions
  // leaves out, would be ignored (polls are GETs)
  checkOptions(OP_WAIT, options, 'signal timeoutMs headers validation retry initialDelayMs maxDelayMs factor onProgress cancelOnAbort');
  checkNumber(OP_WAIT, 'initialDelayMs', options.initialDelayMs, 1);
  checkNumber(OP_WAIT, 'maxDelayMs', options.maxDelayMs, 1);
  checkNumber(OP_WAIT, 'factor', options.factor, 1, Number.MAX_VALUE);
  checkCallback(options.onProgress, 'onProgress', OP_WAIT);
  // checked here, not by the polling: a failure inside it cancels the prediction on Replicate
  checkNumber(OP_WAIT, 'timeoutMs', options.timeoutMs, 0, Infinity);
  // an ended prediction is returned as it is (its validation mode unread)
  if (typeof prediction === 'object' && hasEnded(prediction)) return prediction;
  checkMode(options.validation, OP_WAIT);
  return pollPrediction(client, typeof prediction === 'string' ? prediction : prediction.id, options);
}

/**
 * @internal {@link waitForPrediction} after its checks of the options, for a prediction that has
 * not ended (`run` checks the options itself, under its own names, and polls only a prediction that
 * has not ended; its create has checked `validation`: its bundle carries none of these checks).
 */
export async function pollPrediction(client: Client, id: string, options: WaitOptions): Promise<Prediction> {
  const path = `/predictions/${pathSegment(id, 'prediction.id', OP_WAIT)}`;
  const mode = options.validation ?? client.validation;
  let hint: number | undefined;
  // Cancelled once at most: when polling gives up (deadline, abort, or a poll that failed) nobody
  // waits for the prediction any more, so Replicate should stop running (and billing) it.
  let cancelled: Promise<void> | undefined;
  const spec: RequestSpec<Prediction> = {
    method: 'GET',
    path,
    operation: OP_WAIT,
    parse: async (res, signal) => {
      hint = parseRetryAfter(res.headers);
      const value = await validateInCall(PredictionShape, parseJson(await readText(res, signal, OP_WAIT), OP_WAIT), mode, OP_WAIT);
      // seen ending: an onProgress that throws on this state, or an abort while it is awaited,
      // leaves nothing running on Replicate to cancel
      if (hasEnded(value)) cancelled = Promise.resolve();
      await settleProgress(options.onProgress, value, signal, OP_WAIT);
      return value;
    },
  };
  const timeoutMs = options.timeoutMs ?? client.timeoutMs;
  const deadlineAt = Date.now() + timeoutMs;
  const giveUp = options.cancelOnAbort !== false;
  // with retries on, a poll Replicate answered 408, 429 or 5xx after them says nothing about the
  // prediction, which runs on: polled again (after the 429's Retry-After) rather than cancelled
  const pollsOn = options.retry !== false && retryPolicyOf(client).maxRetries > 0;
  const cancel = (signal?: AbortSignal): Promise<void> => (cancelled ??= stopPrediction(client, id, options.headers, signal));
  try {
    // (undefined: a poll that failed in passing; `done` never stops at it)
    return (await pollLoop<Prediction | undefined>({
      operation: OP_WAIT,
      signal: options.signal,
      timeoutMs,
      initialDelayMs: options.initialDelayMs,
      maxDelayMs: options.maxDelayMs,
      factor: options.factor,
      // One poll, bounded by the polling deadline through `signal` (body read included). Its own
      // timeout is only a backstop a second later, so the polling deadline always fires first and
      // triggers the cancel; its retries still see roughly the time left.
      fetch: (signal) =>
        request(client, spec, { signal, timeoutMs: Math.max(0, deadlineAt - Date.now()) + 1000, headers: options.headers, retry: options.retry }).catch(async (err: unknown) => {
          // (an APIError onProgress threw is its own: no busy poll)
          if (!pollsOn || observerErrors.has(err as object) || !passing(err, deadlineAt - Date.now())) throw err;
          // a 429's Retry-After (it fits the deadline: `passing`) is waited out whole, not cut to
          // maxDelayMs like a hint (a poll sent sooner is refused again and spends its retries); then
          // the next poll goes out after initialDelayMs (a hint of 0)
          const ms = err instanceof RateLimitError ? err.retryAfterMs : undefined;
          hint = ms && 0;
          if (ms) await sleep(ms, signal);
          return undefined;
        }),
      done: (p) => p !== undefined && hasEnded(p),
      hintMs: () => hint,
      onTimeoutOrAbort: giveUp ? () => cancel() : undefined,
    }))!;
  } catch (err) {
    // a poll that failed for good (a 4xx, a 429 whose Retry-After does not fit the deadline, any failure with retries off)
    if (giveUp && !cancelled) await cancel(options.signal);
    throw err;
  }
}
