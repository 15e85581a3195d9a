/**
 * A credential your middleware sets (an auth-refresh or token middleware: docs/core.md, Middleware)
 * is one of the call's credentials: a server that echoes it (a 401 body, a request id, a body that
 * is not JSON, a stream's error event, a 200 that is no event stream) finds it scrubbed from the
 * error, the log and the request id told to `onResponse`, like the client's key. It was scrubbed
 * only when the middleware changed the request in place and only from the log; errors quoted it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIError,
  createClient,
  loggingMiddleware,
  request,
  requestIdMiddleware,
  requestStream,
  ResponseValidationError,
  StreamError,
  type Middleware,
  type Transport,
} from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { LeakScanner, rejectionOf, TRANSPORTS } from './_support.js';

const TOKEN = 'tok-refreshed-5e6f7a8b9c';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Token middleware that passes on a copy of the request with its credential (the Middleware TSDoc's shape). */
const copying: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, authorization: `Bearer ${TOKEN}` } });
/** Token middleware that sets its credential on the request itself. */
const inPlace: Middleware = (next) => (req) => {
  req.headers['x-api-key'] = TOKEN;
  return next(req);
};

/** A server that echoes the credential it received wherever a server can. */
async function echoServer(): Promise<TestServer> {
  return startTestServer((req, res) => {
    const sent = String(req.headers.authorization ?? req.headers['x-api-key']);
    const rid = { 'x-request-id': `rid-${sent}` };
    if (req.path === '/denied') return json(res, 401, { error: `invalid token ${sent}` }, rid);
    if (req.path === '/failed') return json(res, 500, {}, rid);
    if (req.path === '/not-json') return void res.writeHead(200, { 'content-type': 'application/json', ...rid }).end(`token ${sent} expired`);
    if (req.path === '/not-a-stream') return json(res, 200, { error: `invalid token ${sent}` }, rid);
    if (req.path === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', ...rid });
      return void res.end(`data: {"n":1}\n\nevent: error\ndata: {"error":"invalid token ${sent}"}\n\n`);
    }
    json(res, 404, {});
  });
}

describe.each(TRANSPORTS)('a credential set by user middleware, over %s', (_name, makeTransport: () => Transport) => {
  it.each([
    ['passed on in a copy of the request', copying],
    ['set on the request itself', inPlace],
  ])('%s: scrubbed from every error, log line and request id that echoes it', async (_how, token) => {
    server = await echoServer();
    const scanner = new LeakScanner();
    const told: unknown[] = [];
    const client = createClient({
      baseURL: server.url,
      transport: makeTransport(),
      retry: false,
      // logging and request ids before the token middleware: they see the request without it
      middleware: [loggingMiddleware(scanner.logger()), requestIdMiddleware({ onResponse: (info) => told.push(info) }), token],
    });
    const call = (path: string) => request(client, { method: 'GET', path, operation: 'test.token' });
    const denied = await rejectionOf(call('/denied'), scanner);
    expect(denied).toBeInstanceOf(APIError);
    expect((denied as APIError).message).toContain('invalid token');
    expect((denied as APIError).requestId).toMatch(/^rid-/);
    expect(await rejectionOf(call('/failed'), scanner)).toBeInstanceOf(APIError);
    expect(await rejectionOf(call('/not-json'), scanner)).toBeInstanceOf(ResponseValidationError);
    const notAStream = await rejectionOf(requestStream(client, { method: 'GET', path: '/not-a-stream', operation: 'test.token' }), scanner);
    expect(notAStream).toBeInstanceOf(StreamError);
    const stream = await requestStream(client, { method: 'GET', path: '/stream', operation: 'test.token' });
    const broken = await rejectionOf(stream.forEach(() => undefined), scanner);
    expect(broken).toBeInstanceOf(StreamError);
    expect((broken as StreamError).message).toContain('invalid token');
    expect(server.requests.every((r) => JSON.stringify(r.headers).includes(TOKEN))).toBe(true);
    expect(scanner.logs).toBe(5);
    expect(told).toHaveLength(5);
    scanner.texts.push({ where: 'onResponse', text: JSON.stringify(told) });
    scanner.assertClean(TOKEN, 5);
  });
});
