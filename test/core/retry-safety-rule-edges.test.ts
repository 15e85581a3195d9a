/**
 * retryDelay, the one judge of every retry (the middleware's and a stream resume's), at the edges of
 * its rules (docs/core.md "Retries and the safety rule"): the attempt limit, the time left, the
 * budget spent only on a retry that is made, a streamed body, an aborted call, x-should-retry.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, TimeoutError, createRetryBudget, resolveRetryPolicy, type RetryOptions } from '../../src/index.js';
import { retryDelay, type AttemptOutcome } from '../../src/core/retry.js';
import type { WireResponse } from '../../src/core/types.js';

const live = new AbortController().signal;
const idempotentReq = { signal: live, body: undefined, idempotent: true };
const postReq = { signal: live, body: '{}', idempotent: false };

function response(status: number, headers: Record<string, string> = {}): AttemptOutcome {
  return { response: { status, headers: new Headers(headers), body: null, text: async () => '', arrayBuffer: async () => new ArrayBuffer(0) } as WireResponse };
}
const reset = (reached: boolean): AttemptOutcome => ({ error: new ConnectionError('reset', { requestMayHaveReachedServer: reached }) });

function policy(extra: RetryOptions = {}) {
  return resolveRetryPolicy({ initialDelayMs: 100, jitter: 0, ...extra });
}

describe('retryDelay: the attempt limit', () => {
  it('attempt n may be retried while n ≤ maxRetries', () => {
    const p = policy({ maxRetries: 2 });
    expect(retryDelay(p, idempotentReq, response(503), 1, Infinity)).toEqual({ delayMs: 100, delaySource: 'backoff' });
    expect(retryDelay(p, idempotentReq, response(503), 2, Infinity)).toEqual({ delayMs: 200, delaySource: 'backoff' });
    expect(retryDelay(p, idempotentReq, response(503), 3, Infinity)).toBeUndefined();
  });

  it('maxRetries 0 retries nothing', () => {
    expect(retryDelay(policy({ maxRetries: 0 }), idempotentReq, response(503), 1, Infinity)).toBeUndefined();
  });
});

describe('retryDelay: the deadline and the budget', () => {
  it('a wait that would use up all the time left is not made (nothing would be left for the attempt)', () => {
    const p = policy();
    expect(retryDelay(p, idempotentReq, response(503), 1, 101)).toEqual({ delayMs: 100, delaySource: 'backoff' });
    expect(retryDelay(p, idempotentReq, response(503), 1, 100)).toBeUndefined();
    expect(retryDelay(p, idempotentReq, response(503, { 'retry-after-ms': '50' }), 1, 50)).toBeUndefined();
    expect(retryDelay(p, idempotentReq, response(503, { 'retry-after-ms': '50' }), 1, 51)).toEqual({ delayMs: 50, delaySource: 'server' });
  });

  it('a retry refused for any reason spends no token of the budget', () => {
    const budget = createRetryBudget({ capacity: 1, refillPerSuccess: 0 });
    const p = policy({ budget });
    expect(retryDelay(p, idempotentReq, response(503), 1, 50)).toBeUndefined(); // no time
    expect(retryDelay(p, postReq, response(503), 1, Infinity)).toBeUndefined(); // safety rule
    expect(retryDelay(p, idempotentReq, response(404), 1, Infinity)).toBeUndefined(); // status
    expect(retryDelay(p, idempotentReq, response(503), 3, Infinity)).toBeUndefined(); // attempts
    expect(budget.tokens).toBe(1);
    expect(retryDelay(p, idempotentReq, response(503), 1, Infinity)).toBeDefined();
    expect(budget.tokens).toBe(0);
    expect(retryDelay(p, idempotentReq, response(503), 1, Infinity)).toBeUndefined(); // empty
  });

  it('a server hint of 0 ms is honoured as "retry now", not replaced by the backoff', () => {
    expect(retryDelay(policy(), idempotentReq, response(429, { 'retry-after': '0' }), 1, Infinity)).toEqual({ delayMs: 0, delaySource: 'server' });
  });
});

describe('retryDelay: what is never retried', () => {
  it('an aborted call', () => {
    const ac = new AbortController();
    ac.abort();
    expect(retryDelay(policy(), { ...idempotentReq, signal: ac.signal }, response(503), 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), { ...idempotentReq, signal: ac.signal }, reset(false), 1, Infinity)).toBeUndefined();
  });

  it('a request whose body was a stream (it cannot be sent again), even an idempotent one', () => {
    const body = new ReadableStream<Uint8Array>();
    expect(retryDelay(policy(), { ...idempotentReq, body }, response(503), 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), { ...idempotentReq, body }, reset(false), 1, Infinity)).toBeUndefined();
  });

  it('an error that is not a connection failure (e.g. the deadline), on any request', () => {
    const timeout: AttemptOutcome = { error: new TimeoutError('late', { timeoutMs: 1 }) };
    expect(retryDelay(policy(), idempotentReq, timeout, 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), idempotentReq, { error: new Error('bug') }, 1, Infinity)).toBeUndefined();
  });
});

describe('retryDelay: the safety rule on connection failures', () => {
  it('a POST that never reached the server is retried; one that may have is not, unless idempotent', () => {
    expect(retryDelay(policy(), postReq, reset(false), 1, Infinity)).toEqual({ delayMs: 100, delaySource: 'backoff' });
    expect(retryDelay(policy(), postReq, reset(true), 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), idempotentReq, reset(true), 1, Infinity)).toEqual({ delayMs: 100, delaySource: 'backoff' });
  });
});

describe('retryDelay: x-should-retry and refusedBeforeWork on a response', () => {
  it('x-should-retry only counts as "true" or "false"; anything else leaves the status rule', () => {
    expect(retryDelay(policy(), idempotentReq, response(400, { 'x-should-retry': 'true' }), 1, Infinity)).toBeDefined();
    expect(retryDelay(policy(), idempotentReq, response(503, { 'x-should-retry': 'false' }), 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), idempotentReq, response(400, { 'x-should-retry': 'yes' }), 1, Infinity)).toBeUndefined();
    expect(retryDelay(policy(), idempotentReq, response(503, { 'x-should-retry': 'no' }), 1, Infinity)).toBeDefined();
  });

  it('refusedBeforeWork makes a POST repeatable for the listed statuses only', () => {
    const req = { ...postReq, refusedBeforeWork: [429] };
    expect(retryDelay(policy(), req, response(429), 1, Infinity)).toBeDefined();
    expect(retryDelay(policy(), req, response(503), 1, Infinity)).toBeUndefined();
    // not a status the server refused: a connection that may have reached it stays unrepeatable
    expect(retryDelay(policy(), req, reset(true), 1, Infinity)).toBeUndefined();
  });
});
