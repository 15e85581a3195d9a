/**
 * A URL the undici transport cannot send as given is refused the way fetchTransport refuses it,
 * with a modelwire error that quotes neither credentials nor query values. A URL with user info
 * (a middleware's rewrite, a server-given link) went out with its credentials silently dropped,
 * where fetch refuses it before sending; and a URL the parser rejects, among those the transport
 * hands to the URL parser (a space in it), escaped as a bare TypeError whose `input` held the
 * whole URL, query values included.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConnectionError, InvalidRequestError, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { ON_BUN } from '../helpers/runtime.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('%s transport: a URL with user info', (name, makeTransport: () => Transport) => {
  // Bun's fetch sends such a URL (its user info as Basic credentials) where the fetch standard refuses it
  it.skipIf(ON_BUN && name === 'fetch').each(['user:pw-91f2', 'user', ':pw-91f2'])('%s@ is refused with InvalidRequestError before sending, naming no credential', async (userinfo) => {
    const server = await startServer((_req, res) => void res.end('sent'));
    const url = server.url.replace('//', `//${userinfo}@`);
    const error = await makeTransport()(wireRequest(`${url}/a`, 'test.userinfo')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(inspect(error, { depth: 5 })).not.toMatch(/pw-91f2|user@/);
    expect(server.count()).toBe(0);
  });

  it('an empty user info (`//@host`) is no credential: the request is sent', async () => {
    const server = await startServer((_req, res) => void res.end('sent'));
    const res = await makeTransport()(wireRequest(`${server.url.replace('//', '//@')}/a`, 'test.userinfo'));
    expect(await res.text()).toBe('sent');
  });
});

describe('undici transport: a URL the URL parser rejects', () => {
  it('fails the call with a ConnectionError (as fetch, and as other unparseable URLs), never a bare TypeError quoting the query', async () => {
    const error = await Promise.resolve()
      .then(() => undiciTransport()(wireRequest('http://exa mple.com/a?key=q-secret-3c1d', 'test.bad-url')))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(`${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`).not.toContain('q-secret-3c1d');
  });
});
