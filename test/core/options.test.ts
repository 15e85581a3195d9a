/**
 * Bad configuration and bad per-call options must fail loudly, naming the option, before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, request, type CallOptions, type ClientOptions } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

describe('createClient option checks', () => {
  it('rejects a missing or relative baseURL with an InvalidRequestError naming it', () => {
    expect(() => createClient({ baseURL: '/v1' })).toThrow(/baseURL/);
    expect(() => createClient({} as ClientOptions)).toThrow(/baseURL/);
    expect(() => createClient({ baseURL: 'ftp://x' })).toThrow(InvalidRequestError);
  });

  it('strips trailing slashes from baseURL', () => {
    expect(createClient({ baseURL: 'http://127.0.0.1:1///' }).baseURL).toBe('http://127.0.0.1:1');
  });

  // Regression (bug found by this suite, fixed in the core): nonsensical retry settings are accepted silently (a negative maxRetries even ends up as a
  // p-retry TypeError at call time).
  it.each([
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ jitter: 2 }, 'jitter'],
    [{ initialDelayMs: Number.NaN }, 'initialDelayMs'],
  ])('rejects retry %o naming %s', (retry, name) => {
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', retry })).toThrow(new RegExp(name));
  });

  it('rejects a non-finite or negative default timeoutMs', () => {
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', timeoutMs: -1 })).toThrow(/timeoutMs/);
  });
});

describe('per-call option checks', () => {
  const call = async (options: CallOptions) => {
    server = await startServer((req, res) => json(res, 200, {}));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY });
    return request(client, { method: 'POST', path: '/x', body: {}, operation: 'test.opts' }, options);
  };

  // Regression (bug found by this suite, fixed in the core): timeoutMs NaN ends in a confusing 'did not finish within NaN ms' TimeoutError;
  // a negative one times out at once. Expected: InvalidRequestError with path 'timeoutMs', nothing sent.
  it.each([[Number.NaN], [-5]])('timeoutMs %s is an InvalidRequestError and nothing is sent', async (timeoutMs) => {
    const err = await rejectionOf(call({ timeoutMs }), leaks);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('timeoutMs');
    expect(server!.count()).toBe(0);
  });

  it('an idempotencyKey on a client without an idempotency header fails before sending, naming the problem', async () => {
    const err = await rejectionOf(call({ idempotencyKey: 'k' }), leaks);
    expect(String((err as Error).message)).toMatch(/idempotency/);
    expect(server!.count()).toBe(0);
  });

  // Regression (bug found by this suite, fixed in the core): that error is a bare TypeError; STYLE asks for InvalidRequestError with a path.
  it('an idempotencyKey without a header is an InvalidRequestError', async () => {
    const err = await rejectionOf(call({ idempotencyKey: 'k' }), leaks);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('idempotencyKey');
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 1);
});
