/**
 * A poll's retries see the time the wait has left: a poll answered 429 whose Retry-After is longer
 * than that fails at once with the RateLimitError (and the prediction is cancelled), instead of
 * sleeping into the wait's deadline and ending as a TimeoutError that hides the server's answer.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { waitForPrediction } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('waitForPrediction: a Retry-After longer than the time left', () => {
  it('throws the RateLimitError at once and cancels the prediction', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 429, headers: { 'retry-after': '20' } } });
    const err = await rejectionAs(waitForPrediction(fx.client, p, { timeoutMs: 3000, initialDelayMs: 1 }), RateLimitError);
    expect(err.retryAfterMs).toBe(20_000);
    expect(fx.rs.server.count((r) => r.method === 'GET' && r.path === `/v1/predictions/${p.id}`)).toBe(1);
    expect(fx.rs.predictions.get(p.id)!.body.status).toBe('canceled');
  });
});
