/**
 * run()'s PredictionError scrubs a credential passed as a per-call header, as well as the apiKey.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { PredictionError, run } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const TOKEN = 'r8_review_per_call_token_0123456789';
let server: TestServer;
afterEach(() => server?.close());

it('a per-call token echoed into a failed prediction is scrubbed from the PredictionError', async () => {
  server = await startTestServer((req, res) => {
    const auth = String(req.headers.authorization).slice('Bearer '.length);
    json(res, 201, { id: 'p1', status: 'failed', error: `callback rejected token ${auth}`, created_at: '2024-01-01T00:00:00Z', urls: {} });
  });
  const client = createClient({ baseURL: server.url, retry: false });
  const err = await rejectionOf(run(client, 'acme/m', { input: {}, headers: { authorization: `Bearer ${TOKEN}` } }));
  expect(err).toBeInstanceOf(PredictionError);
  expect(textsOf(err).filter((t) => t.includes(TOKEN))).toEqual([]);
  expect(JSON.stringify((err as PredictionError).prediction)).not.toContain(TOKEN);
});
