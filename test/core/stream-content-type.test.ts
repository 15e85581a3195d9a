/** requestStream's content-type check (src/core/stream.ts): case-insensitive, and the body of an answer that is not an event stream is kept on every transport. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { StreamError, createClient, requestStream } from '../../src/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();
const spec = { method: 'GET' as const, path: '/s', schema: z.object({ n: z.number() }), operation: 'test.stream' };

describe.each(TRANSPORTS)('not-an-event-stream check over %s', (_name, makeTransport) => {
  it('an event stream whose media type is written in upper case (case-insensitive per RFC 9110) is read', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'Text/Event-Stream; charset=utf-8' });
      res.end('data: {"n":1}\n\ndata: {"n":2}\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const stream = await requestStream(client, spec);
    const values: unknown[] = [];
    for await (const v of stream) values.push(v);
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
  });

});

describe('not-an-event-stream body over undici', () => {
  const makeTransport = TRANSPORTS.find(([n]) => n === 'undici')![1];
  it('a 200 JSON answer to a stream request is a StreamError carrying that body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"model is loading"}}');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const err = (await rejectionOf(requestStream(client, spec))) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toContain('model is loading');
    expect((err as unknown as { event: unknown }).event).toEqual({ error: { message: 'model is loading' } });
  });
});
