/**
 * The answer to a HEAD request (client.ts request, RequestSpec.responseType, docs/core.md "Clients
 * and operations"): it never has content (RFC 9110 §9.3.2: the headers a GET would get, no body),
 * so it reads as `undefined` like a 204, rather than failing as a body that is not JSON; with a
 * schema, that `undefined` is validated. Against a loopback server that answers HEAD as node:http does.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { NotFoundError, ResponseValidationError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici.js';
import { startTestServerPerTest } from '../helpers/test-server.js';

const start = startTestServerPerTest();

const transports = { fetch: undefined, undici: () => undiciTransport() };

describe.each(Object.entries(transports))('over %s', (_name, make) => {
  it('a 200 to HEAD reads as undefined, as for json so for text', async () => {
    // the headers a GET of this JSON document would get (content-type and content-length), no body
    const server = await start((req, res) => {
      res.writeHead(req.path === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'content-length': '17' });
      res.end(req.method === 'HEAD' ? undefined : '{"ready":true}   ');
    });
    const client = createClient({ baseURL: server.url, retry: false, transport: make?.() });
    expect(await request(client, { method: 'HEAD', path: '/v2/health/ready', operation: 'health' })).toBeUndefined();
    expect(await request(client, { method: 'HEAD', path: '/v2/health/ready', operation: 'health', responseType: 'text' })).toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
    // a status error is still one
    expect(await request(client, { method: 'HEAD', path: '/missing', operation: 'health' }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  it('with a schema, the undefined is validated', async () => {
    const server = await start((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const client = createClient({ baseURL: server.url, retry: false, transport: make?.() });
    const err = await request(client, { method: 'HEAD', path: '/x', operation: 'head', schema: z.object({ ok: z.boolean() }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).message).not.toMatch(/not valid JSON/);
    expect(await request(client, { method: 'HEAD', path: '/x', operation: 'head', schema: z.optional(z.object({ ok: z.boolean() })) })).toBeUndefined();
  });
});
