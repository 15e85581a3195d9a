import { describe, expect, it } from 'vitest';
import {
  InternalServerError,
  createClient,
  loggingMiddleware,
  redactHeaders,
  request,
  requestIdMiddleware,
  safeUrl,
  type Middleware,
} from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

type Line = { level: string; message: string; fields: Record<string, unknown> };

describe.each(TRANSPORTS)('logging and middleware over %s', (_name, makeTransport) => {
  it('the client logger sees every attempt, failures at warn and success at debug, without credentials', async () => {
    server = await startServer((req, res) => json(res, 200, { ok: true }, { 'x-request-id': `srv-${req.index}` }));
    // (a reset-before-response rule fires on the request head, so it takes the first request)
    server.faults.push({ match: '/r', fault: { kind: 'reset-before-response' } });
    server.faults.push({ match: '/r', fault: { kind: 'status', status: 503, headers: { 'x-request-id': 'srv-fail' } } });
    const lines: Line[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger(lines))], retry: { initialDelayMs: 1 } });
    await request(client, { method: 'GET', path: '/r', query: { token: API_KEY, q: 'x' }, operation: 'test.log' });
    expect(lines.map((l) => [l.level, l.fields.attempt, l.fields.status])).toEqual([
      ['warn', 1, undefined],
      ['warn', 2, 503],
      ['debug', 3, 200],
    ]);
    expect(lines[0]!.fields.error).toMatchObject({ code: 'connection' });
    expect(lines[1]!.fields).toMatchObject({ operation: 'test.log', method: 'GET', requestId: 'srv-fail' });
    expect(lines[2]!.fields.requestId).toBe('srv-2');
    expect(typeof lines[2]!.fields.durationMs).toBe('number');
    // the query value (here: the key itself) is hidden in the logged URL
    expect(lines[0]!.fields.url).toBe(`${server.url}/r?token=…&q=…`);
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
    expect(server.requests[2]?.query.get('token')).toBe(API_KEY);
  });

  it('loggingMiddleware with logHeaders logs the headers of each attempt with credentials redacted', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const lines: Line[] = [];
    const client = createClient({
      baseURL: server.url,
      apiKey: API_KEY,
      transport: makeTransport(),
      headers: { 'X-Team': 'search', 'x-replicate-api-token': API_KEY },
      middleware: [loggingMiddleware(leaks.logger(lines), { logHeaders: true })],
    });
    await request(client, { method: 'POST', path: '/w', body: { a: 1 }, operation: 'test.headers' }, { headers: { Cookie: `k=${API_KEY}` } });
    const headers = lines[0]!.fields.headers as Record<string, string>;
    expect(headers.authorization).toBe('[redacted]');
    expect(headers['x-replicate-api-token']).toBe('[redacted]');
    expect(headers.cookie).toBe('[redacted]');
    expect(headers['x-team']).toBe('search');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
    // but the server did get them
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('user middleware runs on every attempt, inside the retry policy, after headers/auth', async () => {
    server = await startServer((req, res) => json(res, 200, { ok: true }));
    server.faults.push({ match: '/m', fault: { kind: 'status', status: 500 } });
    const seen: { attempt: number; hasAuth: boolean }[] = [];
    const spy: Middleware = (next) => async (req) => {
      seen.push({ attempt: req.attempt, hasAuth: 'authorization' in req.headers });
      return next({ ...req, headers: { ...req.headers, 'x-attempt': String(req.attempt) } });
    };
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), middleware: [spy], retry: { initialDelayMs: 1 } });
    await request(client, { method: 'GET', path: '/m', operation: 'test.mw' });
    expect(seen).toEqual([
      { attempt: 1, hasAuth: true },
      { attempt: 2, hasAuth: true },
    ]);
    expect(server.requests.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('requestIdMiddleware sends an id per call and reports the server id', async () => {
    server = await startServer((req, res) => json(res, 200, {}, { 'x-request-id': `srv-${String(req.headers['x-request-id'])}` }));
    const reported: unknown[] = [];
    let n = 0;
    const client = createClient({
      baseURL: server.url,
      transport: makeTransport(),
      middleware: [requestIdMiddleware({ generate: () => `id${++n}`, onResponse: (i) => reported.push(i) })],
    });
    await request(client, { method: 'GET', path: '/a', operation: 'test.rid' });
    await request(client, { method: 'GET', path: '/b', operation: 'test.rid' });
    expect(server.requests.map((r) => r.headers['x-request-id'])).toEqual(['id1', 'id2']);
    expect(reported).toEqual([
      { operation: 'test.rid', requestId: 'srv-id1', status: 200 },
      { operation: 'test.rid', requestId: 'srv-id2', status: 200 },
    ]);
  });

  it('requestIdMiddleware sends one id on every attempt of a retried call, and a new one per call', async () => {
    let hits = 0;
    server = await startServer((req, res) => (++hits === 1 ? json(res, 503, { error: 'busy' }) : json(res, 200, {})));
    let n = 0;
    const client = createClient({
      baseURL: server.url,
      transport: makeTransport(),
      retry: { initialDelayMs: 1 },
      middleware: [requestIdMiddleware({ generate: () => `id${++n}` })],
    });
    await request(client, { method: 'GET', path: '/a', operation: 'test.rid' });
    await request(client, { method: 'GET', path: '/b', operation: 'test.rid' });
    expect(server.requests.map((r) => [r.url, r.headers['x-request-id']])).toEqual([
      ['/a', 'id1'],
      ['/a', 'id1'],
      ['/b', 'id2'],
    ]);
  });

  it('per-call headers override client defaults; the API key cannot be read back from the client', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), headers: { 'X-A': '1', 'X-B': '1' } });
    await request(client, { method: 'GET', path: '/h', operation: 'test.h' }, { headers: { 'X-B': '2' } });
    expect(server.requests[0]?.headers['x-a']).toBe('1');
    expect(server.requests[0]?.headers['x-b']).toBe('2');
    expect(JSON.stringify(Object.entries(client))).not.toContain(API_KEY);
  });

  // Regression (bug found by this suite, fixed in the core): a logger that throws breaks the call: on success the caller gets the logger's error (and the
  // response body is never read or released); on failure it replaces the real error.
  it('the former logger option is refused with a pointer to loggingMiddleware, never ignored', () => {
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', logger: console } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_request', path: 'logger', message: expect.stringContaining('loggingMiddleware(logger)') }),
    );
  });

  it('a throwing logger never changes the outcome of a call', async () => {
    server = await startServer((req, res) => (req.path === '/ok' ? json(res, 200, { ok: 1 }) : json(res, 404, { error: 'gone' })));
    const logger = {
      debug: () => {
        throw new Error('logger broke');
      },
      warn: () => {
        throw new Error('logger broke');
      },
    };
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(logger)] });
    expect(await request(client, { method: 'GET', path: '/ok', operation: 'test.logger' }).catch((e: unknown) => e)).toEqual({ ok: 1 });
    const err = await request(client, { method: 'GET', path: '/missing', operation: 'test.logger' }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('NotFoundError');
  });

  it('errors logged after a final failure carry no key even when the server echoes it', async () => {
    server = await startServer((req, res) => json(res, 500, { error: `echo ${String(req.headers.authorization)}` }));
    const lines: Line[] = [];
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger(lines))], retry: { maxRetries: 1, initialDelayMs: 1 } });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/e', operation: 'test.echo' }), leaks);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).message).toContain('echo Bearer [redacted]');
    expect(lines).toHaveLength(2);
  });
});

describe('redaction helpers', () => {
  it('redactHeaders hides credential headers by name and keeps the rest', () => {
    expect(
      redactHeaders({ authorization: 'Bearer x', 'x-api-key': 'k', 'api-key': 'k', 'proxy-authorization': 'p', 'x-auth-token': 't', 'webhook-secret': 's', accept: 'a' }),
    ).toEqual({ authorization: '[redacted]', 'x-api-key': '[redacted]', 'api-key': '[redacted]', 'proxy-authorization': '[redacted]', 'x-auth-token': '[redacted]', 'webhook-secret': '[redacted]', accept: 'a' });
  });

  it('safeUrl hides user info and query values', () => {
    expect(safeUrl('https://user:pw@api.x.io/v1/a?key=s3cret&b=2')).toBe('https://api.x.io/v1/a?key=…&b=…');
    expect(safeUrl('http://127.0.0.1:8000/v2/models')).toBe('http://127.0.0.1:8000/v2/models');
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 2);
  expect(leaks.logs).toBeGreaterThan(10);
});
