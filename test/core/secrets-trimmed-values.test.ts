/**
 * Transports trim a header value (fetch and undici both send `Bearer sk-1 ` as `Bearer sk-1`), so
 * a server echoes the credential without the spaces around it: a key pasted with a trailing space
 * (an .env line) was scrubbed only with it, and the echo went into the error whole. Found by
 * test/core/secrets.property.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, request, type ClientOptions } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { textsOf } from './_leak.js';
import { TRANSPORTS } from './_support.js';

let server: TestServer;
afterEach(() => server?.close());

/** The error of a call answered 401 with the token it received (after its scheme) echoed back. */
async function echoedError(options: Partial<ClientOptions>, header: string, makeTransport: () => ClientOptions['transport']): Promise<APIError> {
  server = await startTestServer((req, res) => {
    const sent = String(req.headers[header]);
    json(res, 401, { error: { message: `invalid token ${sent.slice(sent.indexOf(' ') + 1)}` } });
  });
  const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false, ...options });
  const err = await request(client, { method: 'GET', path: '/x', operation: 'test.trim' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(APIError);
  return err as APIError;
}

describe.each(TRANSPORTS)('credentials with spaces around them, over %s', (_name, makeTransport) => {
  it('an API key with a trailing space is scrubbed as the server received it', async () => {
    const err = await echoedError({ apiKey: 'sk-trailing-space-4f1d ' }, 'authorization', makeTransport);
    expect(err.message).toContain('invalid token [redacted]');
    expect(textsOf(err).filter((t) => t.includes('sk-trailing-space-4f1d'))).toEqual([]); // before the fix: message, body, JSON, inspect
  });

  it('a credential header with a space before its scheme is scrubbed without the scheme', async () => {
    const err = await echoedError({ headers: { authorization: ' Bearer tok-leading-space-93ab' } }, 'authorization', makeTransport);
    expect(textsOf(err).filter((t) => t.includes('tok-leading-space-93ab'))).toEqual([]);
  });
});
