/**
 * `Stream.fromIterable()` and the `Stream` iterator (src/core/stream.ts) seen from the source's side:
 * a stopped stream pulls nothing more from its source and stops it once, the iterator's `return()`
 * answers as the protocol says, a second reader is told what went wrong, and `forEach()` over a
 * source without a callback path of its own awaits an async callback before the next value and
 * stops the source when the callback fails.
 */
import { describe, expect, it } from 'vitest';
import { Stream, StreamError } from '../../src/index.js';
import { rejectionOf } from './_support.js';

/** An iterator that counts what the stream asks of it: 1, 2, 3, … up to `last` (forever by default). */
function countingSource(last = Infinity): { iterable: AsyncIterable<number>; nexts: () => number; returns: () => number } {
  let nexts = 0;
  let returns = 0;
  const iterator: AsyncIterator<number> = {
    next: async () => (nexts < last ? { value: ++nexts, done: false } : { value: undefined, done: true }),
    return: async () => {
      returns++;
      return { value: undefined, done: true };
    },
  };
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, nexts: () => nexts, returns: () => returns };
}

describe('Stream.fromIterable(): stopping', () => {
  it('after abort() a next() pulls nothing more from the source', async () => {
    const src = countingSource();
    const stream = Stream.fromIterable(src.iterable);
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 1, done: false });
    stream.abort();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(src.nexts()).toBe(1);
  });

  it("the source's return() runs once, however many times the stream is stopped", async () => {
    const src = countingSource();
    const stream = Stream.fromIterable(src.iterable);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    stream.abort();
    stream.abort();
    await it.return!();
    expect(src.returns()).toBe(1);
  });

  it("the iterator's return() answers a finished result", async () => {
    const stream = Stream.fromIterable(countingSource().iterable);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    expect(await it.return!()).toEqual({ value: undefined, done: true });
  });

  it('a second reader gets a StreamError that says the stream was already consumed', async () => {
    const stream = Stream.fromIterable(countingSource().iterable);
    stream[Symbol.asyncIterator]();
    let error: unknown;
    try {
      stream[Symbol.asyncIterator]();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).message).toMatch(/already consumed/);
  });
});

describe('Stream.fromIterable(): forEach()', () => {
  it('an async callback is awaited before the next value is pulled', async () => {
    const src = countingSource(3);
    const stream = Stream.fromIterable(src.iterable);
    const log: string[] = [];
    await stream.forEach(async (v) => {
      log.push(`start ${v} (pulled ${src.nexts()})`);
      await new Promise((r) => setTimeout(r, 2));
      log.push(`end ${v}`);
    });
    expect(log).toEqual(['start 1 (pulled 1)', 'end 1', 'start 2 (pulled 2)', 'end 2', 'start 3 (pulled 3)', 'end 3']);
  });

  it('an async callback that rejects rejects forEach with its error and stops the source', async () => {
    const src = countingSource(5);
    const boom = new Error('consumer failed');
    const seen: number[] = [];
    const error = await rejectionOf(
      Stream.fromIterable(src.iterable).forEach(async (v) => {
        seen.push(v);
        await new Promise((r) => setTimeout(r, 1));
        if (v === 2) throw boom;
      }),
    );
    expect(error).toBe(boom);
    expect(seen).toEqual([1, 2]);
    expect(src.returns()).toBe(1);
    expect(src.nexts()).toBe(2);
  });
});
