/**
 * A small FIFO limiter bounding concurrent runs. The fast path (a free slot) is synchronous and
 * allocates nothing; waiting callers can leave the queue when their signal aborts.
 * @module
 */
import { onAbort } from '../core/deadline.js';
import { AbortError } from '../core/errors.js';

/** Bounds concurrent work to `limit` slots. */
export interface Limiter {
  /** True when a slot was taken synchronously; otherwise call {@link Limiter.wait}. */
  tryAcquire(): boolean;
  /** Waits for a slot (FIFO). Rejects with AbortError if `signal` aborts first. */
  wait(signal?: AbortSignal): Promise<void>;
  /** Gives a slot back (to the next waiter, if any). */
  release(): void;
  /** Runs in progress and callers waiting. */
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Stops watching the signal (the watch the signal's other waiters share). */
  unwatch: (() => void) | undefined;
}

/**
 * Creates a limiter with `limit` slots (`Infinity` for none).
 *
 * @example
 * ```ts
 * const q = createLimiter(2);
 * if (!q.tryAcquire()) await q.wait();
 * try { await work(); } finally { q.release(); }
 * ```
 */
export function createLimiter(limit: number): Limiter {
  let active = 0;
  const queue: Waiter[] = [];
  let head = 0;
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length - head;
    },
    tryAcquire() {
      if (active < limit && head === queue.length) {
        active++;
        return true;
      }
      return false;
    },
    wait(signal) {
      if (signal?.aborted) return Promise.reject(new AbortError());
      return new Promise<void>((resolve, reject) => {
        const w: Waiter = { resolve, reject, unwatch: undefined };
        // the signal's one shared listener: a long-lived signal with many callers waiting carries
        // one listener, not one each (MaxListenersExceededWarning past 10)
        if (signal) {
          w.unwatch = onAbort(signal, () => {
            const i = queue.indexOf(w, head);
            if (i >= 0) queue.splice(i, 1);
            reject(new AbortError());
          });
        }
        queue.push(w);
        // A slot may be free already (release ran before this caller queued).
        if (active < limit) next();
      });
    },
    release() {
      active--;
      next();
    },
  };

  function next(): void {
    while (active < limit && head < queue.length) {
      const w = queue[head++]!;
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      w.unwatch?.();
      active++;
      w.resolve();
    }
  }
}
