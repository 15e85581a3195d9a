import { abortReason } from './deadline.js';

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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    // aborted already: no timer, no listener
    if (signal?.aborted) return onAbort();
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms); // (a negative or NaN delay is a delay of 0 to every timer)
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
