/**
 * Each prediction call reports its own operation name (on its errors, as in middleware, logs and
 * onRetry), so a failure says which call failed: `replicate.predictions.create`, `.get`, `.cancel`,
 * `.list`, `.wait`, `.stream`.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClient, NotFoundError, type Client } from '../../src/index.js';
import { cancelPrediction, createPrediction, getPrediction, listPredictions, streamPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';

let server: TestServer;
let client: Client;

beforeEach(async () => {
  server = await startTestServer((req, res) => json(res, 404, { detail: `no route ${req.method} ${req.path}` }));
  client = createClient({ baseURL: server.url, apiKey: 'r8_operation_test_token_0123', retry: false });
});
afterEach(() => server.close());

it('names the prediction operation that failed', async () => {
  const calls: [string, () => Promise<unknown>][] = [
    ['replicate.predictions.create', () => createPrediction(client, { model: 'acme/m', input: {} })],
    ['replicate.predictions.get', () => getPrediction(client, 'p1')],
    ['replicate.predictions.cancel', () => cancelPrediction(client, 'p1')],
    ['replicate.predictions.list', () => listPredictions(client).toArray()],
    ['replicate.predictions.wait', () => waitForPrediction(client, 'p1', { cancelOnAbort: false, timeoutMs: 5000 })],
    ['replicate.predictions.stream', () => streamPrediction(client, `${server.url}/stream/p1`)],
  ];
  for (const [operation, call] of calls) {
    const err = await rejectionAs(call(), NotFoundError);
    expect(err.operation, operation).toBe(operation);
  }
});
