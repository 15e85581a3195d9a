/**
 * Headers given as a `Headers` instance, a `Map` or `[name, value]` pairs (what fetch takes as
 * HeadersInit, and what an edge handler has at hand in `request.headers`), where the SDK takes a
 * plain object of names to values: refused before sending with an InvalidRequestError at `headers`
 * that says what to pass, by createClient, by a call and by headersMiddleware. Before, their
 * entries were not read: headersMiddleware sent none of them (a credential dropped in silence),
 * and the others refused a `headers.append` or `headers.0` no one had written.
 */
import { describe, expect, it } from 'vitest';
import { createClient, headersMiddleware, request, type InvalidRequestError } from '../../src/index.js';
import { bad, expectRefused, refusedAt, useServer } from './_misuse.js';

const box = useServer();
const get = { method: 'GET' as const, path: '/x', operation: 'audit.get', responseType: 'none' as const };
const kinds = (): [string, unknown][] => [
  ['a Headers instance', new Headers({ authorization: 'Bearer sk-not-plain-1234', 'x-team': 'search' })],
  ['a Map', new Map([['x-team', 'search']])],
  ['[name, value] pairs', [['x-team', 'search']]],
];
const saysWhat = (err: InvalidRequestError): void => {
  expect(err.message).toMatch(/plain object/);
  expect(err.message).not.toContain('sk-not-plain-1234');
};

describe.each(kinds())('%s', (_kind, headers) => {
  it('is refused by createClient', async () => {
    saysWhat(await expectRefused(box.server, () => createClient({ baseURL: box.server.url, headers: bad(headers) }), /^headers$/));
  });

  it('is refused by a call before sending', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    saysWhat(await expectRefused(box.server, () => request(client, get, { headers: bad(headers) }), /^headers$/));
  });

  it('is refused by headersMiddleware (it sent none of them)', () => {
    refusedAt('headers', () => headersMiddleware(bad(headers)));
  });
});
