/**
 * An asynchronous Standard Schema (zod with an async refine): `request()` awaits it; a stream,
 * which validates every event as it is parsed, refuses it with an InvalidRequestError.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, request, requestStream } from '../../src/index.js';
import * as z from 'zod';
import { json, sse, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
const Model = z.object({ name: z.string() }).refine(async (m) => m.name.length > 0);

describe('an asynchronous Standard Schema', () => {
  it('works with request()', async () => {
    const server = await startServer((_req, res) => json(res, 200, { name: 'mlp' }));
    const client = createClient({ baseURL: server.url });
    await expect(request(client, { method: 'GET', path: '/m', schema: Model, operation: 'audit.get' })).resolves.toEqual({ name: 'mlp' });
  });

  it('a stream refuses it with an InvalidRequestError on its first event (streams validate synchronously)', async () => {
    const server = await startServer((_req, res) => sse(res, [{ name: 'a' }, '[DONE]']));
    const client = createClient({ baseURL: server.url });
    const err = await requestStream(client, { method: 'GET', path: '/s', schema: Model, operation: 'audit.stream' }).then(
      async (stream) => {
        for await (const _ of stream) void _;
      },
    ).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('schema');
  });
});
