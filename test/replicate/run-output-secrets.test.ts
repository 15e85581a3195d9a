/**
 * run()'s output-schema failure keeps the output with the call's credentials scrubbed.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, ResponseValidationError, type StandardSchemaV1 } from '../../src/index.js';
import { run } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const KEY = 'r8_review7_run_output_0123456789abcdef';
let server: TestServer;
afterEach(() => server?.close());

/** A schema that wants a number and, like zod or valibot, quotes what it received. */
const NumberOutput: StandardSchemaV1<unknown, number> = {
  '~standard': {
    version: 1,
    vendor: 'review7',
    validate: (value) => (typeof value === 'number' ? { value } : { issues: [{ message: `expected a number, received ${JSON.stringify(value)}` }] }),
  },
};

it('run: an output that fails the output schema and echoes the key is scrubbed (message and body)', async () => {
  server = await startTestServer((req, res) => {
    const token = String(req.headers.authorization).slice('Bearer '.length);
    json(res, 201, { id: 'p1', status: 'succeeded', output: `echo ${token}`, created_at: '2024-01-01T00:00:00Z', urls: {} });
  });
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(run(client, 'acme/echo', { input: {}, output: NumberOutput }));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});
