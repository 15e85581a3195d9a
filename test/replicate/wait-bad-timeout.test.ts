/**
 * waitForPrediction with a timeoutMs that is not a number ≥ 0 (a config value parsed to NaN, a
 * negative remainder) must be refused with an InvalidRequestError before anything is sent. The
 * option's check ran only inside the polling, whose failure handler then cancelled the caller's
 * running (billable) prediction on Replicate: a bad option killed remote work.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createReplicateClient, waitForPrediction, type Prediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_leak.js';

let server: TestServer;
afterEach(() => server?.close());

const running = { id: 'p1', status: 'processing' } as Prediction;

async function start(): Promise<void> {
  server = await startTestServer((req, res) => json(res, 200, { id: 'p1', status: req.path.endsWith('/cancel') ? 'canceled' : 'processing' }));
}

it.each([-1, Number.NaN])('waitForPrediction refuses timeoutMs %s before any request (no poll, no cancel)', async (timeoutMs) => {
  await start();
  const client = createClient({ baseURL: server.url, retry: false });
  const err = await rejectionOf(waitForPrediction(client, running, { timeoutMs }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toBe('timeoutMs');
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

it('the bound replicate.wait (an id) does not cancel the prediction for a bad timeoutMs either', async () => {
  await start();
  const replicate = createReplicateClient({ baseURL: server.url, retry: false });
  const err = await rejectionOf(replicate.wait('p1', { timeoutMs: -5 }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(server.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(0);
});
