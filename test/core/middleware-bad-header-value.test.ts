/**
 * A header value no runtime can send that your middleware sets (after the client checked its own
 * and the call's headers) is refused once: an InvalidRequestError on `headers.<name>`, the value not
 * shown, never sent and never retried, on both transports. Before, fetch failed a character past
 * Latin-1 or a control character as a ConnectionError that "may have reached the server" and retried
 * it with backoff, sent a trailing newline trimmed, and named no header (`path: 'headers'`).
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, request, type Middleware, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionOf } from './_support.js';
import { textsOf } from './_leak.js';

const startServer = startTestServerPerTest();
const transports: [string, () => Transport | undefined][] = [
  ['fetch', () => undefined],
  ['undici', () => undiciTransport()],
];

describe.each(transports)('%s: a bad header value set by a middleware', (_name, transport) => {
  it.each([
    ['a character past Latin-1', 'mw-secret-\u2603'],
    ['a control character', 'mw-secret-\u0001x'],
    ['a newline inside', 'mw-secret-a\nb'],
    ['a trailing newline', 'mw-secret-abc\n'],
    ['a NUL', 'mw-secret-a\0b'],
  ])('with %s is refused once at headers.x-sig, not sent, value not shown', async (_what, value) => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const retries: number[] = [];
    const sign: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-sig': value } });
    const client = createClient({
      baseURL: server.url,
      transport: transport(),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      onRetry: (e) => retries.push(e.attempt),
      middleware: [sign],
    });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.mwHeader' }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('headers.x-sig');
    expect((err as InvalidRequestError).operation).toBe('test.mwHeader');
    expect(server.count()).toBe(0);
    expect(retries).toEqual([]);
    expect(textsOf(err).filter((t) => t.includes('mw-secret'))).toEqual([]);
  });

  it('a Latin-1 value and a tab are sent as they are', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const sign: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-sig': 'caf\u00e9\tbar' } });
    const client = createClient({ baseURL: server.url, transport: transport(), middleware: [sign] });
    await request(client, { method: 'GET', path: '/x', operation: 'test.mwHeader' });
    expect(Buffer.from(server.requests[0]!.headers['x-sig'] as string, 'latin1').toString('latin1')).toBe('caf\u00e9\tbar');
  });
});
