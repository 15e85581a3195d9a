/**
 * How withFallback tags each kind of result (docs/fallback.md, "Which source answered"): null passes
 * through; a class instance reads `source`/`sourceName` and answers `in` for them; arrays, DataViews
 * and ArrayBuffers become new objects carrying both fields (the original untouched); a null-prototype
 * plain object is copied like any plain object; stream results keep every item after the first (a
 * ReadableStream read to its end, a lazy core Stream read with for await and forEach), and a
 * ReadableStream cancelled, or a generator left early, releases the primary's stream.
 */
import { describe, expect, it } from 'vitest';
import { withFallback } from '../../src/core/fallback.js';
import { Stream } from '../../src/core/stream.js';

/** Both sides answer with `make()`: only the primary's answer is used (the calls succeed). */
const same = <T>(make: () => T) => withFallback({ get: async () => make() }, { get: async () => make() }, { primaryName: 'triton' });

describe('plain values and objects', () => {
  it('a null result is null', async () => {
    expect(await same(() => null).get()).toBeNull();
  });

  it('a class-instance result reads sourceName and answers `in` for both fields and its own', async () => {
    class Box {
      value = 1;
    }
    const box = await same(() => new Box()).get();
    expect(box.sourceName).toBe('triton');
    expect('source' in box).toBe(true);
    expect('sourceName' in box).toBe(true);
    expect('value' in box).toBe(true);
    expect('other' in box).toBe(false);
  });

  it('an array result carries sourceName too', async () => {
    const list = await same(() => [1, 2]).get();
    expect(list.sourceName).toBe('triton');
  });

  it('a null-prototype object is copied like a plain object: the fields show in JSON', async () => {
    const make = () => Object.assign(Object.create(null) as Record<string, unknown>, { id: 'm' });
    const res = await same(make).get();
    expect(JSON.parse(JSON.stringify(res))).toEqual({ id: 'm', source: 'remote', sourceName: 'triton' });
  });
});

describe('byte results', () => {
  it('a DataView becomes a new DataView over the same bytes', async () => {
    const bytes = Uint8Array.of(0, 7, 9, 0);
    const view = new DataView(bytes.buffer, 1, 2);
    const res = await same(() => view).get();
    expect(res).toBeInstanceOf(DataView);
    expect(res).not.toBe(view);
    expect([res.byteOffset, res.byteLength, res.getUint8(0), res.getUint8(1)]).toEqual([1, 2, 7, 9]);
    expect(res.buffer).toBe(bytes.buffer);
    expect([res.source, res.sourceName]).toEqual(['remote', 'triton']);
  });

  it('an ArrayBuffer becomes a copy with the fields; the original is untouched', async () => {
    const original = Uint8Array.of(1, 2, 3).buffer;
    const res = await same(() => original).get();
    expect(res).toBeInstanceOf(ArrayBuffer);
    expect(res).not.toBe(original);
    expect(Array.from(new Uint8Array(res))).toEqual([1, 2, 3]);
    expect(res.source).toBe('remote');
    expect('source' in original).toBe(false);
  });
});

describe('stream results', () => {
  it('a ReadableStream result reads to its end, in order', async () => {
    const rs = () => new ReadableStream<number>({ start(c) { c.enqueue(1); c.enqueue(2); c.enqueue(3); c.close(); } });
    const res = await same(rs).get();
    const got: number[] = [];
    for await (const v of res as unknown as AsyncIterable<number>) got.push(v);
    expect(got).toEqual([1, 2, 3]);
  });

  it('cancelling a ReadableStream result cancels the primary stream with the reason', async () => {
    const reasons: unknown[] = [];
    const primary = new ReadableStream<number>({ start(c) { c.enqueue(1); }, cancel: (r) => void reasons.push(r) });
    const target = withFallback({ get: async () => primary }, { get: async () => new ReadableStream<number>() });
    const res = await target.get();
    await res.cancel('caller is done');
    expect(reasons).toEqual(['caller is done']);
  });

  it('a lazy core Stream (Stream.fromIterable) result yields every item, its first included', async () => {
    async function* items() {
      yield 'a';
      yield 'b';
      yield 'c';
    }
    const target = withFallback({ get: async () => Stream.fromIterable(items()) }, { get: async () => Stream.fromIterable(items()) });
    const got: string[] = [];
    for await (const v of await target.get()) got.push(v);
    expect(got).toEqual(['a', 'b', 'c']);
    const each: string[] = [];
    await (await target.get()).forEach((v) => void each.push(v));
    expect(each).toEqual(['a', 'b', 'c']);
  });

  it('leaving a for await over a generator result early closes the generator (its finally runs)', async () => {
    const closed: string[] = [];
    async function* items(tag: string) {
      try {
        yield 1;
        yield 2;
        yield 3;
      } finally {
        closed.push(tag);
      }
    }
    const target = withFallback({ get: async () => items('primary') }, { get: async () => items('fallback') });
    const got: number[] = [];
    for await (const v of await target.get()) {
      got.push(v);
      if (v === 2) break;
    }
    expect(got).toEqual([1, 2]);
    expect(closed).toEqual(['primary']);
  });

  it('a generator result passes throw() into the generator, like the generator itself', async () => {
    const seen: unknown[] = [];
    async function* items() {
      try {
        yield 1;
        yield 2;
      } catch (e) {
        seen.push(e);
        yield -1;
      }
    }
    const target = withFallback({ get: async () => items() }, { get: async () => items() });
    const res = (await target.get()) as unknown as AsyncGenerator<number>;
    expect((await res.next()).value).toBe(1);
    const stop = new Error('stop');
    expect((await res.throw(stop)).value).toBe(-1);
    expect(seen).toEqual([stop]);
  });
});
