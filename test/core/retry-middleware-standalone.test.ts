/**
 * retryMiddleware used on its own (it is exported for custom stacks), on a request that carries no
 * deadline (`timeoutMs` absent: the WireRequest field is optional): it retries under the policy,
 * and tells later attempts that no deadline applies (Infinity), never a NaN "time left".
 */
import { describe, expect, it } from 'vitest';
import { resolveRetryPolicy, retryMiddleware, type WireRequest, type WireResponse } from '../../src/index.js';

function answer(status: number): WireResponse {
  return new Response(JSON.stringify({ status }), { status, headers: { 'content-type': 'application/json' } }) as unknown as WireResponse;
}

describe('retryMiddleware on a request without a deadline', () => {
  it('retries, and each later attempt is told the time left is unbounded', async () => {
    const seen: Array<{ attempt: number; timeoutMs: number | undefined }> = [];
    const statuses = [503, 503, 200];
    const handler = retryMiddleware(resolveRetryPolicy({ initialDelayMs: 1, jitter: 0 }))(async (req) => {
      seen.push({ attempt: req.attempt, timeoutMs: req.timeoutMs });
      return answer(statuses[seen.length - 1]!);
    });
    const req: WireRequest = { method: 'GET', url: 'http://127.0.0.1:1/r', headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.get', attempt: 1 };
    const res = await handler(req);
    expect(res.status).toBe(200);
    expect(seen).toEqual([
      { attempt: 1, timeoutMs: undefined },
      { attempt: 2, timeoutMs: Infinity },
      { attempt: 3, timeoutMs: Infinity },
    ]);
  });

  it("numbers its attempts on from the request's own: a request sent as attempt 2 gets maxRetries - 1 more", async () => {
    const seen: number[] = [];
    const handler = retryMiddleware(resolveRetryPolicy({ maxRetries: 2, initialDelayMs: 1, jitter: 0 }))(async (req) => {
      seen.push(req.attempt);
      return answer(503);
    });
    const req: WireRequest = { method: 'GET', url: 'http://127.0.0.1:1/r', headers: {}, signal: new AbortController().signal, idempotent: true, operation: 'test.get', attempt: 2 };
    const res = await handler(req);
    expect(res.status).toBe(503);
    expect(seen).toEqual([2, 3]);
  });
});
