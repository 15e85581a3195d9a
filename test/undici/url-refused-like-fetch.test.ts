/**
 * A URL the undici transport cannot send as given is refused the way fetchTransport refuses it,
 * with a modelwire error that quotes neither credentials nor query values. A URL with user info
 * (a middleware's rewrite, a server-given link) went out with its credentials silently dropped,
 * where fetch refuses it before sending; and a URL the parser rejects, among those the transport
 * hands to the URL parser (a space in it), escaped as a bare TypeError whose `input` held the
 * whole URL, query values included. On both transports, such a URL's ConnectionError kept that
 * TypeError (fetch's, quoting the URL) as its cause. fetchTransport's refusal of user info named
 * `headers` as its path, undici's `url`.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidRequestError, type Transport } from '../../src/index.js';
import { textsOf } from '../core/_leak.js';
import { TRANSPORTS } from '../core/_support.js';
import { ON_BUN, ON_DENO } from '../helpers/runtime.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('%s transport: a URL with user info', (name, makeTransport: () => Transport) => {
  // Bun's and Deno's fetch send such a URL (its user info as Basic credentials) where the fetch standard refuses it
  it.skipIf((ON_BUN || ON_DENO) && name === 'fetch').each(['user:pw-91f2', 'user', ':pw-91f2'])('%s@ is refused with InvalidRequestError before sending, naming no credential', async (userinfo) => {
    const server = await startServer((_req, res) => void res.end('sent'));
    const url = server.url.replace('//', `//${userinfo}@`);
    const error = await makeTransport()(wireRequest(`${url}/a`, 'test.userinfo')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    // the URL is what was refused, on both transports (fetch's refusal was said to be of the headers)
    expect((error as InvalidRequestError).path).toBe('url');
    expect(inspect(error, { depth: 5 })).not.toMatch(/pw-91f2|user@/);
    expect(server.count()).toBe(0);
  });

  it('an empty user info (`//@host`) is no credential: the request is sent', async () => {
    const server = await startServer((_req, res) => void res.end('sent'));
    const res = await makeTransport()(wireRequest(`${server.url.replace('//', '//@')}/a`, 'test.userinfo'));
    expect(await res.text()).toBe('sent');
  });
});

describe.each(TRANSPORTS)('%s transport: a URL the URL parser rejects', (_name, makeTransport: () => Transport) => {
  // a space in the host, a port out of range, an unclosed IPv6 bracket: fetch quoted the whole URL in
  // its error (Node: the cause's message and `input`; Deno: the message), and undici's parser in `input`
  it.each(['http://exa mple.com', 'http://127.0.0.1:99999', 'http://[::1'])(
    '%s fails the call with a ConnectionError (as other unparseable URLs), with no query value or user info anywhere in it or its causes',
    async (origin) => {
      const error = await Promise.resolve()
        .then(() => makeTransport()(wireRequest(`${origin}/a?key=q-secret-3c1d`, 'test.bad-url')))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toContain('/a?key=…');
      expect(textsOf(error).filter((t) => t.includes('q-secret-3c1d'))).toEqual([]);
    },
  );
});
