/**
 * How an error answer becomes an APIError (docs/core.md "Errors"), over real loopback HTTP on both
 * transports: which text of the body becomes the message (first 500 characters, trimmed; a nested
 * error object without a message does not hide a message beside it), what an empty, `null` or
 * unreadable body leaves, that cookies and credentials the server sends back are not kept in
 * `headers`, and that a successful body that is not JSON is a ResponseValidationError naming the call.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  APIError,
  InternalServerError,
  ResponseValidationError,
  createClient,
  request,
  type Transport,
} from '../../src/index.js';
import { json, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();

function raw(res: ServerResponse, status: number, text: string, contentType = 'text/plain'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(text);
}

describe.each(TRANSPORTS)('error answers over %s', (_name, makeTransport) => {
  const client = (server: TestServer, transport: Transport = makeTransport()) =>
    createClient({ baseURL: server.url, apiKey: API_KEY, transport, retry: false });
  const fail = async (server: TestServer, operation = 'test.err'): Promise<APIError> => {
    const err = await rejectionOf(request(client(server), { method: 'GET', path: '/x', operation }), leaks);
    expect(err).toBeInstanceOf(APIError);
    return err as APIError;
  };

  it('a text body is quoted trimmed and cut to its first 500 characters', async () => {
    const long = 'x'.repeat(600);
    const bodies = ['  \n boom happened \n', long];
    const server = await startServer((req, res) => raw(res, 500, bodies[req.index]!));
    const first = await fail(server);
    expect(first.message).toBe('test.err failed with HTTP 500: boom happened');
    expect(first.body).toBe('  \n boom happened \n'); // the body itself is kept as sent
    const second = await fail(server);
    expect(second.message).toBe(`test.err failed with HTTP 500: ${'x'.repeat(500)}`);
    expect(second.body).toBe(long);
  });

  it("an HTML error page (a proxy's or load balancer's) gives its <title> as the message, and keeps the page as body", async () => {
    const css = `<style>${'body { font-family: sans-serif; margin: 0 }\n'.repeat(20)}</style>`;
    const pages = [
      `<!DOCTYPE html>\n<html>\n<head>${css}\n<TITLE data-x="1">\n  502 Bad Gateway\n</TITLE></head>\n<body><h1>502</h1></body></html>`,
      `<html><head>${css}</head><body>no title here</body></html>`,
    ];
    const server = await startServer((req, res) => raw(res, 502, pages[req.index]!, 'text/html'));
    const titled = await fail(server);
    expect(titled.message).toBe('test.err failed with HTTP 502: 502 Bad Gateway');
    expect(titled.body).toBe(pages[0]);
    // no title: the text as before (first 500 characters)
    expect((await fail(server)).message).toBe(`test.err failed with HTTP 502: ${pages[1]!.slice(0, 500)}`);
  });

  it('an empty or blank body leaves a message that ends at the status, and an empty body is undefined', async () => {
    const bodies = ['', '   \n  '];
    const server = await startServer((req, res) => raw(res, 503, bodies[req.index]!));
    const empty = await fail(server);
    expect(empty).toBeInstanceOf(InternalServerError);
    expect(empty.message).toBe('test.err failed with HTTP 503');
    expect(empty.body).toBeUndefined();
    const blank = await fail(server);
    expect(blank.message).toBe('test.err failed with HTTP 503');
  });

  it('a JSON null body is an APIError with body null, not a TypeError', async () => {
    const server = await startServer((_req, res) => raw(res, 500, 'null', 'application/json'));
    const err = await fail(server);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.body).toBeNull();
    expect(err.message).toBe('test.err failed with HTTP 500');
  });

  it('a nested error object without a message does not hide the message next to it', async () => {
    const bodies = [
      { error: { code: 'E42', type: 'invalid' }, message: 'the real reason' },
      { error: '', detail: 'from detail' },
      { error: 'first wins', detail: 'second', message: 'third' },
    ];
    const server = await startServer((req, res) => json(res, 400, bodies[req.index]));
    expect((await fail(server)).message).toBe('test.err failed with HTTP 400: the real reason');
    expect((await fail(server)).message).toBe('test.err failed with HTTP 400: from detail');
    expect((await fail(server)).message).toBe('test.err failed with HTTP 400: first wins');
  });

  it('an error answered as an event stream takes its first data line, with or without the space after "data:"', async () => {
    const bodies = ['event: error\ndata:{"error":"no space"}\n\n', 'data: {"error":"with space"}\n\n'];
    const server = await startServer((req, res) => raw(res, 422, bodies[req.index]!, 'text/event-stream'));
    const first = await fail(server);
    expect(first.body).toEqual({ error: 'no space' });
    expect(first.message).toBe('test.err failed with HTTP 422: no space');
    const second = await fail(server);
    expect(second.body).toEqual({ error: 'with space' });
  });

  it('a body that breaks while it is read still gives the status error, with no body', async () => {
    const server = await startServer(() => undefined);
    server.faults.push({ match: '/x', fault: { kind: 'reset-mid-body', status: 500, headers: { 'content-type': 'text/plain', 'content-length': '400' }, body: 'partial' } });
    const err = await fail(server);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.status).toBe(500);
    expect(err.body).toBeUndefined();
    expect(err.message).toBe('test.err failed with HTTP 500');
  });

  it('cookies and credential headers the server sends back are not kept in headers', async () => {
    const server = await startServer((_req, res) =>
      json(res, 401, { error: 'no' }, {
        'set-cookie': 'session=abc123',
        cookie: 'c=1',
        authorization: 'Basic dXNlcjpwYXNz',
        'proxy-authorization': 'Basic cHJveHk6cHc=',
        'x-kept': 'yes',
      }),
    );
    const err = await fail(server);
    expect(err.headers['x-kept']).toBe('yes');
    for (const name of ['set-cookie', 'cookie', 'authorization', 'proxy-authorization']) expect(err.headers).not.toHaveProperty(name);
    expect(JSON.stringify(err)).not.toContain('abc123');
  });

  it('a successful body that is not JSON is a ResponseValidationError at the root, naming the call', async () => {
    const server = await startServer((_req, res) => raw(res, 200, 'not json at all', 'application/json'));
    const err = await rejectionOf(request(client(server), { method: 'GET', path: '/x', operation: 'test.parse' }), leaks);
    expect(err).toBeInstanceOf(ResponseValidationError);
    const rve = err as ResponseValidationError;
    expect(rve.operation).toBe('test.parse');
    expect(rve.message.startsWith('test.parse ')).toBe(true);
    expect(rve.issues).toHaveLength(1);
    expect(rve.issues[0]!.path).toEqual([]);
    expect(rve.issues[0]!.message).toMatch(/not valid JSON/);
    expect(rve.body).toBe('not json at all');
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 10);
});
