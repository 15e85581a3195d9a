/**
 * `Stream.fromIterable()` stops its source only through the iterator's optional `return()`. An
 * iterator without one (a hand-written source, a plain `{ next }` object) keeps handing values
 * out after `stream.abort()` ("Stops the stream", TSDoc) or after `break`, and an async generator
 * busy inside `next()` when `abort()` is called still delivers that value.
 */
import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/index.js';

describe('Stream.fromIterable() and abort()', () => {
  it('no value is handed over after abort() when the iterator has no return()', async () => {
    let n = 0;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({ next: async () => ({ value: ++n, done: false }) }),
    };
    const stream = Stream.fromIterable(source);
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 1, done: false });
    stream.abort();
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('a value being produced when abort() is called is not handed over', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gen = (async function* () {
      yield 1;
      await gate;
      yield 2;
    })();
    const stream = Stream.fromIterable(gen);
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: 1, done: false });
    const pending = it.next();
    stream.abort();
    release();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
