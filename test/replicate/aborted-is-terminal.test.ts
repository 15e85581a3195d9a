/**
 * `aborted` (the prediction was terminated before it started running) is one of Replicate's
 * terminal statuses, next to succeeded, failed and canceled: waitForPrediction stops polling at it
 * and returns it (no cancel: it already ended), run() throws PredictionError with that status, and a
 * prediction given in that state is returned without a request.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/index.js';
import { PredictionError, isTerminal, run, waitForPrediction, type Prediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';

let server: TestServer;
let client: Client;
const prediction = (status: string) => ({ id: 'p1', status, created_at: '2024-01-01T00:00:00Z', urls: {} });
const gets = () => server.count((r) => r.method === 'GET' && r.path === '/predictions/p1');
const cancels = () => server.count((r) => r.method === 'POST' && r.path === '/predictions/p1/cancel');

beforeEach(async () => {
  let polls = 0;
  server = await startTestServer((req, res) => {
    if (req.method === 'POST' && req.path === '/models/acme/m/predictions') return json(res, 201, prediction('starting'));
    // one poll still queued, then aborted: it never started running
    if (req.method === 'GET' && req.path === '/predictions/p1') return json(res, 200, prediction(++polls < 2 ? 'starting' : 'aborted'));
    if (req.method === 'POST' && req.path === '/predictions/p1/cancel') return json(res, 200, prediction('aborted'));
    json(res, 404, { detail: 'no route' });
  });
  client = createClient({ baseURL: server.url, apiKey: 'r8_terminal_test_token_0123', retry: false });
});
afterEach(() => server.close());

it('isTerminal: succeeded, failed, canceled and aborted end a prediction; starting and processing do not', () => {
  expect(['succeeded', 'failed', 'canceled', 'aborted'].map(isTerminal)).toEqual([true, true, true, true]);
  expect(['starting', 'processing', ''].map(isTerminal)).toEqual([false, false, false]);
});

it('waitForPrediction returns an aborted prediction at the poll that reports it, and cancels nothing', async () => {
  const done = await waitForPrediction(client, 'p1', { initialDelayMs: 1, maxDelayMs: 1, timeoutMs: 5000 });
  expect(done.status).toBe('aborted');
  expect(gets()).toBe(2);
  expect(cancels()).toBe(0);
});

it('waitForPrediction given an aborted prediction returns it without a request', async () => {
  const p = prediction('aborted') as Prediction;
  expect(await waitForPrediction(client, p, { initialDelayMs: 1, timeoutMs: 2000 })).toBe(p);
  expect(server.requests).toHaveLength(0);
});

it('run throws PredictionError with status aborted once the poll reports it, and cancels nothing', async () => {
  const err = await rejectionAs(run(client, 'acme/m', { input: {}, wait: false, pollInitialDelayMs: 1, pollMaxDelayMs: 1, timeoutMs: 5000 }), PredictionError);
  expect(err.status).toBe('aborted');
  expect(err.predictionId).toBe('p1');
  expect(gets()).toBe(2);
  expect(cancels()).toBe(0);
});
