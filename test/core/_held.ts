/**
 * Resource-leak checks: server-side tracking of responses still held open, and collection of
 * unhandled rejections.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export { TRANSPORTS } from './_support.js';

/**
 * Tracks server responses that were started by a handler: `held()` counts those whose socket is
 * still open and whose response did not finish (a stalled or streaming body the client has not let go of).
 */
export class HeldResponses {
  readonly #open = new Set<ServerResponse>();
  readonly #waiters = new Set<() => void>();

  track(res: ServerResponse): void {
    this.#open.add(res);
    const done = (): void => {
      this.#open.delete(res);
      for (const w of this.#waiters) w();
    };
    res.once('close', done);
    (res.socket as Socket | null)?.once('close', done);
  }

  held(): number {
    return this.#open.size;
  }

  /** Resolves true once no tracked response is held, false if some still are after `ms`. */
  allReleased(ms = 1500): Promise<boolean> {
    if (this.#open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        resolve(this.#open.size === 0);
      }, ms);
      const check = (): void => {
        if (this.#open.size > 0) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(true);
      };
      this.#waiters.add(check);
    });
  }
}

/** Collects unhandled rejections while `run` is active (plus a few turns after it). */
export async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const on = (reason: unknown): void => void seen.push(reason);
  process.on('unhandledRejection', on);
  try {
    await run();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
  } finally {
    process.off('unhandledRejection', on);
  }
  return seen;
}
