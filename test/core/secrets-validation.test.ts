/**
 * ResponseValidationError and an echoed key: a non-JSON body is not quoted by the parser's message,
 * and the body a validation error keeps is scrubbed like an APIError's.
 */
import * as z from 'zod/mini';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request, ResponseValidationError } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { leaksOf, rejectionOf } from './_leak.js';

// short enough that V8 quotes the whole text in its JSON.parse message
const KEY = 'sk-mw-7a1b2c3d4e';

let server: TestServer;
afterEach(() => server?.close());

describe('ResponseValidationError and an echoed key', () => {
  it('a non-JSON 2xx body echoing the key does not leak it through message, String, stack, toJSON, inspect or cause', async () => {
    server = await startTestServer((req, res) => {
      // a misbehaving proxy / echo endpoint answering 200 with the credential it saw
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(req.headers.authorization).slice('Bearer '.length));
    });
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/echo', operation: 'audit.echo' }));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(leaksOf(err, KEY)).toEqual([]);
  });

  it('a JSON body that fails its schema does not keep the echoed key on err.body', async () => {
    server = await startTestServer((req, res) => json(res, 200, { outputs: 'nope', seen: { authorization: req.headers.authorization } }));
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const schema = z.object({ outputs: z.array(z.number()) });
    const err = (await rejectionOf(request(client, { method: 'GET', path: '/bad', schema, operation: 'audit.bad' }))) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    // APIError.body is scrubbed of the key; a validation error's body is a server body too
    expect(JSON.stringify(err.body)).not.toContain(KEY);
  });
});
