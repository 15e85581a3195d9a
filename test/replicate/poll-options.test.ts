/**
 * Replicate polling options out of range (Infinity, 2^31 ms, a non-finite factor) are refused
 * before any request: no cancel is sent for the user's prediction, and run() creates none.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClient, InvalidRequestError, type Client } from '../../src/index.js';
import { run, waitForPrediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_leak.js';

let server: TestServer;
let client: Client;
const prediction = (status: string) => ({ id: 'p1', status, created_at: '2024-01-01T00:00:00Z', urls: {} });

beforeEach(async () => {
  server = await startTestServer((req, res) => {
    if (req.method === 'POST' && req.path === '/models/acme/m/predictions') return json(res, 201, prediction('starting'));
    if (req.method === 'GET' && req.path === '/predictions/p1') return json(res, 200, prediction('processing'));
    if (req.method === 'POST' && req.path === '/predictions/p1/cancel') return json(res, 200, prediction('canceled'));
    json(res, 404, { detail: 'no route' });
  });
  client = createClient({ baseURL: server.url, apiKey: 'r8_review_token_0123456789', retry: false });
});
afterEach(() => server.close());

it('waitForPrediction: a maxDelayMs of Infinity is refused before anything is sent (no poll, no cancel)', async () => {
  const err = await rejectionOf(waitForPrediction(client, 'p1', { maxDelayMs: Infinity, timeoutMs: 2000 }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toBe('maxDelayMs');
  // the option error must not cancel the user's prediction on Replicate
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

it('waitForPrediction: an initialDelayMs above 2^31 − 1 is refused before anything is sent', async () => {
  const err = await rejectionOf(waitForPrediction(client, 'p1', { initialDelayMs: 2 ** 31, timeoutMs: 2000 }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

it('run: a pollMaxDelayMs of Infinity is refused before the prediction is created', async () => {
  const err = await rejectionOf(run(client, 'acme/m', { input: {}, pollMaxDelayMs: Infinity, wait: false, timeoutMs: 5000 }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});
