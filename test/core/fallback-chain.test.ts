/**
 * withFallback with a chain of fallbacks (src/core/fallback.ts): each source is asked in order until
 * one answers; every source but the last has its own circuit breaker; a source without the method,
 * or whose circuit is open, is skipped; an error the request caused stops the chain; every move is
 * reported with where it came from and where it went.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { BadRequestError, CircuitOpenError, ConnectionError, InternalServerError } from '../../src/core/errors.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });
const unavailable = () => new InternalServerError({ status: 503 });
const badRequest = () => new BadRequestError({ status: 400 });

interface Target {
  infer(model: string, options?: { signal?: AbortSignal }): Promise<{ model: string; by: string }>;
  models: { get(id: string): Promise<{ id: string; by: string }> };
}

/** A source named `by` whose `infer` fails with `fail()` while it is set, and counts its calls. */
function source(by: string) {
  const s = {
    calls: 0,
    fail: undefined as (() => unknown) | undefined,
    target: {
      infer: async (model: string) => {
        s.calls++;
        if (s.fail) throw s.fail();
        return { model, by };
      },
      models: { get: async (id: string) => ({ id, by }) },
    } satisfies Target,
  };
  return s;
}

function chain() {
  const [a, b, c] = [source('a'), source('b'), source('c')];
  const events: FallbackEvent[] = [];
  let t = 0;
  const breaker = (threshold: number) => createCircuitBreaker({ failureThreshold: threshold, cooldownMs: 1_000, now: () => t });
  const breakers = { primary: breaker(2), b: breaker(2) };
  const target = withFallback<Target>(a.target, b.target, c.target, {
    breaker: breakers.primary,
    fallbacks: [{ breaker: breakers.b }, {}],
    onFallback: (e) => events.push(e),
  });
  const moves = () => events.map((e) => `${e.from}->${e.to}:${e.reason}`);
  return { a, b, c, target, events, moves, breakers, advance: (ms: number) => (t += ms) };
}

