/** poll's cleanup (src/core/poll.ts): one that throws at once does not replace the AbortError. */
import { describe, expect, it } from 'vitest';
import { AbortError, poll } from '../../src/index.js';
import { rejectionOf } from './_support.js';

describe('poll cleanup', () => {
  // onTimeoutOrAbort's failures are swallowed and the abort reason thrown, also for a cleanup that
  // throws synchronously, e.g. `(last) => cancel(client, last!.id)` when the abort came before the
  // first value, so `last` is undefined.
  it('a cleanup that throws synchronously does not replace the AbortError', async () => {
    const controller = new AbortController();
    const p = poll<{ id: string }>({
      fetch: (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort();
        }),
      done: () => false,
      signal: controller.signal,
      onTimeoutOrAbort: ((last: { id: string } | undefined) => {
        const id = last!.id; // last is undefined: throws before any promise exists
        return Promise.resolve(void id);
      }) as (last: { id: string } | undefined) => Promise<void>,
    });
    const err = await rejectionOf(p);
    expect(err).toBeInstanceOf(AbortError);
  });
});
