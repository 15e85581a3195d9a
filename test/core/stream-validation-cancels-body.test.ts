/**
 * An event that fails its schema (strict) ends the stream with ResponseValidationError, after the
 * values before it, and cancels the HTTP body (docs/core.md "Streams"): a server that goes on
 * sending sees the connection close. (The other tests of a bad event use bodies that end.)
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ResponseValidationError, createClient, requestStream } from '../../src/index.js';
import { delay, write, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, drain, within } from './_support.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

describe.each(TRANSPORTS)('a stream event that fails its schema over %s', (_name, makeTransport) => {
  it('ends the stream with ResponseValidationError and the server sees the connection close', async () => {
    const server = await startServer(async (req, res) => {
      closes.watch(req, res);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-bad-event' });
      await write(res, 'data: {"n":1}\n\n');
      await write(res, 'data: {"n":"two"}\n\n');
      // and on, until the client goes away
      for (let i = 0; i < 1000 && !res.destroyed; i++) {
        await write(res, 'data: {"n":3}\n\n');
        await delay(10);
      }
      res.end();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const stream = await requestStream(client, { method: 'GET', path: '/', schema: z.object({ n: z.number() }), operation: 'test.bad' });
    const { values, error } = await drain(stream);
    expect(values).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]!.path).toEqual(['n']);
    expect((error as ResponseValidationError).requestId).toBe('req-bad-event');
    await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after the validation error');
  });
});
