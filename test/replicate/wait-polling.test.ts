/**
 * waitForPrediction polls through the core request(): onProgress, Retry-After, validation modes,
 * scrubbing, and the cancel of the prediction when polling gives up.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ResponseValidationError, TimeoutError } from '../../src/index.js';
import { createPrediction, waitForPrediction, type Prediction } from '../../src/replicate/index.js';
import { json } from '../helpers/test-server.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();

describe('replicate wait: each poll through the core request, cancel on abort or deadline', () => {
  it('onProgress throwing: its error, prediction cancelled', async () => {
    const p = await fx.running();
    const boom = new Error('progress');
    const err = await waitForPrediction(fx.client, p, { initialDelayMs: 1, onProgress: () => { throw boom; } }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(fx.cancels(p.id)).toBe(1);
  });
  it('abort while a poll is in flight: AbortError and cancel', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'delay', ms: 500 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await waitForPrediction(fx.client, p, { signal: ac.signal, initialDelayMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(fx.cancels(p.id)).toBe(1);
  });
  it('deadline while a poll is in flight: TimeoutError with wait op and timeout, cancel', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'delay', ms: 3000 }, times: 5 });
    const err = (await waitForPrediction(fx.client, p, { timeoutMs: 200, initialDelayMs: 1 }).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect([err.operation, err.timeoutMs, err.message]).toEqual(['replicate.predictions.wait', 200, expect.any(String)]);
    expect(err.message).toBe('replicate.predictions.wait did not finish within 200 ms');
    expect(fx.cancels(p.id)).toBe(1);
  });
  it('invalid poll body echoing the token: scrubbed validation error', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 200, body: { id: p.id, status: 7, token: fx.rs.token } } });
    const err = (await waitForPrediction(fx.client, p, { initialDelayMs: 1 }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(JSON.stringify(err.body)).not.toContain(fx.rs.token);
    expect(fx.cancels(p.id)).toBe(1);
  });
  it('validation off passes a bad poll body to onProgress', async () => {
    const p = await fx.running();
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 200, body: { id: p.id, status: 'succeeded', extra: 1, created_at: 5 } } });
    const seen: unknown[] = [];
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1, validation: 'off', onProgress: (x) => seen.push(x) });
    expect((done as Prediction & { extra: number }).extra).toBe(1);
    expect(seen).toHaveLength(1);
  });
  it('a 503 poll with Retry-After is retried inside the poll', async () => {
    fx.rs.setModel(() => ({ output: 1, steps: 2 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 503, headers: { 'retry-after': '0' } } });
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1 });
    expect(done.status).toBe('succeeded');
  });
});
