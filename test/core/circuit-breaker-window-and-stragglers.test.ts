/**
 * createCircuitBreaker (src/core/circuit-breaker.ts) beyond the basic state walk: the failure-rate
 * window slides correctly over many calls and starts empty again after the circuit opens, closes or
 * is reset; a failure reported while the circuit is open does not restart the cool-down; reset() of a
 * closed circuit is no state change; a failureRateThreshold that is not a number is refused.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreakerOptions, type CircuitStateChange } from '../../src/core/circuit-breaker.js';
import { InvalidRequestError } from '../../src/core/errors.js';

function setup(options: CircuitBreakerOptions = {}) {
  let t = 1_000;
  const changes: CircuitStateChange[] = [];
  const breaker = createCircuitBreaker({ now: () => t, onStateChange: (c) => changes.push(c), ...options });
  return { breaker, changes, advance: (ms: number) => (t += ms), time: () => t };
}

describe('the failure-rate window', () => {
  it('keeps sliding: the oldest outcomes leave one by one, over more than one turn of the window', () => {
    const { breaker, changes } = setup({ failureThreshold: Infinity, failureRateThreshold: 1, windowSize: 3 });
    breaker.recordSuccess();
    breaker.recordSuccess();
    breaker.recordFailure(); // [S S F]
    breaker.recordFailure(); // [S F F]: 2/3
    expect(breaker.state).toBe('closed');
    breaker.recordFailure(); // [F F F]: 3/3
    expect(breaker.state).toBe('open');
    expect(changes.map((c) => c.reason)).toEqual(['failure rate 1.00 over 3 calls']);
  });

  it('is judged again only on a full window once the circuit has opened and closed', () => {
    const { breaker, changes, advance } = setup({ failureThreshold: Infinity, failureRateThreshold: 0.5, windowSize: 4, cooldownMs: 10 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordSuccess();
    breaker.recordFailure(); // 2/4 -> open
    expect(breaker.state).toBe('open');
    advance(10);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess(); // probe succeeded -> closed, with an empty window
    expect(breaker.state).toBe('closed');
    breaker.recordFailure(); // 1 call in the window: not judged yet
    expect(breaker.state).toBe('closed');
    breaker.recordSuccess();
    breaker.recordSuccess(); // 3 calls
    expect(breaker.state).toBe('closed');
    breaker.recordFailure(); // 4 calls, 2 failures -> open
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed', 'open']);
  });

  it('reset() empties it ("back to closed with clean counters")', () => {
    const { breaker } = setup({ failureThreshold: Infinity, failureRateThreshold: 1, windowSize: 2 });
    breaker.recordFailure();
    breaker.reset();
    breaker.recordFailure(); // 1 call since the reset: the window is not full
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('reset() also clears the consecutive count', () => {
    const { breaker } = setup({ failureThreshold: 3 });
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.reset();
    expect(breaker.consecutiveFailures).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });
});

describe('outcomes reported while the circuit is open', () => {
  it('a failure of a call that began before the circuit opened does not restart the cool-down', () => {
    const { breaker, advance, time } = setup({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure();
    const retryAt = time() + 100;
    expect(breaker.retryAtMs).toBe(retryAt);
    advance(60);
    breaker.recordFailure(); // a straggler
    expect(breaker.retryAtMs).toBe(retryAt);
    expect(breaker.consecutiveFailures).toBe(0);
    advance(40);
    expect(breaker.tryAcquire()).toBe(true); // the probe, on the original schedule
    expect(breaker.state).toBe('half-open');
  });

  it('retryAtMs is undefined again once the circuit is half-open', () => {
    const { breaker, advance } = setup({ failureThreshold: 1, cooldownMs: 100 });
    breaker.recordFailure();
    advance(100);
    breaker.tryAcquire();
    expect(breaker.state).toBe('half-open');
    expect(breaker.retryAtMs).toBeUndefined();
  });
});

describe('state changes', () => {
  it('reset() of a closed circuit reports no change (onStateChange fires on transitions only)', () => {
    const { breaker, changes } = setup({ failureThreshold: 2 });
    breaker.recordFailure();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([]);
  });
});

describe('option checks', () => {
  it.each<[unknown]>([['0.5'], [true], [-0.1]])('failureRateThreshold %j is refused with InvalidRequestError naming it', (value) => {
    let err: unknown;
    try {
      createCircuitBreaker({ failureRateThreshold: value as number });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('failureRateThreshold');
  });

  it('windowSize: 1 000 000 is accepted, one more is refused; a fraction is rounded down', () => {
    expect(() => createCircuitBreaker({ failureRateThreshold: 0.5, windowSize: 1_000_000 })).not.toThrow();
    expect(() => createCircuitBreaker({ failureRateThreshold: 0.5, windowSize: 1_000_001 })).toThrow(InvalidRequestError);
    const { breaker } = setup({ failureThreshold: Infinity, failureRateThreshold: 1, windowSize: 2.9 });
    breaker.recordFailure();
    breaker.recordFailure(); // a window of 2, full and all failures
    expect(breaker.state).toBe('open');
  });
});
