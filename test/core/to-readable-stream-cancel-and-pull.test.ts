/**
 * `toReadableStream()` as an edge handler's body (docs/core.md "Streams"):
 * - a reader that cancels it part-way (the client went away), also while a read is pending, stops
 *   the stream and cancels the HTTP body, with no unhandled rejection;
 * - it pulls: a reader that does not read gets at most one value read ahead, nothing is queued.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, Stream } from '../../src/index.js';
import { sseForever, startTestServerPerTest, delay } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, closeWatcher, within } from './_support.js';
import { unhandledDuring } from './_held.js';

const startServer = startTestServerPerTest();
const closes = closeWatcher();

describe.each(TRANSPORTS)('toReadableStream() cancelled by its reader over %s', (_name, makeTransport) => {
  for (const pending of [false, true]) {
    it(`after some values${pending ? ', with a read pending' : ''}: the HTTP body is cancelled`, async () => {
      const server = await startServer((req, res) => {
        closes.watch(req, res);
        return sseForever(res);
      });
      const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
      const unhandled = await unhandledDuring(async () => {
        const reader = (await requestStream(client, { method: 'GET', path: '/events', operation: 'test.proxy' })).toReadableStream().getReader();
        expect((await reader.read()).done).toBe(false);
        expect((await reader.read()).done).toBe(false);
        const read = pending ? reader.read() : undefined;
        await reader.cancel();
        if (read) expect((await read).done).toBe(true);
        await within(closes.closed(server.requests[0]!.index), 3000, 'server-side close after the reader cancelled');
      });
      expect(unhandled).toEqual([]);
    });
  }
});

it('pulls: with no reads, at most one value is taken from the stream', async () => {
  let taken = 0;
  const stream = Stream.fromIterable(
    (async function* () {
      for (;;) yield ++taken;
    })(),
  );
  const reader = stream.toReadableStream().getReader();
  expect((await reader.read()).done).toBe(false);
  const before = taken;
  for (let i = 0; i < 20; i++) await delay(1);
  expect(taken - before).toBeLessThanOrEqual(1);
  await reader.cancel();
});
