/**
 * withFallback and a circuit that has gone round (src/core/fallback.ts, src/core/circuit-breaker.ts):
 * a call that began before the circuit opened and ends after a probe closed it again speaks for an
 * endpoint that has since recovered, so it neither counts as a failure of the recovered endpoint
 * nor resets its count of failures.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

/** A primary whose 'slow' calls stay pending until settled by hand; 'fail' rejects; others resolve. */
function primaryWithStraggler() {
  const pending: { ok?: (v: string) => void; ko?: (e: unknown) => void } = {};
  const primary = {
    infer: (id: string): Promise<string> => {
      if (id === 'fail') return Promise.reject(conn());
      if (id === 'slow') return new Promise<string>((ok, ko) => Object.assign(pending, { ok, ko }));
      return Promise.resolve(`remote:${id}`);
    },
  };
  return { pending, primary, fallback: { infer: async (id: string) => `local:${id}` } };
}

describe('an outcome from before the circuit opened, after a probe closed it', () => {
  it('a late failure does not reopen the recovered circuit', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const { pending, primary, fallback } = primaryWithStraggler();
    const target = withFallback(primary, fallback, { breaker });
    const straggler = target.infer('slow'); // reaches the primary while closed, hangs
    await target.infer('fail'); // opens the circuit
    t = 1_000;
    expect(await target.infer('probe')).toBe('remote:probe'); // the probe closes it
    expect(breaker.state).toBe('closed');
    pending.ko!(conn()); // the hung request of the outage times out at last
    expect(await straggler).toBe('local:slow'); // it still fails over
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
  });

  it('a late success does not reset the failures counted since', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: () => t });
    const { pending, primary, fallback } = primaryWithStraggler();
    const target = withFallback(primary, fallback, { breaker });
    const straggler = target.infer('slow');
    await target.infer('fail');
    await target.infer('fail'); // open
    t = 1_000;
    await target.infer('probe'); // closed again
    await target.infer('fail'); // one failure of the recovered endpoint
    pending.ok!('remote:slow');
    expect(await straggler).toBe('remote:slow');
    expect(breaker.consecutiveFailures).toBe(1);
  });
});

describe('a CircuitBreaker of your own (docs/fallback.md, Circuit breaker)', () => {
  it('is told every outcome, a straggler\'s too, but only those of the calls it let through while its state reads half-open', async () => {
    const told: string[] = [];
    let state: CircuitBreaker['state'] = 'closed';
    const breaker = {
      get state() {
        return state;
      },
      retryAtMs: undefined,
      consecutiveFailures: 0,
      tryAcquire: () => true,
      recordSuccess: () => void told.push('success'),
      recordFailure: () => void told.push('failure'),
      releaseProbe: () => void told.push('release'),
      reset: () => undefined,
    } satisfies CircuitBreaker;
    const { pending, primary, fallback } = primaryWithStraggler();
    const target = withFallback(primary, fallback, { breaker });
    const straggler = target.infer('slow'); // let through while closed
    expect(await target.infer('fail')).toBe('local:fail');
    expect(told).toEqual(['failure']);
    state = 'half-open';
    pending.ok!('remote:slow'); // ends while it reads half-open: not the probe, so not told
    expect(await straggler).toBe('remote:slow');
    expect(told).toEqual(['failure']);
    expect(await target.infer('probe')).toBe('remote:probe'); // let through while half-open: the probe
    expect(told).toEqual(['failure', 'success']);
    state = 'closed';
    const late = target.infer('slow'); // no rounds on a breaker of your own: a late outcome is told
    state = 'open';
    pending.ko!(conn());
    expect(await late).toBe('local:slow');
    expect(told).toEqual(['failure', 'success', 'failure']);
  });
});

