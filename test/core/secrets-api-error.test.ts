/**
 * APIError and echoed credentials: a key echoed as a property name, an Authorization header given
 * per call or through the client's `headers` option are scrubbed like the apiKey.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { leaksOf, rejectionOf } from './_leak.js';

const KEY = 'sk-audit-keys-as-names-4711';
const PER_CALL = 'sk-audit-per-call-token-0815';
const DEFAULT_HEADER = 'sk-audit-default-header-2024';

let server: TestServer;
afterEach(() => server?.close());

/** Echoes the credential it received, as error-reporting backends do ("invalid token ..."). */
const echoAuth = (status: number) => (req: { headers: Record<string, string | string[] | undefined> }, res: Parameters<typeof json>[0]) =>
  json(res, status, { error: { message: `invalid credentials: ${String(req.headers.authorization)}` } });

describe('APIError and echoed credentials', () => {
  it('a key echoed as an object key of the error body is scrubbed from body, toJSON and inspect', async () => {
    server = await startTestServer((req, res) => {
      const token = String(req.headers.authorization).slice('Bearer '.length);
      json(res, 401, { error: 'unauthorized', rejected_tokens: { [token]: 'revoked' } });
    });
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/me', operation: 'audit.me' }));
    expect(err).toBeInstanceOf(APIError);
    expect(leaksOf(err, KEY)).toEqual([]);
  });

  it('a per-call Authorization header echoed by the server is scrubbed from the error', async () => {
    server = await startTestServer(echoAuth(401));
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const err = await rejectionOf(
      request(client, { method: 'GET', path: '/me', operation: 'audit.me' }, { headers: { Authorization: `Bearer ${PER_CALL}` } }),
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${PER_CALL}`);
    expect(err).toBeInstanceOf(APIError);
    expect(leaksOf(err, PER_CALL)).toEqual([]);
  });

  it('an Authorization header set through the client headers option, echoed by the server, is scrubbed from the error', async () => {
    server = await startTestServer(echoAuth(403));
    const client = createClient({ baseURL: server.url, headers: { Authorization: `Bearer ${DEFAULT_HEADER}` }, retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/me', operation: 'audit.me' }));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${DEFAULT_HEADER}`);
    expect(err).toBeInstanceOf(APIError);
    expect(leaksOf(err, DEFAULT_HEADER)).toEqual([]);
  });
});
