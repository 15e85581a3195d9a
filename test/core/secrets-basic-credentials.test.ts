/**
 * Basic credentials (`authorization: Basic base64(user:password)`, as a self-hosted server behind
 * a proxy with basic auth takes them) are scrubbed as the server reads them too: decoded, the
 * `user:password` pair and the password alone. Only the base64 text was scrubbed, and a server
 * that echoed what it decoded ("bad credentials for user:password") had the password quoted in the
 * error and the log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, loggingMiddleware, request, type Middleware } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { LeakScanner, rejectionOf, TRANSPORTS } from './_support.js';

const PASSWORD = 'basic-pw-7c6b5a4f3e';
const BASIC = `Basic ${btoa(`svc-user:${PASSWORD}`)}`;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(TRANSPORTS)('Basic credentials, over %s', (_name, makeTransport) => {
  it.each([
    ['the client headers option', { headers: { Authorization: BASIC } }, undefined, []],
    ['the call', {}, { headers: { authorization: ` ${BASIC.replace('Basic', 'basic')} ` } }, []],
    ['a middleware', {}, undefined, [((next) => (req) => next({ ...req, headers: { ...req.headers, 'proxy-authorization': BASIC } })) as Middleware]],
  ] as const)('set by %s are scrubbed decoded from the error and the log', async (_where, clientOptions, call, middleware) => {
    server = await startTestServer((req, res) => {
      const sent = String(req.headers['authorization'] ?? req.headers['proxy-authorization']);
      const decoded = Buffer.from(sent.trim().slice(6), 'base64').toString();
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': decoded.slice(decoded.indexOf(':') + 1) });
      res.end(JSON.stringify({ error: `bad credentials for ${decoded}`, password: decoded.slice(decoded.indexOf(':') + 1) }));
    });
    const scanner = new LeakScanner();
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false, ...clientOptions, middleware: [...middleware, loggingMiddleware(scanner.logger())] });
    const err = scanner.error(await rejectionOf(request(client, { method: 'GET', path: '/v2/models', operation: 'basic.get' }, call)));
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toBe('basic.get failed with HTTP 401: bad credentials for [redacted]');
    expect(JSON.stringify([(err as APIError).body, (err as APIError).requestId])).not.toContain(PASSWORD);
    scanner.assertClean(PASSWORD);
    expect(scanner.logs).toBe(1);
  });
});
