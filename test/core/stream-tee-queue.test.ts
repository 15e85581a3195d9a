/**
 * `tee()` (docs/core.md "Streams"): the slower branch's queue has no bound (a branch never read
 * holds every value the other one read), both branches get the same value objects (not copies),
 * and `tee()` takes the stream like iterating it (after a `for await` began it throws StreamError).
 */
import { describe, expect, it } from 'vitest';
import { AbortError, Stream, StreamError } from '../../src/index.js';

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

// abort() of the stream that was teed (a handler that tees for a log and aborts its stream when its
// client goes away) closed the branches' source, which they read as a clean end: a branch passed on
// with toReadableStream() wrote `data: [DONE]` after a cut-off answer
describe('tee() of a stream then stopped with abort()', () => {
  it('each branch hands over what it holds, then AbortError (no clean end)', async () => {
    const stream = numbers(1000);
    const [a, b] = stream.tee();
    const ia = a[Symbol.asyncIterator]();
    expect((await ia.next()).value).toEqual({ n: 1 });
    stream.abort();
    const rest: unknown[] = [];
    let error: unknown;
    try {
      for (let r = await ia.next(); !r.done; r = await ia.next()) rest.push(r.value);
    } catch (err) {
      error = err;
    }
    expect(rest.length).toBeLessThan(999);
    expect(error).toBeInstanceOf(AbortError);
    const text = await new Response(b.toReadableStream()).text();
    expect(text).not.toContain('[DONE]');
    expect(text).toMatch(/event: error\ndata: \{"error":\{[^\n]*"code":"aborted"/);
  });
});
