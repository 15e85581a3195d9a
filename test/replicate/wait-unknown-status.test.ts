/**
 * A status the SDK does not know (one Replicate adds later, as it once added `aborted`): the wait
 * ends once the prediction says it has ended (`completed_at`, which Replicate sets when a
 * prediction finishes), returns it (`run` throws PredictionError with that status) and cancels
 * nothing. Before, only the four known terminal statuses ended polling: such a prediction was polled
 * until the deadline (10 minutes by default, forever with `timeoutMs: Infinity`), then "cancelled"
 * and reported as a TimeoutError. An unknown status without `completed_at` (a new in-progress
 * state, say `queued`) is polled on, as `starting` is.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/index.js';
import { PredictionError, run, waitForPrediction, type Prediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';

let server: TestServer;
let client: Client;
/** The statuses the poll answers in turn (the last one repeats). */
let script: Array<{ status: string; completed_at?: string | null }>;
const prediction = (state: { status: string; completed_at?: string | null }) => ({ id: 'p1', created_at: '2026-01-01T00:00:00Z', urls: {}, ...state });
const gets = () => server.count((r) => r.method === 'GET' && r.path === '/predictions/p1');
const cancels = () => server.count((r) => r.method === 'POST' && r.path === '/predictions/p1/cancel');
const ended = { status: 'expired', completed_at: '2026-01-01T00:00:05Z', error: 'expired before it ran' };

beforeEach(async () => {
  let polls = 0;
  server = await startTestServer((req, res) => {
    if (req.method === 'POST' && req.path === '/models/acme/m/predictions') return json(res, 201, prediction({ status: 'starting', completed_at: null }));
    if (req.method === 'GET' && req.path === '/predictions/p1') return json(res, 200, prediction(script[Math.min(polls++, script.length - 1)]!));
    if (req.method === 'POST' && req.path === '/predictions/p1/cancel') return json(res, 200, prediction({ status: 'canceled' }));
    json(res, 404, { detail: 'no route' });
  });
  client = createClient({ baseURL: server.url, apiKey: 'r8_unknown_status_token_0123', retry: false });
});
afterEach(() => server.close());

const polling = { initialDelayMs: 1, maxDelayMs: 1, timeoutMs: 3000 };

it('waitForPrediction returns a prediction that ended in a status it does not know, at the poll that reports it', async () => {
  script = [{ status: 'starting', completed_at: null }, ended];
  const done = await waitForPrediction(client, 'p1', polling);
  expect(done).toMatchObject({ status: 'expired', completed_at: ended.completed_at });
  expect(gets()).toBe(2);
  expect(cancels()).toBe(0);
});

it('waitForPrediction given such a prediction returns it without a request', async () => {
  const p = prediction(ended) as Prediction;
  expect(await waitForPrediction(client, p, polling)).toBe(p);
  expect(server.requests).toHaveLength(0);
});

it('run throws PredictionError with that status and its error, and cancels nothing', async () => {
  script = [ended];
  const err = await rejectionAs(run(client, 'acme/m', { input: {}, wait: false, pollInitialDelayMs: 1, pollMaxDelayMs: 1, timeoutMs: 3000 }), PredictionError);
  expect(err.status).toBe('expired');
  expect(err.predictionId).toBe('p1');
  expect(err.message).toContain('expired before it ran');
  expect(cancels()).toBe(0);
});

it('an unknown status without completed_at is polled on, like starting', async () => {
  script = [{ status: 'queued', completed_at: null }, { status: 'queued' }, { status: 'succeeded', completed_at: '2026-01-01T00:00:09Z' }];
  const done = await waitForPrediction(client, 'p1', polling);
  expect(done.status).toBe('succeeded');
  expect(gets()).toBe(3);
});

it('starting or processing with a completed_at (a server that sets it early) is still polled on', async () => {
  script = [{ status: 'processing', completed_at: '2026-01-01T00:00:01Z' }, { status: 'succeeded', completed_at: '2026-01-01T00:00:09Z' }];
  expect((await waitForPrediction(client, 'p1', polling)).status).toBe('succeeded');
  expect(gets()).toBe(2);
});
