import { abortReason, noop, onAbort } from './deadline.js';

/**
 * Waits `ms` milliseconds; rejects at once with the signal's reason when it aborts. The listener is
 * removed when the wait ends either way.
 *
 * @example
 * ```ts
 * await sleep(250, AbortSignal.timeout(1000));
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // aborted already: no timer, no listener
    if (signal?.aborted) return reject(abortReason(signal));
    // (the signal's one shared listener, as every wait of a call uses)
    const unwatch = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(abortReason(signal));
        })
      : noop;
    const timer = setTimeout(() => {
      unwatch();
      resolve();
    }, ms); // (a negative or NaN delay is a delay of 0 to every timer)
  });
}
