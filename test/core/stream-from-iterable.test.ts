/** Stream.fromIterable (src/core/stream.ts): closing a source whose return() rejects leaves no unhandled rejection. */
import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/core/stream.js';

describe('Stream.fromIterable', () => {
  it('break on a source whose return() rejects does not leave an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const on = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', on);
    try {
      const it: AsyncIterableIterator<number> = {
        next: async () => ({ value: 1, done: false }),
        return: async () => { throw new Error('cleanup failed'); }, // e.g. a generator whose finally throws
        [Symbol.asyncIterator]() { return this; },
      };
      for await (const v of Stream.fromIterable(it)) { void v; break; }
      await new Promise((r) => setTimeout(r, 20));
      // close() is `void it.return?.()`: the rejected promise is never observed, which by default
      // crashes a Node process (--unhandled-rejections=throw). break/abort() should swallow it.
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', on);
    }
  });
});
