/**
 * The session cache (src/onnx/session-cache.ts): one creation per key, a session is released only
 * after its in-flight runs end (and only once), a release of a session still being created waits
 * for it, a failed creation is dropped without disturbing a newer entry for the same key,
 * releaseAll waits for releases already under way, and loaded() lists only created sessions.
 * The runtime-level tests at the end show the same through unload()/dispose().
 */
import { describe, expect, it } from 'vitest';
import { createSessionCache, beginRun, endRun, type CacheEntry, type SessionCache, type SessionHandle } from '../../src/onnx/session-cache.js';
import { deferred } from '../core/_support.js';
import { countingLoader, useRuntimes } from './helpers.js';

const settle = () => new Promise((r) => setImmediate(r));

function fakeHandle(version?: string): SessionHandle & { releases: number } {
  const h = {
    meta: { inputs: [], outputs: [] } as unknown as SessionHandle['meta'],
    path: '/m.onnx',
    version,
    releases: 0,
    run: async () => [],
    release: async () => {
      h.releases++;
    },
  };
  return h;
}

/** An entry of model `m` whose session exists, with one run in flight on it. */
async function entryWithRun(cache: SessionCache, h: SessionHandle = fakeHandle()): Promise<CacheEntry> {
  const entry = cache.acquire('k', 'm', async () => h);
  await entry.promise;
  beginRun(entry);
  return entry;
}

describe('session cache', () => {
  it('creates once per key and hands the same entry to later callers', async () => {
    const cache = createSessionCache();
    let creates = 0;
    const create = async () => {
      creates++;
      return fakeHandle();
    };
    const a = cache.acquire('k', 'm', create);
    const b = cache.acquire('k', 'm', create);
    expect(b).toBe(a);
    expect(cache.peek('k')).toBe(a);
    expect(a.handle).toBeUndefined();
    const h = await a.promise;
    expect(a.handle).toBe(h);
    expect(creates).toBe(1);
  });

  it('releaseModel waits for the last in-flight run, releases once, and forgets the entry', async () => {
    const cache = createSessionCache();
    const h = fakeHandle();
    const entry = cache.acquire('k', 'm', async () => h);
    await entry.promise;
    beginRun(entry);
    beginRun(entry);
    let released = false;
    const p = cache.releaseModel('m').then(() => (released = true));
    expect(cache.peek('k')).toBeUndefined(); // new callers get a fresh entry at once
    await settle();
    expect(h.releases).toBe(0);
    endRun(entry);
    await settle();
    expect(h.releases).toBe(0); // one run is still going
    expect(released).toBe(false);
    endRun(entry);
    await p;
    expect(h.releases).toBe(1);
  });

  it('releaseModel releases every key of that model and nothing else', async () => {
    const cache = createSessionCache();
    const v1 = fakeHandle('1');
    const v2 = fakeHandle('2');
    const other = fakeHandle();
    await Promise.all([cache.acquire('m\u00001', 'm', async () => v1).promise, cache.acquire('m\u00002', 'm', async () => v2).promise, cache.acquire('n', 'n', async () => other).promise]);
    await cache.releaseModel('m');
    expect([v1.releases, v2.releases, other.releases]).toEqual([1, 1, 0]);
    expect(cache.loaded()).toEqual([{ key: 'n', model: 'n', version: undefined }]);
  });

  it('a release while the session is still being created waits for it, then releases it', async () => {
    const cache = createSessionCache();
    const h = fakeHandle();
    const gate = deferred<SessionHandle>();
    cache.acquire('k', 'm', () => gate.promise);
    let released = false;
    const p = cache.releaseModel('m').then(() => (released = true));
    await settle();
    expect(released).toBe(false);
    gate.resolve(h);
    await p;
    expect(h.releases).toBe(1);
  });

  it('a failed creation is not cached, and does not drop a newer entry for the same key', async () => {
    const cache = createSessionCache();
    let fail!: (e: Error) => void;
    const first = cache.acquire('k', 'm', () => new Promise<SessionHandle>((_, reject) => (fail = reject)));
    // released (e.g. unload) while creating; a new call makes a new entry for the same key
    const released = cache.releaseModel('m');
    const h = fakeHandle();
    const second = cache.acquire('k', 'm', async () => h);
    expect(second).not.toBe(first);
    await second.promise;
    fail(new Error('corrupt'));
    await expect(first.promise).rejects.toThrow('corrupt');
    await released; // nothing to release for a session never created
    await settle();
    expect(cache.peek('k')).toBe(second);
    expect(cache.loaded()).toEqual([{ key: 'k', model: 'm', version: undefined }]);
    // and a plain failure is forgotten so the next call tries again
    const bad = cache.acquire('x', 'x', async () => {
      throw new Error('missing');
    });
    await expect(bad.promise).rejects.toThrow('missing');
    await settle();
    expect(cache.peek('x')).toBeUndefined();
  });

  it('loaded() lists only sessions that exist, with their version', async () => {
    const cache = createSessionCache();
    const gate = deferred<SessionHandle>();
    cache.acquire('pending', 'p', () => gate.promise);
    await cache.acquire('v\u00003', 'v', async () => fakeHandle('3')).promise;
    expect(cache.loaded()).toEqual([{ key: 'v\u00003', model: 'v', version: '3' }]);
    gate.resolve(fakeHandle());
    await settle();
    expect(cache.loaded().map((l) => l.key)).toEqual(['pending', 'v\u00003']);
  });

  it('releaseAll also waits for a release that an earlier releaseModel started', async () => {
    const cache = createSessionCache();
    const h = fakeHandle();
    const entry = await entryWithRun(cache, h);
    void cache.releaseModel('m'); // waits for the run
    let all = false;
    const p = cache.releaseAll().then(() => (all = true));
    await settle();
    expect(all).toBe(false);
    endRun(entry);
    await p;
    expect(h.releases).toBe(1);
  });

  it('a second releaseModel of the same model resolves only once the first release has finished', async () => {
    const cache = createSessionCache();
    const h = fakeHandle();
    const entry = await entryWithRun(cache, h);
    const first = cache.releaseModel('m'); // waits for the run
    let second = false;
    const p = cache.releaseModel('m').then(() => (second = true));
    await settle();
    expect(second).toBe(false); // the session is not released yet: "unloaded" would be a lie
    endRun(entry);
    await Promise.all([first, p]);
    expect(h.releases).toBe(1);
  });

  it('a releaseModel of another model does not wait for a release under way', async () => {
    const cache = createSessionCache();
    const entry = await entryWithRun(cache);
    void cache.releaseModel('m');
    await cache.releaseModel('other'); // resolves although m's release waits for its run
    endRun(entry);
  });

  it("releaseModel and releaseAll resolve only once the session's own release has finished (a worker's may take a while)", async () => {
    for (const release of [(c: SessionCache) => c.releaseModel('m'), (c: SessionCache) => c.releaseAll()]) {
      const cache = createSessionCache();
      const done = deferred();
      const h = { ...fakeHandle(), release: () => done.promise };
      await cache.acquire('k', 'm', async () => h).promise;
      let released = false;
      const p = release(cache).then(() => (released = true));
      await settle();
      expect(released).toBe(false);
      done.resolve();
      await p;
      expect(released).toBe(true);
    }
  });
});

