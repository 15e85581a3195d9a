/**
 * user callbacks of withFallback.
 * - FallbackPolicy.onFallback / CircuitBreakerOptions.onStateChange: "Exceptions thrown by it are
 *   ignored" — but an async hook (a natural `async (e) => metrics.send(e)`) that rejects leaves an
 *   unhandled rejection, which terminates a Node process by default.
 * - a throwing `shouldFallback` during the half-open probe leaves the probe slot taken for ever:
 *   the circuit never closes again, every later call goes to the fallback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe('withFallback hooks', () => {
  it('an async onFallback that rejects does not leave an unhandled rejection (its errors are ignored)', async () => {
    process.on('unhandledRejection', onUnhandled);
    const marker = new Error('metrics down (onFallback)');
    const target = withFallback(
      { infer: async () => Promise.reject(conn()) },
      { infer: async () => ({ ok: true }) },
      { onFallback: async () => { throw marker; } },
    );
    const res = await target.infer();
    expect(res.source).toBe('local');
    await settleMicrotasks();
    expect(unhandled).not.toContain(marker);
  });

  it('an async onStateChange that rejects does not leave an unhandled rejection (its errors are ignored)', async () => {
    process.on('unhandledRejection', onUnhandled);
    const marker = new Error('alerting down (onStateChange)');
    const breaker = createCircuitBreaker({ failureThreshold: 1, onStateChange: async () => { throw marker; } });
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    await settleMicrotasks();
    expect(unhandled).not.toContain(marker);
  });

  it('a throwing shouldFallback during the half-open probe does not leave the probe slot taken for ever', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: () => t });
    let primaryCalls = 0;
    let healthy = false;
    let classifierBroken = false;
    const target = withFallback(
      { infer: async () => { primaryCalls++; if (!healthy) throw conn(); return { v: 'remote' }; } },
      { infer: async () => ({ v: 'local' }) },
      { breaker, shouldFallback: (e) => { if (classifierBroken) throw new Error('classifier bug'); return e instanceof ConnectionError; } },
    );
    await target.infer(); // fails over, opens the circuit
    expect(breaker.state).toBe('open');
    t += 1000;
    classifierBroken = true;
    await expect(target.infer()).rejects.toThrow('classifier bug'); // the probe: its outcome is unknown
    classifierBroken = false;
    healthy = true;
    t += 1_000_000;
    const calls = primaryCalls;
    const res = await target.infer();
    expect(primaryCalls).toBe(calls + 1); // the next call may probe the (now healthy) primary
    expect(res.source).toBe('remote');
    expect(breaker.state).toBe('closed');
  });
});
