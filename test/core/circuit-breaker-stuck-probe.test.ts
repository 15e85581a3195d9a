/**
 * A half-open probe that does not end (src/core/circuit-breaker.ts, docs/fallback.md "Circuit
 * breaker"): it holds the probe slot for one cool-down at most; then the next call is a new probe.
 * It used to hold it until it ended, and a source with no deadline of its own (a hung call of your
 * own object) kept the circuit half-open for ever: every call skipped the endpoint, and one for a
 * method only it has was refused with CircuitOpenError ("retry once the probe has ended") for ever.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitStateChange } from '../../src/core/circuit-breaker.js';
import { CircuitOpenError, ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

describe('createCircuitBreaker: a probe holds its slot for one cool-down', () => {
  it('the next caller becomes the probe once the probe in flight has had a full cool-down; no state change is reported', () => {
    let t = 0;
    const changes: CircuitStateChange[] = [];
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t, onStateChange: (c) => changes.push(c) });
    breaker.recordFailure();
    t = 1_000;
    expect(breaker.tryAcquire()).toBe(true); // the probe, which never ends
    t = 1_999;
    expect(breaker.tryAcquire()).toBe(false);
    t = 2_000;
    expect(breaker.tryAcquire()).toBe(true); // a new probe
    expect(breaker.tryAcquire()).toBe(false); // which holds the slot in turn
    expect(breaker.state).toBe('half-open');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open']);
    breaker.recordFailure(); // the new probe fails: open, a fresh cool-down
    expect([breaker.state, breaker.retryAtMs]).toEqual(['open', 3_000]);
  });
});

describe('withFallback over a source whose probe never ends', () => {
  it('a method only the primary has reaches it again after one cool-down, and its answer closes the circuit', async () => {
    let t = 0;
    let hang = false;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const primary = {
      infer: (): Promise<string> => (hang ? new Promise<string>(() => undefined) : Promise.reject(new ConnectionError('refused', { requestMayHaveReachedServer: false }))),
      status: async () => ({ ok: true }),
    };
    const target = withFallback(primary, { infer: async () => 'local' } as unknown as typeof primary, { breaker });
    expect(await target.infer()).toBe('local'); // opens the circuit
    t = 1_000;
    hang = true;
    void target.infer(); // the probe: never ends
    await expect(target.status()).rejects.toBeInstanceOf(CircuitOpenError);
    t = 2_000;
    expect(await target.status()).toEqual({ ok: true, source: 'remote', sourceName: 'primary' });
    expect(breaker.state).toBe('closed');
  });
});
