/**
 * The core's transport, middleware and retry factories as a JavaScript caller may misuse them:
 * each refuses, when it is called, an option name it does not know and an option of the wrong
 * kind, with an InvalidRequestError naming the option, rather than falling back to a default in
 * silence, ignoring a hook, or failing later with a bare TypeError in the middle of a call.
 */
import { describe, expect, it } from 'vitest';
import {
  createClient,
  createRetryBudget,
  fetchTransport,
  headersMiddleware,
  loggingMiddleware,
  request,
  requestIdMiddleware,
  resolveRetryPolicy,
} from '../../src/index.js';
import { bad, refusedAt, useServer } from './_misuse.js';

const box = useServer();

describe('fetchTransport', () => {
  it('a fetch that is no function is refused when the transport is made (it failed each call as a ConnectionError "never sent", so it was retried)', () => {
    refusedAt('fetch', () => fetchTransport({ fetch: bad('fetch') }));
  });

  it.each([
    ['init', { init: 'keepalive' }],
    ['fetsh', { fetsh: globalThis.fetch }],
    ['options', null],
  ])('%s', (path, options) => {
    refusedAt(path, () => fetchTransport(bad(options)));
  });
});

describe('middleware factories', () => {
  it('headersMiddleware refuses a value with a line break before any call (fetch trimmed a trailing one and sent the header)', () => {
    refusedAt('headers.x-team', () => headersMiddleware({ 'x-team': 'search\n' }));
    refusedAt('headers.x-meta', () => headersMiddleware({ 'x-meta': bad({ team: 'a' }) }));
    refusedAt('headers', () => headersMiddleware(bad(null)));
    refusedAt('headers', () => headersMiddleware(bad('x-team: search')));
  });

  it.each([
    ['header', { header: 42 }],
    ['generate', { generate: 'uuid' }],
    ['onResponse', { onResponse: 'log' }],
    ['onRespones', { onRespones: () => undefined }],
  ])('requestIdMiddleware %s', (path, options) => {
    refusedAt(path, () => requestIdMiddleware(bad(options)));
  });

  it.each([
    ['logger', undefined],
    ['logger', 'console'],
    ['logger.debug', { debug: 'x', warn: () => undefined }],
    // neither method the middleware calls: nothing would ever be logged
    ['logger.warn', { info: () => undefined, error: () => undefined }],
  ])('loggingMiddleware %s', (path, logger) => {
    refusedAt(path, () => loggingMiddleware(bad(logger)));
  });

  it('loggingMiddleware options', () => {
    refusedAt('logHeaders', () => loggingMiddleware(console, bad({ logHeaders: 'yes' })));
    refusedAt('logheaders', () => loggingMiddleware(console, bad({ logheaders: true })));
  });

  it('a logger with only debug, or only warn, is a logger', () => {
    expect(typeof loggingMiddleware({ warn: () => undefined })).toBe('function');
    expect(typeof loggingMiddleware({ debug: () => undefined })).toBe('function');
  });
});

describe('retry policy and budget', () => {
  it('resolveRetryPolicy, used on its own, checks what createClient checks', () => {
    refusedAt('retry.maxRetries', () => resolveRetryPolicy({ maxRetries: -1 }));
    refusedAt('retry.maxRetry', () => resolveRetryPolicy(bad({ maxRetry: 0 })));
    refusedAt('onRetry', () => resolveRetryPolicy({}, bad('log')));
  });

  it.each([
    ['capacity', { capacity: Number.NaN }],
    ['capacity', { capacity: '5' }],
    ['capacity', { capacity: -1 }],
    ['refillPerSuccess', { refillPerSuccess: Number.NaN }],
    ['capasity', { capasity: 5 }],
  ])('createRetryBudget %s (a NaN capacity left a budget that allowed no retry)', (path, options) => {
    refusedAt(path, () => createRetryBudget(bad(options)));
  });

  it('a budget of Infinity, or of 0, is one', () => {
    expect(createRetryBudget({ capacity: Infinity }).trySpend()).toBe(true);
    expect(createRetryBudget({ capacity: 0, refillPerSuccess: 0 }).trySpend()).toBe(false);
  });
});

it('a client built from checked factories still sends (nothing refused that is right)', async () => {
  const client = createClient({
    baseURL: box.server.url,
    transport: fetchTransport({ fetch: (input, init) => globalThis.fetch(input, init), init: {} }),
    retry: { budget: createRetryBudget({ capacity: 2 }) },
    middleware: [headersMiddleware({ 'x-team': 'search', 'x-n': bad(3) }), requestIdMiddleware({ header: 'x-correlation-id', generate: () => 'id-1' })],
  });
  const before = box.server.requests.length;
  await request(client, { method: 'GET', path: '/ok', operation: 'audit.ok', responseType: 'none' });
  expect(box.server.requests.slice(before).map((r) => [r.headers['x-team'], r.headers['x-n'], r.headers['x-correlation-id']])).toEqual([['search', '3', 'id-1']]);
});
