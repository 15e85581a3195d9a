/**
 * Two rules of the credential handling (client.ts, redact.ts):
 * - an apiKey must be a valid header value (visible ASCII, space or tab); anything else is refused
 *   by createClient with `path: 'apiKey'`, without quoting the key;
 * - a header is a credential when its name contains auth, key, token, secret, password or cookie
 *   (any case), except `idempotency-key` itself (docs/core.md, Errors).
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, redactHeaders } from '../../src/index.js';
import { textsOf } from './_leak.js';

function refusal(apiKey: string): InvalidRequestError {
  try {
    createClient({ baseURL: 'http://127.0.0.1:1', apiKey });
  } catch (err) {
    return err as InvalidRequestError;
  }
  throw new Error('expected createClient to refuse the key');
}

describe('apiKey must be a header value', () => {
  it('accepts visible ASCII, spaces and tabs, from the first to the last printable character', () => {
    for (const key of ['sk-abc~!', ' sk abc ', 'sk\tabc', '~sk-abc', 'sk-abc\t']) {
      expect(createClient({ baseURL: 'http://127.0.0.1:1', apiKey: key }).baseURL).toBe('http://127.0.0.1:1');
    }
  });

  it.each([
    ['a newline', 'sk-leak-aaaa\nX-Injected: 1'],
    ['a leading control character', '\x01sk-leak-bbbb'],
    ['a trailing carriage return', 'sk-leak-cccc\r'],
    ['DEL', 'sk-leak-dddd\x7f'],
    ['a non-ASCII letter', 'sk-leak-éééé'],
  ])('refuses a key with %s, naming apiKey and not quoting it', (_what, key) => {
    const err = refusal(key);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.path).toBe('apiKey');
    expect(textsOf(err).filter((t) => t.includes('sk-leak'))).toEqual([]);
  });

  it('refuses a key that is not a string', () => {
    expect(refusal(12345678 as unknown as string).path).toBe('apiKey');
  });
});

describe('credential header names', () => {
  it('any name containing auth, key, token, secret, password or cookie is redacted, in any case', () => {
    const names = ['X-Auth', 'my-key', 'X-Session-Token', 'client-secret', 'x-user-password', 'Set-Cookie', 'AUTHORIZATION'];
    const headers = Object.fromEntries(names.map((n) => [n, 'v']));
    expect(redactHeaders({ ...headers, 'x-team': 'search', accept: 'application/json' })).toEqual({
      ...Object.fromEntries(names.map((n) => [n, '[redacted]'])),
      'x-team': 'search',
      accept: 'application/json',
    });
  });

  it('idempotency-key (any case) is no credential, but a longer name containing it is', () => {
    expect(redactHeaders({ 'Idempotency-Key': 'i1', 'idempotency-key': 'i2' })).toEqual({ 'Idempotency-Key': 'i1', 'idempotency-key': 'i2' });
    expect(redactHeaders({ 'x-idempotency-key': 'i3', 'idempotency-key-secret': 'i4' })).toEqual({ 'x-idempotency-key': '[redacted]', 'idempotency-key-secret': '[redacted]' });
  });
});
