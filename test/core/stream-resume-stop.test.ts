/**
 * A resumable stream stopped while it reconnects (during the backoff, or while the reconnect
 * request is on its way) opens no connection that outlives it, and its pending read settles.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestStream, type Middleware, type Stream } from '../../src/index.js';
import { delay, startTestServerPerTest, type TestServer } from '../helpers/test-server.js';
import { resumableHandler } from './_support.js';
import { HeldResponses, TRANSPORTS } from './_held.js';

const startServer = startTestServerPerTest();

/** First connection: one event with an id, then dropped. A resume (Last-Event-ID): events until the client goes away. */
async function resumableServer(held: HeldResponses): Promise<TestServer> {
  return startServer(resumableHandler((res) => held.track(res)));
}

const settledWithin = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true, () => true), delay(ms).then(() => false)]);

describe.each(TRANSPORTS)('stream stopped while it resumes (%s)', (_name, transport) => {
  it('abort() while the reconnect request is on its way: no connection outlives the stream', async () => {
    const held = new HeldResponses();
    const server = await resumableServer(held);
    let stream: Stream<unknown> | undefined;
    // stops the stream at the moment the reconnect is sent (deterministic: no timing involved)
    const abortOnResume: Middleware = (next) => (req) => {
      if (req.headers['last-event-id'] !== undefined) stream?.abort();
      return next(req);
    };
    const client = createClient({ baseURL: server.url, transport: transport(), timeoutMs: 30_000, retry: { initialDelayMs: 1, jitter: 0 }, middleware: [abortOnResume] });
    stream = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.events', resume: true });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ n: 1 });
    const pending = it.next(); // the drop happens while this read waits; the source resumes
    pending.catch(() => undefined);
    // the reconnect, stopped as it was sent, is cancelled with the stream: it may never reach the
    // server (stream-resume-hung-reconnect.test.ts: one that reached it and is never answered)
    expect(await settledWithin(pending, 1500)).toBe(true);
    expect(await held.allReleased(1500)).toBe(true);
  });

  it('abort() during the resume backoff: no reconnect after the stream was stopped', async () => {
    const held = new HeldResponses();
    const server = await resumableServer(held);
    const client = createClient({ baseURL: server.url, transport: transport(), timeoutMs: 30_000, retry: { initialDelayMs: 1000, jitter: 0 } });
    const stream = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.events', resume: true });
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual({ n: 1 });
    const pending = it.next();
    pending.catch(() => undefined);
    expect(await held.allReleased(1500)).toBe(true); // first connection dropped: the source now waits 1000 ms to resume
    await delay(50);
    stream.abort();
    await server.waitForRequests(2, 1500).catch(() => undefined);
    expect(server.count('/events')).toBe(1);
    expect(await settledWithin(pending, 500)).toBe(true);
    expect(await held.allReleased(1000)).toBe(true);
  });
});
