/**
 * createClient's options as a JavaScript caller (no type checker) may get them wrong: a misspelt
 * name, a value of the wrong kind, a `retry` that is no object. Each is refused by createClient
 * itself with an InvalidRequestError naming the option (docs/core.md, option table), never left
 * to a default in silence or to a bare TypeError at the first call; and a call's `retry` and
 * `timeoutMs` of the wrong type are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, request, type ClientOptions } from '../../src/index.js';
import { createOipClient } from '../../src/oip/index.js';
import { textsOf } from './_leak.js';
import { bad, expectRefused, refusedAt, useServer } from './_misuse.js';

const box = useServer();
const KEY = 'sk-misuse-client-options-4711';

/** The error createClient throws for `options`, or a failure when it throws none. */
function refusal(options: Record<string, unknown>): InvalidRequestError {
  let err: unknown;
  try {
    createClient({ baseURL: 'http://127.0.0.1:1', ...options } as ClientOptions);
  } catch (e) {
    err = e;
  }
  expect(err, `createClient(${Object.keys(options).join(', ')}) should refuse`).toBeInstanceOf(InvalidRequestError);
  return err as InvalidRequestError;
}

describe('createClient refuses an option name it does not know, naming it and the known ones', () => {
  it.each([
    ['timeoutMS', { timeoutMS: 5000 }],
    ['baseUrl', { baseUrl: 'http://127.0.0.1:2' }],
    ['maxRetries', { maxRetries: 0 }],
    ['retry.maxRetry', { retry: { maxRetry: 0 } }],
    ['authHeader.Name', { apiKey: KEY, authHeader: { Name: 'x-api-key' } }],
  ])('%s', (path, options) => {
    const err = refusal(options);
    expect(err.path).toBe(path);
    expect(err.message).toContain(`${path} is not an option`);
    expect(err.message).toMatch(/known: .*timeoutMs|known: .*maxRetries|known: name prefix/);
  });

  it('baseUrl instead of baseURL is named as the misspelt option, not reported as a missing baseURL', () => {
    for (const make of [() => createClient({ baseUrl: 'http://127.0.0.1:2' } as never), () => createOipClient({ baseUrl: 'http://127.0.0.1:2' } as never)]) {
      expect(refusedAt('baseUrl', make).message).toMatch(/baseUrl is not an option \(known: baseURL /);
    }
  });

  it('an option given as undefined is no option given (e.g. `{ ...defaults, timeoutMs: env.T }`)', () => {
    expect(createClient({ baseURL: 'http://127.0.0.1:1', extra: undefined } as ClientOptions).timeoutMs).toBe(60_000);
  });

  it('a misspelt option with a credential in it is named, its value not quoted', () => {
    const err = refusal({ apikey: KEY });
    expect(err.path).toBe('apikey');
    expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  });
});

describe('createClient refuses an option of the wrong kind, naming it', () => {
  it.each([
    ['retry', { retry: 3 }],
    ['retry', { retry: null }],
    ['retry', { retry: true }],
    ['retry.random', { retry: { random: 0.5 } }],
    ['retry.budget.trySpend', { retry: { budget: { capacity: 5 } } }],
    // without it every answered call failed, after its answer, with a bare TypeError
    ['retry.budget.recordSuccess', { retry: { budget: { trySpend: (): boolean => true } } }],
    // optional, but one that is no function would fail a call aborted during a backoff wait with a TypeError
    ['retry.budget.refund', { retry: { budget: { trySpend: (): boolean => true, recordSuccess: (): void => undefined, refund: 1 } } }],
    ['onRetry', { onRetry: 'console.warn' }],
    ['middleware[1]', { middleware: [(next: unknown) => next, undefined] }],
    ['headers', { headers: 'x-team: search' }],
    ['authHeader', { apiKey: KEY, authHeader: 'x-api-key' }],
    ['authHeader.name', { apiKey: KEY, authHeader: { prefix: 'Key ' } }],
    ['authHeader.prefix', { apiKey: KEY, authHeader: { name: 'authorization', prefix: 'Bearer\r\n' } }],
  ])('%s', (path, options) => {
    const err = refusal(options);
    expect(err.path).toBe(path);
    expect(err.message).toContain(path);
    expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  });

  it('a number given as a string is refused, and said to be a string (not shown as if it were a number)', () => {
    const err = refusal({ timeoutMs: '3000' });
    expect(err.path).toBe('timeoutMs');
    expect(err.message).toMatch(/got string$/);
  });

  it('an array where an object belongs is said to be an array, not an object', () => {
    const err = refusal({ retry: [3] });
    expect(err.path).toBe('retry');
    expect(err.message).toMatch(/must be an object, got array$/);
  });

  it('retry false and retry options still work', () => {
    expect(createClient({ baseURL: 'http://127.0.0.1:1', retry: false, onRetry: () => undefined }).baseURL).toBe('http://127.0.0.1:1');
    expect(createClient({ baseURL: 'http://127.0.0.1:1', retry: { maxRetries: 1, random: () => 0 }, authHeader: { name: 'x-api-key' }, apiKey: KEY }).baseURL).toBe('http://127.0.0.1:1');
  });
});

describe('createClient refuses a baseURL with an InvalidRequestError naming it', () => {
  it.each([
    ['not http(s)', 'ftp://127.0.0.1/v1'],
    ['a query', 'http://127.0.0.1:1/v1?api-version=1'],
    ['a fragment', 'http://127.0.0.1:1/v1#x'],
    ['a host the URL parser refuses', 'http://exa mple.com/v1'],
    ['a port out of range', 'http://127.0.0.1:99999'],
    ['no host', 'http://'],
  ])('%s', (_what, baseURL) => {
    const err = refusal({ baseURL });
    expect(err.path).toBe('baseURL');
    expect(err.message).toMatch(/^createClient: baseURL must be/);
  });
});

describe('a call refuses a retry or timeoutMs of the wrong type before sending', () => {
  const get = { method: 'GET' as const, path: '/x', operation: 'audit.get', responseType: 'none' as const };

  it.each([[0], ['false'], [null]])('retry %j (it would leave the retries on)', async (retry) => {
    const client = createClient({ baseURL: box.server.url });
    await expectRefused(box.server, () => request(client, get, { retry: bad(retry) }), /^retry$/);
  });

  it.each([[true], ['5000']])('timeoutMs %j', async (timeoutMs) => {
    const client = createClient({ baseURL: box.server.url });
    const err = await expectRefused(box.server, () => request(client, get, { timeoutMs: bad(timeoutMs) }), /^timeoutMs$/);
    expect(err.message).toMatch(/got (boolean|string)$/);
  });
});

describe('a call refuses a request spec whose path is not a string before sending', () => {
  it.each([[undefined], [42], [['/x']]])('path %j (it failed with a bare TypeError from building the URL)', async (path) => {
    const client = createClient({ baseURL: box.server.url });
    await expectRefused(box.server, () => request(client, { method: 'GET', path: bad(path), operation: 'audit.get', responseType: 'none' }), /^path$/);
  });
});
