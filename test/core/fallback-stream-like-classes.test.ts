/**
 * withFallback (src/core/fallback.ts) and async-iterable results that are not modelwire's Stream
 * (docs/fallback.md, "Streams"): an object whose only methods are the async-iterator protocol's (an
 * async generator, `{ [Symbol.asyncIterator]() {…} }`) is read ahead to its first item, so a failure
 * before it fails over; an object with methods of its own (a stream-like class: `text()`, `toArray()`,
 * a Node Readable's `on('data')`) is handed out as it is, never read ahead, so none of its methods
 * can miss the first item: it fails over only when the call itself rejects.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const dropped = () => new ConnectionError('dropped', { requestMayHaveReachedServer: true });

async function* items(tag: string, failFirst = false): AsyncGenerator<string> {
  if (failFirst) throw dropped();
  yield `${tag}1`;
  yield `${tag}2`;
  yield `${tag}3`;
}

/** A stream-like class of the user's own: private state, and methods that read it through `this`. */
class Chunks implements AsyncIterable<string> {
  readonly #it: AsyncIterator<string>;
  constructor(it: AsyncIterator<string>) {
    this.#it = it;
  }
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return this.#it;
  }
  async text(): Promise<string> {
    let out = '';
    for await (const c of this) out += c;
    return out;
  }
  async toArray(): Promise<string[]> {
    const out: string[] = [];
    const it = this[Symbol.asyncIterator]();
    for (let r = await it.next(); !r.done; r = await it.next()) out.push(r.value);
    return out;
  }
}

describe('a stream-like class result keeps every item, however it is read', () => {
  const target = (failFirst = false) => withFallback({ get: async () => new Chunks(items('p', failFirst)) }, { get: async () => new Chunks(items('f')) });

  it('its own method that iterates this (text())', async () => {
    const res = await target().get();
    expect(res.sourceName).toBe('primary');
    expect(await res.text()).toBe('p1p2p3');
  });

  it('its own method that takes the iterator (toArray())', async () => {
    expect(await (await target().get()).toArray()).toEqual(['p1', 'p2', 'p3']);
  });

  it('for await over it', async () => {
    const got: string[] = [];
    for await (const c of await target().get()) got.push(c);
    expect(got).toEqual(['p1', 'p2', 'p3']);
  });

  it('a Node Readable read with on("data")', async () => {
    const wrapped = withFallback({ get: async () => Readable.from(['a', 'b', 'c']) }, { get: async () => Readable.from(['x']) });
    const res = await wrapped.get();
    const got = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = [];
      res.on('data', (c: string) => out.push(c));
      res.on('end', () => resolve(out));
      res.on('error', reject);
    });
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('is not read ahead: a failure before its first item reaches the reader, no failover', async () => {
    const res = await target(true).get();
    expect(res.sourceName).toBe('primary');
    await expect(res.text()).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('an object with only the async-iterator protocol is still read ahead', () => {
  it('a plain { [Symbol.asyncIterator] } object that fails before its first item fails over, and keeps it otherwise', async () => {
    const iterable = (tag: string, failFirst = false) => ({ [Symbol.asyncIterator]: () => items(tag, failFirst) });
    const failing = withFallback({ get: async () => iterable('p', true) }, { get: async () => iterable('f') });
    const res = await failing.get();
    expect(res.sourceName).toBe('fallback');
    const got: string[] = [];
    for await (const c of res) got.push(c);
    expect(got).toEqual(['f1', 'f2', 'f3']);
    const healthy = await withFallback({ get: async () => iterable('p') }, { get: async () => iterable('f') }).get();
    const all: string[] = [];
    for await (const c of healthy) all.push(c);
    expect(all).toEqual(['p1', 'p2', 'p3']);
  });
});
