/**
 * Credential headers beyond `*-api-key`: Azure's `Ocp-Apim-Subscription-Key` and `x-functions-key`
 * are redacted in logged headers and scrubbed from errors that echo them.
 */
import { afterEach, expect, it } from 'vitest';
import { APIError, createClient, loggingMiddleware, redactHeaders, request, type Logger } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const SUB = 'apim-subscription-0123456789abcdef';
let server: TestServer;
afterEach(() => server?.close());

it('redactHeaders hides Ocp-Apim-Subscription-Key and x-functions-key', () => {
  expect(redactHeaders({ 'ocp-apim-subscription-key': SUB, 'x-functions-key': SUB })).toEqual({
    'ocp-apim-subscription-key': '[redacted]',
    'x-functions-key': '[redacted]',
  });
});

it('an Ocp-Apim-Subscription-Key passed in the client headers is neither logged nor left in an echoing error', async () => {
  server = await startTestServer((req, res) => json(res, 401, { error: `invalid subscription key ${String(req.headers['ocp-apim-subscription-key'])}` }));
  const lines: unknown[] = [];
  const logger: Logger = { debug: (m, f) => lines.push([m, f]), warn: (m, f) => lines.push([m, f]) };
  const client = createClient({
    baseURL: server.url,
    headers: { 'Ocp-Apim-Subscription-Key': SUB },
    middleware: [loggingMiddleware(logger, { logHeaders: true })],
    retry: false,
  });
  const err = await rejectionOf(request(client, { method: 'GET', path: '/models', operation: 'review7.models' }));
  expect(server.requests[0]!.headers['ocp-apim-subscription-key']).toBe(SUB);
  expect(err).toBeInstanceOf(APIError);
  expect(JSON.stringify(lines)).not.toContain(SUB);
  expect(textsOf(err).filter((t) => t.includes(SUB))).toEqual([]);
});
