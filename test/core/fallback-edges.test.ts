/**
 * withFallback at its edges (src/core/fallback.ts): only the probe decides a half-open circuit, a
 * synchronously throwing fallback still rejects, a frozen class-instance result stays usable, primed
 * stream results keep their first item however they are read, lazy core streams fail over, and
 * objects that are not method groups are read from the primary.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError, InvalidRequestError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';
import { Stream } from '../../src/core/stream.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

/** A primary whose calls named 'slow'/'probe' stay pending until settled by hand; 'fail' rejects; others resolve. */
function controllable() {
  const calls: string[] = [];
  const pending: Record<string, { ok: (v: string) => void; ko: (e: unknown) => void }> = {};
  const primary = {
    infer: (id: string): Promise<string> => {
      calls.push(id);
      if (id === 'fail') return Promise.reject(conn());
      if (id !== 'slow' && id !== 'probe') return Promise.resolve(`remote:${id}`);
      return new Promise<string>((ok, ko) => (pending[id] = { ok, ko }));
    },
  };
  const fallback = { infer: async (id: string) => `local:${id}` };
  return { calls, pending, primary, fallback };
}

describe('the half-open probe in withFallback', () => {
  // docs/fallback.md: "half-open: the first call after the cool-down is the one probe; calls arriving
  // while it is in flight go to the fallback. Probe success -> closed". A call that started while the
  // circuit was still closed and succeeds late is treated as the probe: the circuit closes while the
  // real probe is still in flight and the next call goes to the primary.
  it('a late success of a call started while closed does not close the circuit during the half-open probe', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => t });
    const { calls, pending, primary, fallback } = controllable();
    const target = withFallback(primary, fallback, { breaker });
    const straggler = target.infer('slow'); // closed: reaches the primary, stays pending
    await target.infer('fail'); // opens the circuit
    t += 1000;
    const probe = target.infer('probe'); // the one half-open probe, pending
    expect(breaker.state).toBe('half-open');
    pending.slow!.ok('remote:slow');
    await straggler;
    expect(breaker.state).toBe('half-open'); // actual: 'closed'
    expect(await target.infer('during')).toBe('local:during');
    expect(calls).not.toContain('during');
    pending.probe!.ok('remote:probe');
    await probe;
  });

  // Same root cause, other direction: a late failure of a pre-open call is taken as "probe failed"
  // (circuit re-opens), and then the real probe's success is ignored because the state is 'open'.
  it('a successful probe closes the circuit even if a call started before it opened fails meanwhile', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => t });
    const { pending, primary, fallback } = controllable();
    const target = withFallback(primary, fallback, { breaker });
    const straggler = target.infer('slow');
    await target.infer('fail');
    t += 1000;
    const probe = target.infer('probe');
    pending.slow!.ko(conn());
    expect(await straggler).toBe('local:slow');
    pending.probe!.ok('remote:probe');
    expect(await probe).toBe('remote:probe');
    expect(breaker.state).toBe('closed'); // actual: 'open' (fresh cool-down) although the probe succeeded
  });
});

describe('wrapped methods', () => {
  // FallbackTarget maps methods to (...args) => Promise<...>. While the circuit is open, the fallback
  // is invoked synchronously outside any try/async boundary, so a fallback method that throws
  // synchronously makes target.infer() throw instead of returning a rejected promise (with the
  // circuit closed the same error would arrive as a rejection).
  it('with the circuit open, a synchronously throwing fallback gives a rejected promise, not a sync throw', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000, now: () => 0 });
    breaker.recordFailure();
    const primary = { infer: async (_x: number) => 1 };
    const fallback = {
      infer: (_x: number): Promise<number> => {
        throw new InvalidRequestError('bad input', { path: 'x' });
      },
    };
    const target = withFallback(primary, fallback, { breaker });
    let thrownSync: unknown;
    let p: Promise<unknown> | undefined;
    try {
      p = target.infer(1);
    } catch (e) {
      thrownSync = e;
    }
    expect(thrownSync).toBeUndefined();
    await expect(p).rejects.toBeInstanceOf(InvalidRequestError);
  });

  // docs/fallback.md: results "may be frozen or shared"; a class-instance result is wrapped in a
  // read-through proxy. The proxy's get trap returns bound copies of function properties, which
  // violates the Proxy invariant for non-configurable own properties of a frozen object: reading an
  // own method (e.g. an arrow-function class field) of a frozen result throws TypeError.
  it('a frozen class-instance result with an own method property stays usable', async () => {
    class Result {
      value = 41;
      next = () => this.value + 1;
      constructor() {
        Object.freeze(this);
      }
    }
    const target = withFallback({ get: async () => new Result() }, { get: async () => new Result() });
    const r = await target.get();
    expect(r.source).toBe('remote');
    expect(r.value).toBe(41);
    expect(r.next()).toBe(42); // actual: TypeError 'get' on proxy: property 'next' is a read-only and non-configurable ...
  });
});

async function* fine(): AsyncGenerator<number> {
  yield 100;
  yield 101;
}
async function* failsFirst(): AsyncGenerator<number> {
  throw new ConnectionError('dropped', { requestMayHaveReachedServer: true });
}

describe('primed async-iterable results', () => {
  it('an async-generator result read with next() still yields its first item', async () => {
    const target = withFallback({ stream: async () => fine() }, { stream: async () => fine() });
    const s = await target.stream();
    // docs: other objects are wrapped in a *read-through* proxy. prime() already took item 100 from the
    // generator; only Symbol.asyncIterator is redirected, so the generator's own next() skips it: 101.
    expect((await s.next()).value).toBe(100);
  });

  it('a ReadableStream result stays readable with getReader()', async () => {
    const rs = () => new ReadableStream<number>({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
    const target = withFallback({ stream: async () => rs() }, { stream: async () => rs() });
    const s = await target.stream();
    // prime() took the stream's async iterator, which locks it: getReader()/pipeTo()/tee() throw
    // "ReadableStream is locked" on a result the docs call a read-through proxy.
    const reader = s.getReader();
    expect((await reader.read()).value).toBe(1);
  });

  it('a Stream.fromIterable primary that fails before its first item fails over', async () => {
    // docs/fallback.md: a stream "fails over only before its first item ... core Streams already resolve
    // after their first event". Stream.fromIterable (meant for local runtimes) is lazy, yet
    // isPrimedStream() treats every Stream as primed: the pre-first-item failure reaches the consumer.
    const target = withFallback({ stream: async () => Stream.fromIterable(failsFirst()) }, { stream: async () => Stream.fromIterable(fine()) });
    const s = await target.stream();
    expect(s.source).toBe('local');
  });
});

describe('synchronous methods', () => {
  it('a synchronous method is wrapped like the others: typed and answered as a promise of its result', async () => {
    const target = withFallback({ name: (): string => 'a' }, { name: (): string => 'b' });
    const v: Promise<string> = target.name();
    expect(v).toBeInstanceOf(Promise);
    expect(await v).toBe('a');
  });
});

describe('non-function object properties', () => {
  it('a typed-array property present on both sides is read from the primary, not rebuilt as a method group', () => {
    const bias = Float32Array.of(1, 2);
    const target = withFallback({ bias, run: async () => 1 }, { bias: Float32Array.of(3, 4), run: async () => 2 });
    // docs/fallback.md: "Non-function properties are read from the primary." build() instead turns any
    // object both sides have (Float32Array, Date, a Client...) into a plain object of async wrappers.
    expect(target.bias).toBe(bias);
  });
});
