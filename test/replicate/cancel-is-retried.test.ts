/**
 * Cancelling a prediction is safe to repeat (cancelling twice changes nothing), so unlike create it
 * is retried on a 5xx: `cancelPrediction` itself, and the cancel waitForPrediction sends when it
 * gives up, even when the polls run with `retry: false` (WaitOptions: "the cancel sent when the
 * wait gives up is still retried").
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { cancelPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();


describe('cancel is retried', () => {
  it('cancelPrediction repeats a cancel answered 503 and returns the canceled prediction', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 503 } });
    const c = await cancelPrediction(fx.client, p.id);
    expect(c.status).toBe('canceled');
    expect(fx.cancels(p.id)).toBe(2);
  });

  it('the cancel of a wait that timed out is retried even though its polls are not (retry: false)', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 503 } });
    await rejectionAs(waitForPrediction(fx.client, p, { retry: false, timeoutMs: 150, initialDelayMs: 10 }), TimeoutError);
    expect(fx.cancels(p.id)).toBe(2);
    expect(fx.rs.predictions.get(p.id)!.body.status).toBe('canceled');
  });

  it('a client made with retry: false sends that cancel once (docs/replicate.md says so: no retry policy to run it under)', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 503 } });
    await rejectionAs(waitForPrediction(fx.makeClient({ retry: false }), p, { timeoutMs: 150, initialDelayMs: 10 }), TimeoutError);
    expect(fx.cancels(p.id)).toBe(1);
    expect(fx.rs.predictions.get(p.id)!.body.status).not.toBe('canceled');
  });
});
