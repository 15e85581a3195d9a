/**
 * `tee()` (docs/core.md "Streams"): the slower branch's queue has no bound (a branch never read
 * holds every value the other one read), both branches get the same value objects (not copies),
 * and `tee()` takes the stream like iterating it (after a `for await` began it throws StreamError).
 */
import { describe, expect, it } from 'vitest';
import { Stream, StreamError } from '../../src/index.js';

const numbers = (n: number): Stream<{ n: number }> =>
  Stream.fromIterable(
    (async function* () {
      for (let i = 1; i <= n; i++) yield { n: i };
    })(),
  );

describe('tee()', () => {
  it('a branch never read holds every value the other one read, and hands them over later', async () => {
    const [a, b] = numbers(1000).tee();
    let read = 0;
    for await (const _ of a) read++;
    expect(read).toBe(1000);
    const held: number[] = [];
    for await (const v of b) held.push(v.n);
    expect(held).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('both branches get the same value objects', async () => {
    const [a, b] = numbers(1).tee();
    const [ra, rb] = await Promise.all([a[Symbol.asyncIterator]().next(), b[Symbol.asyncIterator]().next()]);
    expect(ra.value).toBe(rb.value);
  });

  it('after iterating began it throws StreamError', async () => {
    const stream = numbers(3);
    await stream[Symbol.asyncIterator]().next();
    expect(() => stream.tee()).toThrow(StreamError);
  });
});
