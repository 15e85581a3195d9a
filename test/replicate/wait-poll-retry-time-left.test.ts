/**
 * A poll's retries see the time the wait has left: a poll answered 429 whose Retry-After is longer
 * than that fails at once with the RateLimitError (and the prediction is cancelled), instead of
 * sleeping into the wait's deadline and ending as a TimeoutError that hides the server's answer.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/index.js';
import { createPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const VERSION = '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa';

describe('waitForPrediction: a Retry-After longer than the time left', () => {
  it('throws the RateLimitError at once and cancels the prediction', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 429, headers: { 'retry-after': '20' } } });
    const err = await rejectionAs(waitForPrediction(fx.client, p, { timeoutMs: 3000, initialDelayMs: 1 }), RateLimitError);
    expect(err.retryAfterMs).toBe(20_000);
    expect(fx.rs.server.count((r) => r.method === 'GET' && r.path === `/v1/predictions/${p.id}`)).toBe(1);
    expect(fx.rs.predictions.get(p.id)!.body.status).toBe('canceled');
  });
});
