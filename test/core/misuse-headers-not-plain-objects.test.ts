/**
 * Headers given as a `Headers` instance, a `Map` or `[name, value]` pairs (what fetch takes as
 * HeadersInit, and what an edge handler has at hand in `request.headers`), where the SDK takes a
 * plain object of names to values: refused before sending with an InvalidRequestError at `headers`
 * that says what to pass, by createClient, by a call and by headersMiddleware. Before, their
 * entries were not read: headersMiddleware sent none of them (a credential dropped in silence),
 * and the others refused a `headers.append` or `headers.0` no one had written. The platform paths
 * that add a header of their own to the caller's (openAIClientOptions' organization, a Replicate
 * create's Prefer, OIP's binary inference header) copied them into a plain object first, which
 * dropped them in silence: refused there too.
 */
import { describe, expect, it } from 'vitest';
import { createClient, headersMiddleware, request, type InvalidRequestError } from '../../src/index.js';
import { createOipClient, inferBinary } from '../../src/oip/index.js';
import { openAIClientOptions } from '../../src/openai/index.js';
import { createPrediction } from '../../src/replicate/index.js';
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

describe.each(kinds())('%s, where a platform adds a header of its own', (_kind, headers) => {
  it('is refused by openAIClientOptions', () => {
    refusedAt('headers', () => openAIClientOptions({ organization: 'org-1', headers: bad(headers) }));
  });

  it('is refused by a Replicate create that waits, before the POST', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    await expectRefused(box.server, () => createPrediction(client, { model: 'a/b', input: {} }, { wait: 5, headers: bad(headers) }), /^headers$/);
  });

  it('is refused by an OIP binary inference, before sending', async () => {
    const oip = createOipClient({ baseURL: box.server.url, retry: false });
    const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array(1) }] };
    await expectRefused(box.server, () => inferBinary(oip, 'm', request, { headers: bad(headers) }), /^headers$/);
  });
});
