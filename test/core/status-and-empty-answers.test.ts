/**
 * request() status check and empty answers (client.ts send/request, RequestSpec.responseType):
 * any status outside 200–299 is an APIError (a 300 too, which fetch does not follow); a 204 or 205
 * reads as `undefined`, and with `json` and a schema that `undefined` is validated like any result.
 */
import * as z from 'zod/mini';
import { expect, it } from 'vitest';
import { APIError, ResponseValidationError, createClient, request, type Transport } from '../../src/index.js';

const answering = (status: number, body: string | null = null): Transport => async () => new Response(body, { status, headers: body ? { 'content-type': 'application/json' } : {} });
const clientFor = (status: number, body?: string | null) => createClient({ baseURL: 'http://127.0.0.1:1', transport: answering(status, body), retry: false });

it('a 300 is an APIError; a 299 is a result', async () => {
  const err = await request(clientFor(300, '{"error":"choose"}'), { method: 'GET', path: '/x', operation: 'test.status' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(APIError);
  expect((err as APIError).status).toBe(300);
  expect(await request(clientFor(299, '{"ok":1}'), { method: 'GET', path: '/x', operation: 'test.status' })).toEqual({ ok: 1 });
});

it('a 204 or 205 reads as undefined for json and text', async () => {
  for (const status of [204, 205]) {
    expect(await request(clientFor(status), { method: 'GET', path: '/x', operation: 'test.empty' })).toBeUndefined();
    expect(await request(clientFor(status), { method: 'GET', path: '/x', operation: 'test.empty', responseType: 'text' })).toBeUndefined();
  }
});

it('with json and a schema, the undefined of a 204 is validated', async () => {
  const err = await request(clientFor(204), { method: 'GET', path: '/x', operation: 'test.empty', schema: z.object({ id: z.string() }) }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(await request(clientFor(204), { method: 'GET', path: '/x', operation: 'test.empty', schema: z.optional(z.object({ id: z.string() })) })).toBeUndefined();
});
