/**
 * A credential sent in the query (`?key=` as Google's APIs take it, `?api_key=`), by the request's
 * `query`, its path or a middleware that adds it to every request (docs/core.md shows one adding a
 * query parameter), is one of the call's credentials when the parameter is named like a credential
 * header: a server that echoes the URL it was asked for (a 401 or 404 body, a request id, a stream's
 * error event) finds it scrubbed from the error and the log, as sent and decoded. It was hidden
 * only from the logged URL; errors quoted it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, loggingMiddleware, request, requestStream, StreamError, type Middleware } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { LeakScanner, rejectionOf, TRANSPORTS } from './_support.js';

/** A key with characters a query encodes: the server echoes it decoded. */
const KEY = 'AIzaQuery/Key+9f8e=7d6c';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Echoes the decoded query, and the raw one, in the body and the request id; an event stream at /s. */
async function echoing(): Promise<TestServer> {
  return startTestServer((req, res) => {
    const raw = req.url.slice(req.url.indexOf('?') + 1);
    const decoded = decodeURIComponent(raw);
    if (req.path === '/s') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': raw });
      res.end(`data: {"n":1}\n\nevent: error\ndata: ${JSON.stringify({ error: { message: `quota exceeded for ${decoded}` } })}\n\n`);
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': raw });
    res.end(JSON.stringify({ error: { message: `API key not valid: ${decoded} (sent as ${raw})` }, [decoded]: raw }));
  });
}

describe.each(TRANSPORTS)('a credential in the query, over %s', (_name, makeTransport) => {
  it('set by the request query is scrubbed from the status error, as sent and decoded', async () => {
    server = await echoing();
    const scanner = new LeakScanner();
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false });
    const err = scanner.error(await rejectionOf(request(client, { method: 'GET', path: '/v1/models', query: { key: KEY, cursor: 'page-two-cursor' }, operation: 'q.list' })));
    expect(err).toBeInstanceOf(APIError);
    // the server did echo it, and a parameter not named like a credential is kept
    expect((err as APIError).message).toContain('[redacted]');
    expect((err as APIError).message).toContain('page-two-cursor');
    const views = JSON.stringify([(err as APIError).body, (err as APIError).headers, (err as APIError).requestId]);
    for (const form of [KEY, encodeURIComponent(KEY)]) {
      scanner.assertClean(form);
      expect(views).not.toContain(form);
    }
  });

  it('added by a middleware is scrubbed from the status error, the stream error and the log', async () => {
    server = await echoing();
    const scanner = new LeakScanner();
    const withKey: Middleware = (next) => (req) => next({ ...req, url: `${req.url}${req.url.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(KEY)}` });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: false, middleware: [withKey, loggingMiddleware(scanner.logger())] });
    const err = scanner.error(await rejectionOf(request(client, { method: 'GET', path: '/v1/models', operation: 'q.list' })));
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toContain('[redacted]');
    const failed = scanner.error(
      await rejectionOf(
        (async () => {
          const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'q.stream' });
          for await (const _ of stream) void _;
        })(),
      ),
    );
    expect(failed).toBeInstanceOf(StreamError);
    expect((failed as StreamError).message).toContain('[redacted]');
    const views = JSON.stringify([(err as APIError).body, (err as APIError).headers, (err as APIError).requestId, (failed as StreamError).event, (failed as StreamError).requestId]);
    for (const form of [KEY, encodeURIComponent(KEY)]) {
      scanner.assertClean(form);
      expect(views).not.toContain(form);
    }
    expect(scanner.logs).toBeGreaterThan(0);
  });
});
