/**
 * Operations that validate outside request() (Replicate's wait polls, OpenAI's model list) scrub
 * an echoed key from the body their ResponseValidationError keeps.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { listModels } from '../../src/openai/index.js';
import { waitForPrediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from './_leak.js';

const KEY = 'sk-review-validation-0123456789abcdef';
let server: TestServer;
afterEach(() => server?.close());

const echo = (req: { headers: Record<string, unknown> }): string => String(req.headers.authorization).slice('Bearer '.length);

it('waitForPrediction: a poll answer that fails the schema and echoes the key is scrubbed', async () => {
  server = await startTestServer((req, res) => json(res, 200, { id: 'p1', status: 7, error: `bad token ${echo(req)}` }));
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(waitForPrediction(client, 'p1', { timeoutMs: 5000, cancelOnAbort: false }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});

it('listModels: a models list that fails the schema and echoes the key is scrubbed', async () => {
  server = await startTestServer((req, res) => json(res, 200, { object: 'list', data: [{ id: 5, owner: echo(req) }] }));
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(listModels(client));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});
