import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreakerOptions, type CircuitStateChange } from '../../src/core/circuit-breaker.js';
import { InvalidRequestError } from '../../src/core/errors.js';

function setup(options: Parameters<typeof createCircuitBreaker>[0] = {}) {
  let t = 1_000;
  const changes: CircuitStateChange[] = [];
  const breaker = createCircuitBreaker({ now: () => t, onStateChange: (c) => changes.push(c), ...options });
  return { breaker, changes, advance: (ms: number) => (t += ms), time: () => t };
}

describe('circuit breaker', () => {
  it('starts closed and lets calls through', () => {
    const { breaker, changes } = setup();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.retryAtMs).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it('closed -> open after failureThreshold consecutive failures (default 5)', () => {
    const { breaker, changes, time } = setup();
    for (let i = 0; i < 4; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
      expect(breaker.state).toBe('closed');
    }
    expect(breaker.consecutiveFailures).toBe(4);
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(changes).toEqual([{ from: 'closed', to: 'open', at: time(), reason: '5 consecutive failures' }]);
    expect(breaker.retryAtMs).toBe(time() + 30_000);
  });

  it('a success in between resets the consecutive count', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('open rejects calls until the cool-down elapses, then allows exactly one half-open probe', () => {
    const { breaker, changes, advance } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    advance(9_999);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.tryAcquire()).toBe(true); // the probe
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(false); // a second caller while the probe is in flight
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes.map((c) => `${c.from}->${c.to}:${c.reason}`)).toEqual(['closed->open:1 consecutive failures', 'open->half-open:cool-down elapsed']);
  });

  it('half-open -> closed when the probe succeeds', () => {
    const { breaker, changes, advance } = setup({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure();
    advance(100);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes.at(-1)).toMatchObject({ from: 'half-open', to: 'closed', reason: 'probe succeeded' });
  });

  it('half-open -> open when the probe fails, with a fresh cool-down', () => {
    const { breaker, changes, advance, time } = setup({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure();
    advance(150);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryAtMs).toBe(time() + 100);
    expect(breaker.tryAcquire()).toBe(false);
    advance(99);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'open', 'half-open']);
    expect(changes[2]!.reason).toBe('probe failed');
  });

  it('releaseProbe frees the half-open slot without changing state (e.g. the caller aborted)', () => {
    const { breaker, advance } = setup({ failureThreshold: 1, cooldownMs: 10 });
    breaker.recordFailure();
    advance(10);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.releaseProbe();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('opens on the failure rate over a full window even without a long consecutive run', () => {
    const { breaker, changes } = setup({ failureThreshold: 100, failureRateThreshold: 0.5, windowSize: 10 });
    // alternate failure/success: 50% failures, never 2 in a row
    for (let i = 0; i < 9; i++) (i % 2 === 0 ? breaker.recordFailure() : breaker.recordSuccess());
    expect(breaker.state).toBe('closed'); // window not full yet (9 calls, 5 failures)
    breaker.recordSuccess(); // 10 calls, 5 failures: rate is judged on failures only
    expect(breaker.state).toBe('closed');
    breaker.recordFailure(); // window slides: the oldest (a failure) leaves, this failure enters -> 5/10
    expect(breaker.state).toBe('open');
    expect(changes[0]!.reason).toBe('failure rate 0.50 over 10 calls');
  });

  it('stays closed while the failure rate is below the threshold', () => {
    const { breaker } = setup({ failureThreshold: 100, failureRateThreshold: 0.5, windowSize: 10 });
    for (let i = 0; i < 50; i++) (i % 3 === 0 ? breaker.recordFailure() : breaker.recordSuccess());
    expect(breaker.state).toBe('closed');
  });

  it('reset() closes an open circuit', () => {
    const { breaker, changes } = setup({ failureThreshold: 1 });
    breaker.recordFailure();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes.at(-1)).toMatchObject({ from: 'open', to: 'closed', reason: 'reset' });
  });

  it('a throwing onStateChange does not break the breaker', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, onStateChange: () => { throw new Error('observer bug'); } });
    expect(() => breaker.recordFailure()).not.toThrow();
    expect(breaker.state).toBe('open');
  });

  // Regression (audit6): the numbers were clamped with Math.max/Math.floor, which let NaN through
  // (e.g. `Number(process.env.X)` with X unset): failureThreshold NaN gave a circuit that never
  // opened, cooldownMs NaN one that let every call probe at once.
  it.each<[keyof CircuitBreakerOptions, unknown]>([
    ['failureThreshold', Number.NaN],
    ['failureThreshold', 0],
    ['failureThreshold', -1],
    ['failureThreshold', '3'],
    ['failureRateThreshold', 0],
    ['failureRateThreshold', 1.5],
    ['failureRateThreshold', Number.NaN],
    ['windowSize', Number.NaN],
    ['windowSize', 0],
    ['windowSize', Infinity],
    ['cooldownMs', Number.NaN],
    ['cooldownMs', -1],
  ])('rejects { %s: %s } with InvalidRequestError naming the option', (name, value) => {
    let err: unknown;
    try {
      createCircuitBreaker({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(name);
    expect((err as InvalidRequestError).message).toContain(name);
  });

  it('accepts the edges: failureThreshold Infinity (rate only), 2.5 (rounded down), cooldownMs Infinity', () => {
    const rateOnly = setup({ failureThreshold: Infinity, failureRateThreshold: 1, windowSize: 3 });
    for (let i = 0; i < 3; i++) rateOnly.breaker.recordFailure();
    expect(rateOnly.changes.map((c) => c.reason)).toEqual(['failure rate 1.00 over 3 calls']);
    const { breaker, advance } = setup({ failureThreshold: 2.5, cooldownMs: Infinity });
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    advance(1e12);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('uses the wall clock by default (cool-down 0 lets the probe through immediately)', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 0 });
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('half-open');
  });
});
