/**
 * A stream read with `for await` decodes (and validates) each event when its value is taken, not
 * every event of a network chunk as soon as the chunk arrives: the events of a chunk wait as the
 * text the server sent, so a chunk of hundreds of events is not held as hundreds of parsed values
 * (and their validated copies) while the loop works through them. The order of values and errors
 * is the same as before: the values before an invalid event, then its error; nothing after
 * `[DONE]` or an error is decoded.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ResponseValidationError, createClient, defaultDecode, requestStream, type EventDecoder, type StreamSpec } from '../../src/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();
const Tok = z.object({ n: z.number() });
type TokT = { n: number };

/** A decoder that records the data of every event it decodes. */
function counting(): { decode: EventDecoder; seen: string[] } {
  const seen: string[] = [];
  return { seen, decode: (e) => (seen.push(e.data), defaultDecode(e)) };
}

/** A server that sends `body` in one write. */
const oneChunk = (body: string) =>
  startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(body);
  });

const spec = (decode: EventDecoder): StreamSpec<TokT> => ({ method: 'GET', path: '/', schema: Tok, operation: 'test.lazy', decode });

describe.each(TRANSPORTS)('events decoded as they are taken over %s', (_name, makeTransport) => {
  it('for await: an event of a chunk already read is decoded only when its value is taken', async () => {
    const server = await oneChunk('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":3}\n\ndata: {"n":4}\n\ndata: [DONE]\n\n');
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const { decode, seen } = counting();
    const it = (await requestStream(client, spec(decode)))[Symbol.asyncIterator]();
    // the first event is decoded before the stream is handed out (it tells a value from a skipped event)
    expect(seen).toEqual(['{"n":1}']);
    expect(await it.next()).toEqual({ value: { n: 1 }, done: false });
    expect(seen).toEqual(['{"n":1}']);
    expect(await it.next()).toEqual({ value: { n: 2 }, done: false });
    expect(seen).toEqual(['{"n":1}', '{"n":2}']);
    const rest: unknown[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(rest).toEqual([{ n: 3 }, { n: 4 }]);
    expect(seen).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}', '[DONE]']);
  });

  it('the values before an invalid event come first, then its error; nothing after it is decoded', async () => {
    const server = await oneChunk('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":"x"}\n\ndata: {"n":4}\n\ndata: [DONE]\n\n');
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const { decode, seen } = counting();
    const values: unknown[] = [];
    let error: unknown;
    try {
      for await (const v of await requestStream(client, spec(decode))) values.push(v);
    } catch (err) {
      error = err;
    }
    expect(values).toEqual([{ n: 1 }, { n: 2 }]);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(seen).toEqual(['{"n":1}', '{"n":2}', '{"n":"x"}']);
  });

  it('nothing after [DONE] is decoded, and forEach after a for await step sees the rest in order', async () => {
    const server = await oneChunk('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":3}\n\ndata: [DONE]\n\ndata: {"n":9}\n\n');
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: false });
    const { decode, seen } = counting();
    const stream = await requestStream(client, spec(decode));
    const values: unknown[] = [];
    await stream.forEach((v) => void values.push(v));
    expect(values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(seen).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '[DONE]']);
  });
});
