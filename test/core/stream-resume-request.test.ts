/**
 * What a `resume: true` stream sends when it reconnects after a mid-stream drop: the same request
 * (body, the client's, the spec's and the call's headers, the idempotency key), with
 * `Last-Event-ID` set to the last id the server sent. A caller that starts a stream from a known
 * position with its own `Last-Event-ID` (in the spec's or the call's headers, any spelling) has it
 * replaced on the reconnect, never sent alongside: a server reading the old position (or the two
 * joined as `3, 0`) would replay the events from there, and the caller would see them twice.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, type CallOptions, type StreamSpec } from '../../src/index.js';
import { delay, DROP_GRACE_MS, sse, sseFrame, startTestServerPerTest, write, type TestServer } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();

/** Sends ids 1..5 after the position it is given (none: 0); the first connection drops after id 3. */
function positionServer(): Promise<TestServer> {
  return startServer(async (req, res) => {
    const header = req.headers['last-event-id'];
    // a list ("3, 0") is no position this server (or any) can read: it starts over
    const from = typeof header !== 'string' || !/^\d+$/.test(header) ? 0 : Number(header);
    if (req.index === 0) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let n = from + 1; n <= 3; n++) await write(res, `id: ${n}\ndata: {"n":${n}}\n\n`);
      await delay(DROP_GRACE_MS);
      res.socket?.destroy();
      return;
    }
    const frames = [];
    for (let n = from + 1; n <= 5; n++) frames.push(sseFrame({ id: String(n), data: JSON.stringify({ n }) }));
    return sse(res, [...frames, '[DONE]']);
  });
}

describe.each(TRANSPORTS)('the request a resume sends over %s', (_name, makeTransport) => {
  async function read(server: TestServer, spec: Partial<StreamSpec<{ n: number }>>, options?: CallOptions): Promise<number[]> {
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1 }, idempotencyHeader: 'idempotency-key', headers: { 'x-from-client': 'c' } });
    const stream = await requestStream<{ n: number }>(client, { method: 'GET', path: '/ids', operation: 'test.resume', resume: true, ...spec }, options);
    const values: number[] = [];
    for await (const v of stream) values.push(v.n);
    return values;
  }

  it('the same body and headers, with Last-Event-ID added', async () => {
    const server = await positionServer();
    const values = await read(server, { method: 'POST', body: { prompt: 'hi' }, headers: { 'x-from-spec': 's' } }, { idempotencyKey: 'key-1', headers: { 'x-from-call': 'o' } });
    expect(values).toEqual([1, 2, 3, 4, 5]);
    const [first, again] = server.requests;
    expect(again!.method).toBe('POST');
    expect(again!.text()).toBe(first!.text());
    for (const name of ['authorization', 'idempotency-key', 'x-from-client', 'x-from-spec', 'x-from-call', 'content-type', 'accept']) {
      expect([name, again!.headers[name]]).toEqual([name, first!.headers[name]]);
    }
    expect(first!.headers['last-event-id']).toBeUndefined();
    expect(again!.headers['last-event-id']).toBe('3');
  });

  it("a Last-Event-ID in the spec's headers is replaced, not sent alongside", async () => {
    const server = await positionServer();
    const values = await read(server, { headers: { 'Last-Event-ID': '1' } });
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual(['1', '3']);
    expect(values).toEqual([2, 3, 4, 5]);
  });

  it("a Last-Event-ID in the call's headers, in any spelling, is replaced", async () => {
    const server = await positionServer();
    const values = await read(server, {}, { headers: { 'LAST-EVENT-ID': '1' } });
    expect(server.requests.map((r) => r.headers['last-event-id'])).toEqual(['1', '3']);
    expect(values).toEqual([2, 3, 4, 5]);
  });
});
