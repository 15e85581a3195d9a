/**
 * Header values that are not strings (or numbers) and idempotency keys that are not strings are
 * refused before sending, naming the header or `idempotencyKey`.
 */
import { describe, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from './_misuse.js';

const box = useServer();
const get = { method: 'GET' as const, path: '/x', operation: 'audit.get', responseType: 'none' as const };

describe('core: header values that are not strings', () => {
  it('per-call header undefined is refused (fetch sends the text "undefined" now)', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    await expectRefused(box.server, () => request(client, get, { headers: bad({ 'x-trace-id': undefined }) }), /^headers/);
  });

  it('per-call header undefined on the undici transport is refused (silently dropped now)', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, transport: undiciTransport() });
    await expectRefused(box.server, () => request(client, get, { headers: bad({ 'x-trace-id': undefined }) }), /^headers/);
  });

  it('per-call header that is an object is refused (sent as "[object Object]" now)', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    await expectRefused(box.server, () => request(client, get, { headers: bad({ 'x-meta': { team: 'a' } }) }), /^headers/);
  });

  it('client header undefined is refused by createClient', async () => {
    await expectRefused(box.server, () => createClient({ baseURL: box.server.url, retry: false, headers: bad({ 'x-team': undefined }) }), /^headers/);
  });

  it('a billable create with a header object is refused before the POST', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false });
    await expectRefused(box.server, () => createPrediction(client, { model: 'a/b', input: {} }, { headers: bad({ 'x-meta': { a: 1 } }) }), /^headers/);
  });
});

describe('core: idempotencyKey that is not a string', () => {
  it('an object key is refused (sent as "[object Object]" now: every such call shares one key, and it is retried as if safe)', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
    await expectRefused(
      box.server,
      () => request(client, { method: 'POST', path: '/jobs', body: {}, operation: 'audit.create' }, { idempotencyKey: bad({ id: 1 }) }),
      /^idempotencyKey$/,
    );
  });

  it('a boolean key is refused (sent as "true" now)', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
    await expectRefused(box.server, () => request(client, { method: 'POST', path: '/jobs', body: {}, operation: 'audit.create' }, { idempotencyKey: bad(true) }), /^idempotencyKey$/);
  });
});
