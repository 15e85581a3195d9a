/**
 * withFallback when the only sources with a method are skipped while a half-open probe is in flight
 * (src/core/fallback.ts): the CircuitOpenError says that a probe is in flight, not that the circuit
 * is open with a probe allowed at 0 ms. Its `retryAtMs` is when the probe's slot lapses (the probe's
 * start + cooldownMs: a probe holds it for one cool-down at most), or an open source's own retryAtMs
 * when that comes first; it used to be 0, though a bound was known.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { CircuitOpenError, ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

interface Target {
  infer(id: string): Promise<{ id: string }>;
  other(): Promise<{ by: string }>;
}

/** A source whose `infer` fails while `fail` is set, else stays pending until `release()`. */
function pendingSource(): { fail: boolean; release: () => void; target: Target } {
  let release: (() => void) | undefined;
  const s: { fail: boolean; release: () => void; target: Target } = {
    fail: true,
    release: () => release?.(),
    target: {
      infer: (id: string) => (s.fail ? Promise.reject(conn()) : new Promise<{ id: string }>((ok) => (release = () => ok({ id })))),
      other: async () => ({ by: 'source' }),
    },
  };
  return s;
}

const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe('a call skipped for a probe in flight, with no other source for the method', () => {
  it('one fallback: the error says the probe is in flight', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const a = pendingSource();
    const target = withFallback<Target>(a.target, { other: async () => ({ by: 'fallback' }) } as unknown as Target, { breaker });
    await rejection(target.infer('x')); // opens the circuit
    t = 1_000;
    a.fail = false;
    const probe = target.infer('probe'); // the one half-open probe, pending
    const err = await rejection(target.infer('during'));
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).message).toBe('circuit for primary is half-open with its probe in flight and no other source has infer(); retry once the probe has ended or at 2000 ms');
    expect((err as CircuitOpenError).retryAtMs).toBe(2_000); // the probe's slot lapses: before the fix, 0
    a.release();
    expect(await probe).toEqual({ id: 'probe', source: 'remote', sourceName: 'primary' });
    expect(breaker.state).toBe('closed');
  });

  it('a chain: open and probing sources are named for what they are', async () => {
    let t = 0;
    const breaker = () => createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const [a, b] = [pendingSource(), pendingSource()];
    const breakers = { a: breaker(), b: breaker() };
    const onnx = { other: async () => ({ by: 'onnx' }) } as unknown as Target;
    const target = withFallback<Target>(a.target, b.target, onnx, { breaker: breakers.a, fallbacks: [{ name: 'replica', breaker: breakers.b }, { name: 'onnx' }] });
    await rejection(target.infer('x')); // both fail: both open at t = 0
    t = 1_000;
    b.fail = false;
    breakers.a.tryAcquire(); // the primary's probe is taken elsewhere (a shared breaker) and fails: open until 2 000
    breakers.a.recordFailure();
    t = 1_500;
    const probe = target.infer('probe'); // the replica's probe, pending: its slot lapses at 2 500
    const err = await rejection(target.infer('during'));
    expect((err as CircuitOpenError).message).toBe('circuit for primary is open and circuit for replica is half-open with its probe in flight and no other source has infer(); retry once the probe has ended or at 2000 ms');
    expect((err as CircuitOpenError).retryAtMs).toBe(2_000); // the primary's probe comes first: before the fix, 0
    b.release();
    expect((await probe).sourceName).toBe('replica');
  });

  it('a chain: the probe slot lapses before the open source allows its probe', async () => {
    let t = 0;
    const breaker = () => createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const [a, b] = [pendingSource(), pendingSource()];
    const breakers = { a: breaker(), b: breaker() };
    const onnx = { other: async () => ({ by: 'onnx' }) } as unknown as Target;
    const target = withFallback<Target>(a.target, b.target, onnx, { breaker: breakers.a, fallbacks: [{ name: 'replica', breaker: breakers.b }, { name: 'onnx' }] });
    await rejection(target.infer('x')); // both open at t = 0
    t = 1_000;
    breakers.a.tryAcquire(); // the primary's probe, taken elsewhere, still in flight
    t = 1_200;
    breakers.a.recordFailure(); // and fails: open until 2 200
    b.fail = false;
    t = 1_000;
    const probe = target.infer('probe'); // the replica's probe: its slot lapses at 2 000
    t = 1_300;
    const err = await rejection(target.infer('during'));
    expect((err as CircuitOpenError).retryAtMs).toBe(2_000);
    t = 2_000;
    const next = target.infer('after'); // the slot has lapsed: a new probe of the replica
    b.release();
    expect((await next).sourceName).toBe('replica');
    void probe;
  });

  it('a breaker of your own in flight: no bound is known, retryAtMs stays 0', async () => {
    const own = { state: 'half-open' as const, retryAtMs: undefined, consecutiveFailures: 0, tryAcquire: () => false, recordSuccess: () => undefined, recordFailure: () => undefined, releaseProbe: () => undefined, reset: () => undefined };
    const target = withFallback<Target>(pendingSource().target, { other: async () => ({ by: 'fallback' }) } as unknown as Target, { breaker: own });
    const err = await rejection(target.infer('during'));
    expect((err as CircuitOpenError).message).toBe('circuit for primary is half-open with its probe in flight and no other source has infer(); retry once the probe has ended');
    expect((err as CircuitOpenError).retryAtMs).toBe(0);
  });
});
