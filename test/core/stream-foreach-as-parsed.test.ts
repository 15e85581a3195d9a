/**
 * `forEach()` on a stream from `requestStream()` (src/core/stream.ts) hands each value to the
 * callback as its event is parsed (docs/core.md: "Each value goes to the callback as its event is
 * parsed, with no queue"): the events of a network chunk that arrives while it runs are decoded and
 * handed over one after the other, not all decoded first and then handed out from a queue; a
 * callback's promise is awaited before the next value, also one from the same chunk.
 */
import { describe, expect, it } from 'vitest';
import { DONE, createClient, requestStream, type SSEEvent, type Stream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

/** A stream of four events, the last three in one network chunk; `log` records each decode. */
async function fourEvents(makeTransport: (typeof TRANSPORTS)[number][1]): Promise<{ stream: Stream<{ n: number }>; log: string[] }> {
  const server = await startServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    await write(res, 'data: {"n":1}\n\n');
    await delay(30);
    // one write: one network chunk with three events
    res.end('data: {"n":2}\n\ndata: {"n":3}\n\ndata: {"n":4}\n\ndata: [DONE]\n\n');
  });
  const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
  const log: string[] = [];
  const decode = (e: SSEEvent): unknown => {
    if (e.data === '[DONE]') return DONE;
    const value = JSON.parse(e.data) as { n: number };
    log.push(`decode ${value.n}`);
    return value;
  };
  const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/chunks', operation: 'test.forEach', decode });
  return { stream, log };
}

describe.each(TRANSPORTS)('forEach() over %s', (_name, makeTransport) => {
  it('each event of a chunk that arrives while it runs reaches the callback before the next event is decoded', async () => {
    const { stream, log } = await fourEvents(makeTransport);
    // the callback returns a number (Array#push): a value that is not a promise is not waited on
    await stream.forEach((v) => log.push(`callback ${v.n}`) as unknown as void);
    expect(log).toEqual(['decode 1', 'callback 1', 'decode 2', 'callback 2', 'decode 3', 'callback 3', 'decode 4', 'callback 4']);
  });

  it('an async callback is awaited before the next event of the same chunk is handed over', async () => {
    const { stream, log } = await fourEvents(makeTransport);
    await stream.forEach((v) => {
      log.push(`start ${v.n}`);
      if (v.n !== 2) return void log.push(`end ${v.n}`);
      return delay(10).then(() => void log.push(`end ${v.n}`));
    });
    const calls = log.filter((l) => !l.startsWith('decode'));
    expect(calls).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4']);
  });
});
