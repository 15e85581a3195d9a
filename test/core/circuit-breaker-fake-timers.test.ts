/**
 * docs/fallback.md (Circuit breaker): "The clock is read only when a call asks"; the default clock is
 * `Date.now`. A test that drives time with fake timers (`vi.useFakeTimers()`, which replaces the
 * global Date) expects the cool-down of a breaker to follow them — including a breaker made at
 * import time, before the fake timers were installed (the docs say to share one per endpoint, so a
 * module-level breaker is the common case). Regression: the breaker kept the `Date.now` function it
 * found when it was made, so one made before the fake timers never saw them advance (its circuit
 * stayed open), and one made while they were installed kept reading the frozen fake clock after
 * `vi.useRealTimers()`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

// made at import, as a breaker shared per endpoint is
const moduleBreaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 30_000 });

afterEach(() => vi.useRealTimers());

describe('the default clock follows the global Date', () => {
  it('a breaker made before vi.useFakeTimers() half-opens once the fake clock passes its cool-down', async () => {
    vi.useFakeTimers();
    moduleBreaker.reset();
    let primaryCalls = 0;
    const target = withFallback(
      { infer: async (): Promise<string> => (primaryCalls++ === 0 ? Promise.reject(new ConnectionError('refused', { requestMayHaveReachedServer: false })) : 'remote') },
      { infer: async (): Promise<string> => 'local' },
      { breaker: moduleBreaker },
    );
    expect(await target.infer()).toBe('local'); // the failure opens the circuit
    expect(moduleBreaker.state).toBe('open');
    expect(moduleBreaker.retryAtMs).toBe(Date.now() + 30_000); // read on the fake clock
    vi.advanceTimersByTime(29_999);
    expect(await target.infer()).toBe('local'); // still cooling down: the primary is not asked
    expect(primaryCalls).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await target.infer()).toBe('remote'); // before the fix: 'local' (the breaker read the real clock)
    expect(moduleBreaker.state).toBe('closed');
  });

  it('a breaker made under fake timers reads the real clock again after vi.useRealTimers()', () => {
    vi.useFakeTimers({ now: 0 });
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000 });
    breaker.recordFailure();
    expect(breaker.retryAtMs).toBe(1_000);
    vi.useRealTimers();
    // the real clock is far past 1 000 ms since the epoch: the cool-down is over
    expect(breaker.tryAcquire()).toBe(true); // before the fix: false (the frozen fake clock still read 0)
    expect(breaker.state).toBe('half-open');
  });
});
