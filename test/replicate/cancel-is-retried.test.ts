/**
 * Cancelling a prediction is safe to repeat (cancelling twice changes nothing), so unlike create it
 * is retried on a 5xx: `cancelPrediction` itself, and the cancel waitForPrediction sends when it
 * gives up, even when the polls run with `retry: false` (WaitOptions: "the cancel sent when the
 * wait gives up is still retried").
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { cancelPrediction, createPrediction, waitForPrediction, type Prediction } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const VERSION = '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa';
const cancels = (id: string) => fx.rs.server.count((r) => r.method === 'POST' && r.path === `/v1/predictions/${id}/cancel`);

async function running(): Promise<Prediction> {
  fx.rs.setModel(() => ({ steps: 10_000 }));
  return createPrediction(fx.client, { version: VERSION, input: {} });
}

describe('cancel is retried', () => {
  it('cancelPrediction repeats a cancel answered 503 and returns the canceled prediction', async () => {
    const p = await running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 503 } });
    const c = await cancelPrediction(fx.client, p.id);
    expect(c.status).toBe('canceled');
    expect(cancels(p.id)).toBe(2);
  });

  it('the cancel of a wait that timed out is retried even though its polls are not (retry: false)', async () => {
    const p = await running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 503 } });
    await rejectionAs(waitForPrediction(fx.client, p, { retry: false, timeoutMs: 150, initialDelayMs: 10 }), TimeoutError);
    expect(cancels(p.id)).toBe(2);
    expect(fx.rs.predictions.get(p.id)!.body.status).toBe('canceled');
  });
});
