/**
 * What `toReadableStream()` carries of the event stream it re-encodes (docs/core.md "Streams"): the
 * values, one `data:` line of JSON each, which an SSE parser reads back to the same values (data on
 * several lines, CR, LF, U+2028 and a lone surrogate included). It re-encodes values, not events:
 * the upstream's event names, ids, `retry:` fields and comments (keep-alives) are not passed on, so
 * a client reading it cannot resume with `Last-Event-ID`, and the bytes stay silent while the
 * upstream sends only keep-alives.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { createClient, DONE, requestStream } from '../../src/index.js';
import { startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

const UPSTREAM =
  'retry: 3000\n' +
  ': keep-alive\n' +
  'event: delta\nid: 1\ndata: first line\ndata: second line\n\n' +
  ': keep-alive\r\n' +
  'id: 2\r\ndata: cr\\r lf\\n ls\u2028 end\r\n\r\n' +
  'event: delta\ndata: {"lone":"\\ud800"}\n\n' +
  'data: [DONE]\n\n';

type Decoded = { type: string | null; id: string | null; data: string };

describe.each(TRANSPORTS)('toReadableStream() of an upstream event stream over %s', (_name, makeTransport) => {
  it('re-parses to the same values; event names, ids, retry and comments are not passed on', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await write(res, UPSTREAM);
      res.end();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const decode = (e: { event: string | undefined; id: string | undefined; data: string }): unknown => (e.data === '[DONE]' ? DONE : { type: e.event ?? null, id: e.id ?? null, data: e.data });
    const upstream = await requestStream<Decoded>(client, { method: 'GET', path: '/events', operation: 'test.proxy', decode });
    const text = await new Response(upstream.toReadableStream()).text();

    const events: EventSourceMessage[] = [];
    const comments: string[] = [];
    const retries: number[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (r) => retries.push(r) });
    parser.feed(text);

    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(events.slice(0, -1).map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { type: 'delta', id: '1', data: 'first line\nsecond line' },
      { type: null, id: '2', data: 'cr\\r lf\\n ls\u2028 end' },
      { type: 'delta', id: null, data: '{"lone":"\\ud800"}' },
    ]);
    expect(events.map((e) => [e.event, e.id])).toEqual(events.map(() => [undefined, undefined]));
    expect(comments).toEqual([]);
    expect(retries).toEqual([]);
  });

  it('a value with line breaks, U+2028 and a lone surrogate is one `data:` line that parses back to it', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await write(res, 'data: {"s":"a\\r\\nb\\rc\\nd\\u2028e\\ud800f"}\n\ndata: [DONE]\n\n');
      res.end();
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const text = await new Response((await requestStream<{ s: string }>(client, { method: 'GET', path: '/events', operation: 'test.proxy' })).toReadableStream()).text();
    const data: string[] = [];
    createParser({ onEvent: (e) => data.push(e.data) }).feed(text);
    expect(text.split('\n').filter((line) => line.startsWith('data: '))).toHaveLength(2);
    expect(JSON.parse(data[0]!)).toEqual({ s: 'a\r\nb\rc\nd\u2028e\ud800f' });
  });
});
