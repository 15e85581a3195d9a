/**
 * waitForPrediction's cancel when polling gives up, at its edges: with `cancelOnAbort: false` a poll
 * that fails for good is thrown as it is and nothing is cancelled; a cancel that fails or hangs never
 * replaces the wait's own error nor holds it past the client's timeout; a prediction given by id
 * is polled; per-call validation overrides the client's.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, InvalidRequestError, ResponseValidationError, TimeoutError } from '../../src/index.js';
import { createPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();


describe('waitForPrediction: cancel edges', () => {
  it('with cancelOnAbort false, a poll that fails for good is thrown as it is and nothing is cancelled', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 500 } });
    const err = await waitForPrediction(fx.client, p, { retry: false, initialDelayMs: 1, cancelOnAbort: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(fx.cancels(p.id)).toBe(0);
  });

  it('a cancel answered 500 does not replace the TimeoutError, and is sent once per give-up', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'status', status: 500 }, times: Infinity });
    const err = await waitForPrediction(fx.makeClient({ retry: false }), p, { timeoutMs: 100, initialDelayMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it("a cancel that never answers, after a poll that failed, is given up within the client's timeoutMs (not 10 s)", async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 500 } });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}/cancel`, method: 'POST', fault: { kind: 'no-headers' }, times: Infinity });
    const client = fx.makeClient({ timeoutMs: 300, retry: false });
    const settled = waitForPrediction(client, p, { timeoutMs: 20_000, initialDelayMs: 1 }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    // hang guard only: the cancel's own bound is min(10 s, client timeoutMs) = 300 ms
    const guard = new Promise((r) => setTimeout(() => r('still waiting after 6 s'), 6_000).unref());
    const err = await Promise.race([settled, guard]);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(fx.cancels(p.id)).toBe(1);
  });
});

describe('waitForPrediction: inputs', () => {
  it('refuses a missing prediction, naming prediction.id, before sending anything', async () => {
    const before = fx.rs.server.requests.length;
    for (const prediction of [undefined, null, {}]) {
      const err = await waitForPrediction(fx.client, prediction as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('prediction.id');
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('waits for a slow poll answer as long as the wait has time (a poll is bounded by the wait, not by a fixed second)', async () => {
    fx.rs.setModel(() => ({ output: 'slow', steps: 1 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'delay', ms: 1_500 }, times: Infinity });
    const done = await waitForPrediction(fx.makeClient({ retry: false }), p, { timeoutMs: 20_000, initialDelayMs: 1 });
    expect(done).toMatchObject({ status: 'succeeded', output: 'slow' });
    expect(fx.cancels(p.id)).toBe(0);
  });

  it('polls a prediction given by its id', async () => {
    fx.rs.setModel(() => ({ output: 'by-id', steps: 1 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const done = await waitForPrediction(fx.client, p.id, { initialDelayMs: 1 });
    expect(done).toMatchObject({ id: p.id, status: 'succeeded', output: 'by-id' });
  });

  it('accepts a factor of exactly 1 (constant waits)', async () => {
    fx.rs.setModel(() => ({ output: 1, steps: 2 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    expect((await waitForPrediction(fx.client, p, { initialDelayMs: 1, factor: 1 })).status).toBe('succeeded');
  });

  it("per-call validation 'strict' checks polls even on a client whose validation is off", async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 200, body: { id: p.id, status: 'succeeded', created_at: 5 } } });
    const client = fx.makeClient({ validation: 'off' });
    const err = await waitForPrediction(client, p, { initialDelayMs: 1, validation: 'strict' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
  });

  it("without per-call validation the client's mode applies (off: a bad poll body is returned)", async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 200, body: { id: p.id, status: 'succeeded', created_at: 5 } } });
    const done = await waitForPrediction(fx.makeClient({ validation: 'off' }), p, { initialDelayMs: 1 });
    expect(done).toMatchObject({ id: p.id, status: 'succeeded', created_at: 5 });
  });
});
