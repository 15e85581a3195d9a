/**
 * undiciTransport's options as a JavaScript caller may get them wrong: a misspelt option (it left
 * the default pool in force), options that are no object, a proxy object with a misspelt field,
 * and a proxy token with a line break (undici refused it only at each call, as a bad header). Each
 * is refused when the transport is made, with an InvalidRequestError naming the option and no
 * credential.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { undiciTransport } from '../../src/undici.js';
import { thrownAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';

const SECRET = 'proxy-secret-misuse-0815';

describe('undiciTransport refuses when it is made', () => {
  it.each([
    ['connection', { connection: 4 }],
    ['keepAliveTimeout', { keepAliveTimeout: 1000 }],
    ['options', null],
    ['options', 'http://proxy.internal:3128'],
    ['proxy.url', { proxy: { url: 'http://127.0.0.1:3128', token: `Bearer ${SECRET}` } }],
    ['proxy', { proxy: { uri: 'http://127.0.0.1:3128', token: `Bearer ${SECRET}\r\n` } }],
  ])('%s', (path, options) => {
    const err = thrownAs(() => undiciTransport(bad(options)), InvalidRequestError);
    expect(err.path).toBe(path);
    expect(err.operation).toBe('undiciTransport');
    expect(JSON.stringify(err) + err.message + String(err.stack)).not.toContain(SECRET);
  });

  it('a proxy object with uri and token, and a URL, are still taken', () => {
    expect(typeof undiciTransport({ proxy: { uri: 'http://127.0.0.1:3128', token: `Bearer ${SECRET}` } })).toBe('function');
    expect(typeof undiciTransport({ proxy: new URL('http://127.0.0.1:3128'), connections: 2 })).toBe('function');
  });
});
