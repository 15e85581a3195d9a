/**
 * A poll Replicate answers 408, 429 or 5xx even after its retries says nothing about the prediction,
 * which runs on: waitForPrediction (and run) poll again rather than give up and cancel it, until
 * the deadline (src/replicate/wait.ts). A 429 whose Retry-After does not fit the deadline, and any
 * failed poll with retries off, still end the wait and cancel the prediction.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError, RateLimitError, TimeoutError } from '../../src/index.js';
import { createPrediction, run, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();
const polls = (id: string) => fx.rs.server.count((r) => r.method === 'GET' && r.path === `/v1/predictions/${id}`);
const busy = (id: string, status: number, times: number, headers?: Record<string, string>) =>
  fx.rs.server.faults.push({ match: `/v1/predictions/${id}`, method: 'GET', fault: { kind: 'status', status, headers }, times });

describe('waitForPrediction while Replicate is busy', () => {
  it('a poll answered 503 after its retries does not end the wait: the prediction is polled on to its end, nothing cancelled', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 2 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    busy(p.id, 503, 6); // two polls, each with its two retries
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1, maxDelayMs: 5 });
    expect([done.status, done.output]).toEqual(['succeeded', 'done']);
    expect(fx.cancels(p.id)).toBe(0);
    expect(polls(p.id)).toBe(6 + 2);
  });

  it('a poll answered 408 after its retries does not end the wait either: polled on, nothing cancelled', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 1 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    busy(p.id, 408, 3); // one poll with its two retries
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1, maxDelayMs: 5 });
    expect([done.status, done.output]).toEqual(['succeeded', 'done']);
    expect(fx.cancels(p.id)).toBe(0);
    expect(polls(p.id)).toBeGreaterThan(3);
  });

  it('a poll answered 429 (Retry-After that fits) after its retries: polled on, nothing cancelled', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 1 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    busy(p.id, 429, 3, { 'retry-after-ms': '5' });
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1, maxDelayMs: 5 });
    expect(done.status).toBe('succeeded');
    expect(fx.cancels(p.id)).toBe(0);
  });

  it('busy until the deadline: TimeoutError, and the prediction is cancelled once', async () => {
    const p = await fx.running();
    busy(p.id, 503, Infinity);
    const err = await waitForPrediction(fx.client, p, { initialDelayMs: 1, maxDelayMs: 5, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it('a 429 whose Retry-After does not fit the deadline ends the wait and cancels, as before', async () => {
    const p = await fx.running();
    busy(p.id, 429, Infinity, { 'retry-after': '600' });
    const err = await waitForPrediction(fx.client, p, { initialDelayMs: 1, timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it.each([
    ['the call', () => fx.client, { retry: false as const }],
    ['the client', () => fx.makeClient({ retry: false }), {}],
  ])('with retries off (on %s) the first failed poll ends the wait and cancels, as documented', async (_, client, options) => {
    const p = await fx.running();
    busy(p.id, 503, 1);
    const err = await waitForPrediction(client(), p, { initialDelayMs: 1, ...options }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it('run polls on through busy polls too and gives the output', async () => {
    fx.rs.setModel(() => ({ output: 'ran', steps: 2 }));
    const path = /^\/v1\/predictions\/[^/]+$/;
    fx.rs.server.faults.push({ match: path, method: 'GET', fault: { kind: 'status', status: 502 }, times: 3 });
    const before = fx.rs.canceled.length;
    const output = await run(fx.client, 'official/flux', { input: {}, wait: false, pollInitialDelayMs: 1, pollMaxDelayMs: 5 });
    expect(output).toBe('ran');
    expect(fx.rs.canceled).toHaveLength(before);
  });
});
