/**
 * Request specs built wrong from JavaScript (a schema that is no Standard Schema, object query
 * values, poll without functions) are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, poll, request, requestStream } from '../../src/index.js';
import { listModels, listPredictions } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from './_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('core request spec', () => {
  it('a schema that is not a Standard Schema is refused before the POST (now: sent, then a TypeError)', async () => {
    await expectRefused(box.server, () => request(client(), { method: 'POST', path: '/jobs', body: {}, schema: bad({ type: 'object' }), operation: 'audit.create' }), /^schema$/);
  });

  it('requestStream: a schema that is not a Standard Schema is refused before the POST', async () => {
    await expectRefused(box.server, () => requestStream(client(), { method: 'POST', path: '/jobs', body: {}, schema: bad({ type: 'object' }), operation: 'audit.stream' }), /^schema$/);
  });

  it('a query value that is an object is refused (sent as ?a=%5Bobject%20Object%5D now)', async () => {
    await expectRefused(box.server, () => request(client(), { method: 'GET', path: '/x', query: bad({ filter: { a: 1 } }), operation: 'audit.get', responseType: 'none' }), /^query/);
  });

  it('replicate listPredictions source {} is refused (sent as source=%5Bobject%20Object%5D now)', async () => {
    await expectRefused(box.server, () => listPredictions(client(), { source: bad({}) }).toArray(1), /^(query\.)?source$/);
  });

  it('replicate listModels sort_by {} is refused', async () => {
    await expectRefused(box.server, () => listModels(client(), { sort_by: bad({}) }).toArray(1), /^(query\.)?sort_by$/);
  });



});

describe('core poll', () => {
  it('done that is not a function is refused before the first fetch (now: one request, then a TypeError)', async () => {
    const c = client();
    await expectRefused(
      box.server,
      () => poll({ fetch: (signal) => request(c, { method: 'GET', path: '/jobs/1', operation: 'audit.poll' }, { signal }), done: bad(undefined) }),
      /^done$/,
    );
  });

  it('fetch that is not a function is an InvalidRequestError (a bare TypeError now)', async () => {
    await expectRefused(box.server, () => poll({ fetch: bad(undefined), done: () => true }), /^fetch$/);
  });
});
