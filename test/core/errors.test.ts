import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import {
  InvalidRequestError,
  APIError,
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  ModelwireError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UnprocessableEntityError,
  createClient,
  isModelwireError,
  request,
  type Transport, loggingMiddleware } from '../../src/index.js';
import { closedServerUrl, json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

const CASES: Array<[number, new (...args: never[]) => APIError, string]> = [
  [400, BadRequestError, 'bad_request'],
  [401, AuthenticationError, 'authentication'],
  [403, PermissionDeniedError, 'permission_denied'],
  [404, NotFoundError, 'not_found'],
  [409, ConflictError, 'conflict'],
  [422, UnprocessableEntityError, 'unprocessable_entity'],
  [429, RateLimitError, 'rate_limit'],
  [500, InternalServerError, 'internal_server'],
  [503, InternalServerError, 'internal_server'],
  [418, APIError, 'api_error'],
];
const ALL_API_CLASSES = [...new Set(CASES.map((c) => c[1]))];

describe.each(TRANSPORTS)('errors over %s', (name, makeTransport) => {
  const client = (baseURL: string, transport: Transport = makeTransport()) =>
    createClient({ baseURL, apiKey: API_KEY, transport, retry: false, middleware: [loggingMiddleware(leaks.logger())] });

  it.each(CASES)('HTTP %i becomes the matching subclass with status, requestId, headers and body', async (status, Ctor, code) => {
    server = await startServer((req, res) =>
      json(res, status, { error: { message: `boom ${status}`, type: 'test' } }, { 'x-request-id': `req-${status}`, 'x-custom': 'yes', 'retry-after': '7' }),
    );
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/thing', operation: 'test.get' }), leaks)) as APIError;
    expect(err).toBeInstanceOf(Ctor);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toBeInstanceOf(ModelwireError);
    expect(err).toBeInstanceOf(Error);
    for (const Other of ALL_API_CLASSES) if (Other !== Ctor && Other !== APIError) expect(err).not.toBeInstanceOf(Other);
    expect(isModelwireError(err)).toBe(true);
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.requestId).toBe(`req-${status}`);
    expect(err.headers['x-custom']).toBe('yes');
    expect(err.headers['content-type']).toBe('application/json');
    expect(err.body).toEqual({ error: { message: `boom ${status}`, type: 'test' } });
    expect(err.message).toContain(`boom ${status}`);
    expect(err.message).toContain(String(status));
    expect(err.operation).toBe('test.get');
    expect(err.attempts).toBe(1);
    expect(err.name).toBe(Ctor.name);
    if (status === 429) expect((err as RateLimitError).retryAfterMs).toBe(7000);
    expect(server.count('/thing')).toBe(1);
  });

  it('reads the message from detail / message / title / text bodies', async () => {
    const bodies: unknown[] = [
      { detail: 'from detail' },
      { message: 'from message' },
      { title: 'from title' },
      'plain text body',
      // FastAPI's validation error (vLLM, TGI, MLServer)
      { detail: [{ loc: ['body', 'messages'], msg: 'Field required', type: 'missing' }] },
    ];
    server = await startServer((req, res) => {
      const b = bodies[req.index]!;
      if (typeof b === 'string') {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(b);
      } else json(res, 400, b);
    });
    const c = client(server.url);
    const messages: string[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const err = (await rejectionOf(request(c, { method: 'GET', path: '/x', operation: 'test.msg' }), leaks)) as BadRequestError;
      expect(err).toBeInstanceOf(BadRequestError);
      messages.push(err.message);
    }
    expect(messages[0]).toContain('from detail');
    expect(messages[1]).toContain('from message');
    expect(messages[2]).toContain('from title');
    expect(messages[3]).toContain('plain text body');
    expect(messages[4]).toBe('test.msg failed with HTTP 400: Field required');
  });

  it('scrubs an Authorization header the server echoes back from message, body, headers, toJSON and inspect', async () => {
    server = await startServer((req, res) =>
      json(
        res,
        401,
        { error: `invalid credentials: ${String(req.headers.authorization)}`, echo: { auth: req.headers.authorization } },
        { 'x-echo-auth': String(req.headers.authorization), 'www-authenticate': 'Bearer' },
      ),
    );
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/me', operation: 'test.me' }), leaks)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    // the server really did receive (and echo) the key
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain(API_KEY);
    expect(JSON.stringify(err.body)).not.toContain(API_KEY);
    expect(JSON.stringify(err.headers)).not.toContain(API_KEY);
    expect(err.headers['x-echo-auth']).toBe('Bearer [redacted]');
    expect(JSON.stringify(err)).not.toContain(API_KEY);
    expect(inspect(err, { depth: 10 })).not.toContain(API_KEY);
    expect(String(err.stack)).not.toContain(API_KEY);
    const asJson = err.toJSON();
    expect(asJson).toMatchObject({ name: 'AuthenticationError', code: 'authentication', status: 401, operation: 'test.me' });
  });

  it('a custom auth header is scrubbed as well', async () => {
    server = await startServer((req, res) => json(res, 403, { error: `key ${String(req.headers['x-api-key'])} lacks scope` }));
    const c = createClient({ baseURL: server.url, apiKey: API_KEY, authHeader: { name: 'X-Api-Key', prefix: '' }, transport: makeTransport(), retry: false });
    const err = (await rejectionOf(request(c, { method: 'GET', path: '/scoped', operation: 'test.scope' }), leaks)) as PermissionDeniedError;
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(err.message).toBe('test.scope failed with HTTP 403: key [redacted] lacks scope');
  });

  it('connection refused is a ConnectionError with a cause, and no key in it', async () => {
    const url = await closedServerUrl();
    const c = createClient({ baseURL: url, apiKey: API_KEY, transport: makeTransport(), retry: { maxRetries: 0 }, middleware: [loggingMiddleware(leaks.logger())] });
    const err = (await rejectionOf(request(c, { method: 'GET', path: '/x', operation: 'test.refused' }), leaks)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.code).toBe('connection');
    expect(err.requestMayHaveReachedServer).toBe(false);
    expect(err.cause).toBeDefined();
    expect(err.attempts).toBe(1);
    expect(err.message).toContain('test.refused');
  });

  // Regression (bug found by this suite, fixed in the core): with `retry: false` the retry middleware is skipped, so transport errors carry no `attempts`
  // (an APIError gets 1 from attemptsOf). Expected: attempts === 1 on every error of a call that made one attempt.
  it('with retry: false a ConnectionError still says attempts = 1', async () => {
    const url = await closedServerUrl();
    const err = (await rejectionOf(request(client(url), { method: 'GET', path: '/x', operation: 'test.refused' }), leaks)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.attempts).toBe(1);
  });

  // Regression (bug found by this suite, fixed in the core; was fetch only): a key that is not a valid header value (here: a newline inside, e.g. pasted from a
  // file) makes fetch's Headers throw a TypeError quoting the whole header; toTransportError copies that text
  // into the ConnectionError message (and keeps it as cause), so the key leaks; it is also retried as if it
  // were a network failure.
  it('a malformed API key is refused by createClient, and the key never appears in the error', async () => {
    const badKey = 'sk-MALFORMED-7d1e\nsecond-line-4c2b';
    let err: unknown;
    try {
      createClient({ baseURL: 'http://127.0.0.1:1', apiKey: badKey, transport: makeTransport() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('apiKey');
    for (const text of [(err as Error).message, String((err as Error).stack), inspect(err, { depth: 6 }), JSON.stringify(err)]) {
      expect(text).not.toContain('sk-MALFORMED-7d1e');
      expect(text).not.toContain('second-line-4c2b');
    }
  });

  // Regression (bug found by this suite, fixed in the core; was fetch only): credentials in the baseURL's user-info are quoted back by fetch's "cannot be
  // constructed from a URL that includes credentials" TypeError; toTransportError copies it into the message.
  it('user-info credentials in baseURL are refused by createClient without quoting them', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    let err: unknown;
    try {
      createClient({ baseURL: server.url.replace('//', '//user:PW-in-url-5e6f@'), transport: makeTransport(), retry: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('baseURL');
    expect(String((err as Error).message)).toMatch(/credentials/);
    for (const text of [(err as Error).message, String((err as Error).stack), inspect(err)]) expect(text).not.toContain('PW-in-url-5e6f');
    expect(server.count()).toBe(0);
  });

  it('the client object exposes no credential', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const c = client(server.url);
    expect(JSON.stringify(c)).not.toContain(API_KEY);
    expect(inspect(c, { depth: 10, showHidden: false })).not.toContain(API_KEY);
    expect(Object.keys(c)).not.toContain('apiKey');
  });
});

describe('cross-copy instanceof', () => {
  it('an error built by a second copy of the module passes instanceof of this copy (and vice versa)', async () => {
    vi.resetModules();
    const copy = (await import('../../src/core/errors.js')) as typeof import('../../src/core/errors.js');
    expect(copy.NotFoundError).not.toBe(NotFoundError); // really a second copy
    const theirs = new copy.NotFoundError({ status: 404, body: { error: 'x' } });
    expect(theirs).toBeInstanceOf(NotFoundError);
    expect(theirs).toBeInstanceOf(APIError);
    expect(theirs).toBeInstanceOf(ModelwireError);
    expect(theirs).not.toBeInstanceOf(RateLimitError);
    expect(theirs).not.toBeInstanceOf(ConnectionError);
    expect(isModelwireError(theirs)).toBe(true);
    const ours = new TimeoutError('late', { timeoutMs: 5 });
    expect(ours).toBeInstanceOf(copy.TimeoutError);
    expect(ours).toBeInstanceOf(copy.ModelwireError);
    expect(ours).not.toBeInstanceOf(copy.AbortError);
    expect(ours).not.toBeInstanceOf(copy.APIError);
  });

  it('two bundled copies (ESM and CJS, the dual-package hazard) recognise each other\'s errors from a real HTTP call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelwire-copies-'));
    const entry = new URL('../../src/index.ts', import.meta.url).pathname;
    const common = { entryPoints: [entry], bundle: true, platform: 'neutral' as const, logLevel: 'silent' as const, mainFields: ['module', 'main'] };
    await build({ ...common, format: 'esm', outfile: join(dir, 'a.mjs') });
    await build({ ...common, format: 'cjs', outfile: join(dir, 'b.cjs') });
    type Core = typeof import('../../src/index.js');
    const a = (await import(pathToFileURL(join(dir, 'a.mjs')).href)) as Core;
    const b = createRequire(import.meta.url)(join(dir, 'b.cjs')) as Core;
    expect(a.NotFoundError).not.toBe(b.NotFoundError);
    server = await startServer((req, res) => json(res, 404, { error: 'nope' }));
    const fromA = await rejectionOf(a.request(a.createClient({ baseURL: server.url, retry: false }), { method: 'GET', path: '/x', operation: 'copy.a' }), leaks);
    expect(fromA).toBeInstanceOf(a.NotFoundError);
    expect(fromA).toBeInstanceOf(b.NotFoundError);
    expect(fromA).toBeInstanceOf(b.APIError);
    expect(fromA).toBeInstanceOf(NotFoundError); // and this (source) copy, a third one
    expect(fromA).not.toBeInstanceOf(b.RateLimitError);
    expect(b.isModelwireError(fromA)).toBe(true);
    const fromB = new b.TimeoutError('late', { timeoutMs: 1 });
    expect(fromB).toBeInstanceOf(a.TimeoutError);
    expect(fromB).not.toBeInstanceOf(a.AbortError);
  });

  it('an object from another realm carrying the brand passes; a plain Error or a wrong brand does not', () => {
    const brand = Symbol.for('modelwire.error.kinds');
    const foreign = Object.defineProperty(new Error('from elsewhere'), brand, { value: ['RateLimitError', 'APIError', 'ModelwireError'] });
    expect(foreign).toBeInstanceOf(RateLimitError);
    expect(foreign).toBeInstanceOf(APIError);
    expect(foreign).toBeInstanceOf(ModelwireError);
    expect(foreign).not.toBeInstanceOf(InternalServerError);
    expect(new Error('plain')).not.toBeInstanceOf(ModelwireError);
    expect(new Error('plain')).not.toBeInstanceOf(APIError);
    expect(isModelwireError(new Error('plain'))).toBe(false);
    expect(isModelwireError(null)).toBe(false);
    expect(isModelwireError({ code: 'timeout', message: 'x' })).toBe(false);
    const wrong = Object.defineProperty(new Error('w'), brand, { value: 'ModelwireError' });
    expect(wrong).not.toBeInstanceOf(ModelwireError);
  });

  it('APIError.fromStatus picks the subclass; every error serialises to a stable shape', () => {
    const e = APIError.fromStatus({ status: 429, body: { error: 'slow down' }, requestId: 'r1', headers: { a: 'b' }, message: 'm', attempts: 3, operation: 'op' });
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.toJSON()).toEqual({ name: 'RateLimitError', code: 'rate_limit', message: 'm', operation: 'op', attempts: 3, status: 429, requestId: 'r1', body: { error: 'slow down' } });
    const rve = new ResponseValidationError([{ path: ['a', 0], message: 'bad' }], { a: [1] }, { operation: 'op' });
    expect(rve.toJSON()).toMatchObject({ code: 'response_validation', issues: [{ path: ['a', '0'], message: 'bad' }] });
    expect(rve.message).toContain('a.0: bad');
    const abort = new AbortError();
    expect(abort.code).toBe('aborted');
    expect(inspect(abort)).toContain('"code": "aborted"');
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 20);
});
