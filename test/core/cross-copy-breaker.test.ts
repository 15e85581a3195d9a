// Two copies of modelwire in one process (the ESM and the CJS build, which Node loads side by side
// when an app requires 'modelwire' in one place and imports it in another): a circuit breaker made
// by one copy's createCircuitBreaker and given to the other copy's withFallback keeps what it has
// within one copy: the outcome of a call that began before the circuit opened and ends after a
// probe closed it again does not count (docs/fallback.md, "half-open"). Regression: each copy kept
// the breakers' rounds in a registry of its own, so the other copy took such a breaker for one of
// the user's own, and a request that hung through the outage reopened the recovered circuit.
import { describe, expect, it } from 'vitest';
import { ConnectionError, createCircuitBreaker, withFallback } from '../../src/index.js';
import { secondCopy } from './_support.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

describe('a breaker used with withFallback of another copy of modelwire', () => {
  it.each([
    ['this copy breaker, the other copy withFallback', true],
    ['the other copy breaker, this copy withFallback', false],
  ])('%s: a late failure from before the outage does not reopen the recovered circuit', async (_name, oursMakes) => {
    const copy = await secondCopy();
    const [make, wrap] = oursMakes ? [createCircuitBreaker, copy.withFallback] : [copy.createCircuitBreaker, withFallback];
    let t = 0;
    const breaker = make({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    let fail: ((e: unknown) => void) | undefined;
    const primary = {
      infer: (id: string): Promise<string> =>
        id === 'fail' ? Promise.reject(conn()) : id === 'slow' ? new Promise<string>((_ok, ko) => (fail = ko)) : Promise.resolve(`remote:${id}`),
    };
    const target = wrap(primary, { infer: async (id: string) => `local:${id}` }, { breaker });
    const straggler = target.infer('slow'); // reaches the primary while closed, hangs
    await target.infer('fail'); // opens the circuit
    expect(breaker.state).toBe('open');
    t = 1_000;
    expect(await target.infer('probe')).toBe('remote:probe'); // the probe closes it
    expect(breaker.state).toBe('closed');
    fail!(conn()); // the hung request of the outage fails at last
    expect(await straggler).toBe('local:slow');
    expect(breaker.state).toBe('closed');
  });
});
