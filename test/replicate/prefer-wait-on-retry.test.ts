/**
 * Sync mode's `Prefer: wait` fits the time left on every attempt (docs/replicate.md: "the wait is
 * shortened to fit the call's deadline"). A create answered 429 is retried (Replicate refuses it
 * before doing any work) after the server's Retry-After, with less time left than the first attempt
 * had. Before, the retry re-sent the first attempt's `wait=<n>`: Replicate could hold the create past
 * the call's deadline, the call ended with a TimeoutError, and the prediction it had created ran on
 * with its id never returned, so nothing could cancel it. Now each retry asks for what fits then,
 * and for no wait once none fits.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

/** A Replicate stand-in that refuses the first create with 429 and `retry-after`, then creates. */
async function replicate(retryAfterS: number) {
  const prefers: Array<string | undefined> = [];
  const server = await startServer((req, res) => {
    prefers.push(req.headers.prefer as string | undefined);
    if (prefers.length === 1) return json(res, 429, { detail: 'Request was throttled.' }, { 'retry-after': String(retryAfterS) });
    json(res, 201, { id: 'p1', model: 'acme/flux', version: 'v', input: {}, status: 'starting', created_at: '2026-11-30T22:00:00Z', urls: {} });
  });
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test_key', retry: { maxRetries: 2 } });
  return { client, prefers };
}

describe('Prefer: wait on a retried create', () => {
  it('asks for a wait that fits the time left at the retry, not the first attempt’s', async () => {
    const { client, prefers } = await replicate(2);
    const p = await createPrediction(client, { model: 'acme/flux', input: {} }, { wait: true, timeoutMs: 10_000 });
    expect(p.id).toBe('p1');
    expect(prefers).toHaveLength(2);
    expect(prefers[0]).toBe('wait=9');
    // about 8 s were left when the retry went out, one of them kept for the answer: wait=6 (before: wait=9)
    const retried = Number(/^wait=(\d+)$/.exec(prefers[1] ?? '')?.[1]);
    expect(retried).toBeGreaterThanOrEqual(1);
    expect(retried).toBeLessThanOrEqual(7);
  });

  it('sends no wait on a retry once none fits the time left', async () => {
    const { client, prefers } = await replicate(3);
    const p = await createPrediction(client, { model: 'acme/flux', input: {} }, { wait: 30, timeoutMs: 4_500 });
    expect(p.status).toBe('starting');
    expect(prefers).toEqual(['wait=3', undefined]);
  });
});