describe('session release through the runtime', () => {
  const runtime = useRuntimes();
  const req = () => ({ inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] });

  it('dispose() during an unload that waits for an in-flight run resolves only once the session is released', async () => {
    const { loader, stats } = countingLoader(40);
    const rt = runtime({ loader, warmup: false });
    await rt.get('mlp');
    const inflight = rt.infer('mlp', req());
    await new Promise((r) => setTimeout(r, 5));
    const unloading = rt.unload('mlp');
    await rt.dispose();
    expect(stats.releases).toBe(1);
    expect((await inflight).outputs[0]!.shape).toEqual([1, 3]);
    await unloading;
    expect(stats.releases).toBe(1);
  });

  it('unload() while the session is still being created releases it once it exists', async () => {
    const { loader, stats } = countingLoader();
    const rt = runtime({ loader, warmup: false });
    const getting = rt.get('mlp');
    await rt.unload('mlp');
    expect((await getting).name).toBe('mlp');
    expect(stats.creates).toBe(1);
    expect(stats.releases).toBe(1);
    expect((await rt.list()).find((e) => e.name === 'mlp')!.state).toBe('UNAVAILABLE');
  });

  it('unload() right after a call that is still looking up the latest version waits for that look-up, so the session is released', async () => {
    // the two look-ups race on the file system: without the wait, an unload whose look-up ends first
    // releases nothing, and the session the earlier call creates stays loaded after the unload
    for (let i = 0; i < 40; i++) {
      const { loader, stats } = countingLoader();
      const rt = runtime({ loader, warmup: false });
      const calls = [rt.get('mlp'), rt.get('mlp'), rt.get('mlp')];
      await rt.unload('mlp');
      await Promise.all(calls);
      expect({ i, creates: stats.creates, releases: stats.releases }).toEqual({ i, creates: 1, releases: 1 });
      await rt.dispose();
    }
  });
});
