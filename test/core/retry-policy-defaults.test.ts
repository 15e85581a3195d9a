/**
 * The retry policy's documented defaults and rules as pure functions (src/core/retry.ts, retry-budget.ts;
 * docs/core.md "Retries and the safety rule"): the backoff schedule and its cap, the retryable
 * statuses, the budget's capacity/refill, and `retry: false`.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, createRetryBudget, isRetryableStatus, resolveRetryPolicy } from '../../src/index.js';

describe('resolveRetryPolicy defaults', () => {
  it('2 retries, 500 ms doubling to a cap of 8000 ms, 25 % jitter', () => {
    const noJitter = resolveRetryPolicy({ random: () => 0 });
    expect(noJitter.maxRetries).toBe(2);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(noJitter, n))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    // the most jitter removes is 25 % of the delay
    const fullJitter = resolveRetryPolicy({ random: () => 1 });
    expect([1, 5, 6].map((n) => backoffDelay(fullJitter, n))).toEqual([375, 6000, 6000]);
  });

  it('false means no retries at all (the policy a stream resume consults too)', () => {
    expect(resolveRetryPolicy(false).maxRetries).toBe(0);
    expect(resolveRetryPolicy(false, () => undefined).maxRetries).toBe(0);
    expect(resolveRetryPolicy(undefined).maxRetries).toBe(2);
  });

  it('each client gets its own budget by default; a given one is kept', () => {
    const a = resolveRetryPolicy({});
    const b = resolveRetryPolicy({});
    expect(a.budget).not.toBe(b.budget);
    const shared = createRetryBudget();
    expect(resolveRetryPolicy({ budget: shared }).budget).toBe(shared);
  });

  it('the cap applies before the jitter', () => {
    const p = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 300, jitter: 0.5, random: () => 1 });
    expect([1, 2, 3, 4].map((n) => backoffDelay(p, n))).toEqual([50, 100, 150, 150]);
  });
});

describe('isRetryableStatus: 408, 409, 429 and 5xx', () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 599])('%i is retryable', (s) => {
    expect(isRetryableStatus(s)).toBe(true);
  });
  it.each([200, 301, 400, 401, 403, 404, 407, 410, 422, 428, 430, 499])('%i is not', (s) => {
    expect(isRetryableStatus(s)).toBe(false);
  });
});

describe('createRetryBudget', () => {
  it('defaults: 10 tokens, each success returns 0.1 of one, never above the capacity', () => {
    const b = createRetryBudget();
    expect(b.tokens).toBe(10);
    b.recordSuccess();
    expect(b.tokens).toBe(10);
    expect(b.trySpend()).toBe(true);
    expect(b.tokens).toBe(9);
    b.recordSuccess();
    expect(b.tokens).toBeCloseTo(9.1, 10);
    for (let i = 0; i < 20; i++) b.recordSuccess();
    expect(b.tokens).toBe(10);
  });

  it('spends whole tokens only: 10 retries, then none until successes refill one', () => {
    const b = createRetryBudget();
    const spent = Array.from({ length: 11 }, () => b.trySpend());
    expect(spent).toEqual([...Array(10).fill(true), false]);
    expect(b.tokens).toBe(0);
    for (let i = 0; i < 5; i++) b.recordSuccess();
    expect(b.trySpend()).toBe(false); // half a token is not a retry
    expect(b.tokens).toBeCloseTo(0.5, 10);
  });

  it('a refill that would overshoot stops at the capacity', () => {
    const b = createRetryBudget({ capacity: 3, refillPerSuccess: 2 });
    b.trySpend();
    b.recordSuccess();
    expect(b.tokens).toBe(3);
  });

  it('refuses a NaN capacity or refill (it used to leave a budget that allowed no retry, in silence)', () => {
    expect(() => createRetryBudget({ capacity: Number.NaN })).toThrow(/capacity must be a number/);
    expect(() => createRetryBudget({ capacity: 1, refillPerSuccess: Number.NaN })).toThrow(/refillPerSuccess must be a number/);
  });
});