describe('a chain of fallbacks', () => {
  it('asks each source in order until one answers, and the answer says which', async () => {
    const { a, b, c, target, events, moves } = chain();
    expect(await target.infer('m')).toEqual({ model: 'm', by: 'a', source: 'remote', sourceName: 'primary' });
    a.fail = conn;
    expect(await target.infer('m')).toEqual({ model: 'm', by: 'b', source: 'remote', sourceName: 'fallback1' });
    b.fail = unavailable;
    expect(await target.infer('m')).toEqual({ model: 'm', by: 'c', source: 'local', sourceName: 'fallback2' });
    expect([a.calls, b.calls, c.calls]).toEqual([3, 2, 1]);
    expect(moves()).toEqual(['primary->fallback1:error', 'primary->fallback1:error', 'fallback1->fallback2:error']);
    expect(events[2]!.error).toBeInstanceOf(InternalServerError);
    expect(events[2]!.method).toBe('infer');
  });

  it('gives every source but the last its own breaker: an open one is skipped without a call', async () => {
    const { a, b, c, target, moves, breakers, advance } = chain();
    a.fail = conn;
    b.fail = unavailable;
    await target.infer('m');
    await target.infer('m');
    expect([breakers.primary.state, breakers.b.state]).toEqual(['open', 'open']);
    const before = [a.calls, b.calls];
    expect((await target.infer('m')).by).toBe('c');
    expect([a.calls, b.calls]).toEqual(before); // no I/O to either open source
    // both skips are reported once the source asked is known
    expect(moves().slice(-2)).toEqual(['primary->fallback2:circuit-open', 'fallback1->fallback2:circuit-open']);
    // the last source has no breaker: it is asked every time, whatever it answered before
    expect(c.calls).toBe(3);
    // after the cool-down the replica's probe succeeds and closes its circuit; the primary's probe fails
    b.fail = undefined;
    advance(1_000);
    expect((await target.infer('m')).by).toBe('b');
    expect([breakers.primary.state, breakers.b.state]).toEqual(['open', 'closed']);
  });

  it('stops at an error the request caused: it is thrown and the sources after it are not asked', async () => {
    const { a, b, c, target, breakers } = chain();
    a.fail = conn;
    b.fail = badRequest;
    await expect(target.infer('m')).rejects.toBeInstanceOf(BadRequestError);
    expect(c.calls).toBe(0);
    expect(breakers.b.consecutiveFailures).toBe(0); // the replica answered: a success for its breaker
  });

  it("throws the last source's error as it is, failover kind or not", async () => {
    const { a, b, c, target } = chain();
    a.fail = conn;
    b.fail = conn;
    c.fail = unavailable;
    await expect(target.infer('m')).rejects.toBeInstanceOf(InternalServerError);
  });

  it('stops once the caller has aborted, whatever the error', async () => {
    const { a, b, c, target } = chain();
    const controller = new AbortController();
    a.fail = () => {
      controller.abort();
      return conn();
    };
    await expect(target.infer('m', { signal: controller.signal })).rejects.toBeInstanceOf(ConnectionError);
    expect([b.calls, c.calls]).toEqual([0, 0]);
  });

  it('skips a source without the method, in a group too', async () => {
    const [a, c] = [source('a'), source('c')];
    const events: FallbackEvent[] = [];
    const partial = { infer: undefined, models: {} } as unknown as Target;
    const target = withFallback<Target>(a.target, partial, c.target, { fallbacks: [{ name: 'replica' }, { name: 'onnx' }], onFallback: (e) => events.push(e) });
    a.fail = conn;
    expect(await target.infer('m')).toEqual({ model: 'm', by: 'c', source: 'local', sourceName: 'onnx' });
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(['primary->onnx']);
    expect((await target.models.get('x')).sourceName).toBe('primary');
  });

  it('when no source after an open circuit has the method: CircuitOpenError naming the open ones', async () => {
    let t = 0;
    const open = () => {
      const b = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
      b.recordFailure();
      return b;
    };
    const a = source('a');
    const partial = { models: {} } as unknown as Target;
    const target = withFallback<Target>(a.target, a.target, partial, { breaker: open(), fallbacks: [{ name: 'replica', breaker: open() }, { name: 'onnx' }] });
    t = 250;
    const err = await target.infer('m').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).message).toBe('circuits for primary, replica are open and no other source has infer(); a probe is allowed at 1000 ms');
    expect((err as CircuitOpenError).retryAtMs).toBe(1_000);
    expect(a.calls).toBe(0);
  });

  it('a circuit that never allows a probe (cooldownMs: Infinity) says so, not "allowed at Infinity ms"', async () => {
    const b = createCircuitBreaker({ failureThreshold: 1, cooldownMs: Infinity });
    b.recordFailure();
    const a = source('a');
    const partial = { models: {} } as unknown as Target;
    const target = withFallback<Target>(a.target, partial, { breaker: b });
    const err = await target.infer('m').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).message).toBe('circuit for primary is open and no other source has infer(); no probe is ever allowed (cooldownMs: Infinity)');
    expect((err as CircuitOpenError).retryAtMs).toBe(Infinity);
  });

  it("when the sources after a failed one lack the method: that source's error", async () => {
    const a = source('a');
    a.fail = unavailable;
    const partial = { models: {} } as unknown as Target;
    const target = withFallback<Target>(a.target, partial, partial, {});
    await expect(target.infer('m')).rejects.toBeInstanceOf(InternalServerError);
  });
});

describe('one fallback, as before', () => {
  it('names the sources primary and fallback and reports the move', async () => {
    const [a, b] = [source('a'), source('b')];
    const events: FallbackEvent[] = [];
    const target = withFallback<Target>(a.target, b.target, { onFallback: (e) => events.push(e) });
    a.fail = conn;
    expect(await target.infer('m')).toEqual({ model: 'm', by: 'b', source: 'local', sourceName: 'fallback' });
    expect(events).toEqual([{ method: 'infer', reason: 'error', error: expect.any(ConnectionError), from: 'primary', to: 'fallback' }]);
  });
});
