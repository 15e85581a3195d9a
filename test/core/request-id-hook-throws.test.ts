/**
 * A requestIdMiddleware `onResponse` hook that throws fails the call with its error and cancels
 * the response body it will never read.
 */
import { describe, expect, it } from 'vitest';
import { createClient, requestIdMiddleware, requestStream } from '../../src/index.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { HeldResponses, TRANSPORTS } from './_held.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('requestIdMiddleware onResponse throwing (%s)', (_name, transport) => {
  it('does not leave the stream body open', async () => {
    const held = new HeldResponses();
    const server = await startServer(async (_req, res) => {
      held.track(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      for (let i = 0; !res.destroyed && i < 100_000; i++) {
        await write(res, `data: {"n":${i}}\n\n`);
        await delay(10);
      }
    });
    const client = createClient({
      baseURL: server.url,
      transport: transport(),
      timeoutMs: 30_000,
      middleware: [
        requestIdMiddleware({
          onResponse: () => {
            throw new Error('observer failed');
          },
        }),
      ],
    });
    const err = await requestStream(client, { method: 'GET', path: '/events', operation: 'test.events' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // the call has failed: the event stream it opened must not keep running
    expect(await held.allReleased(1500)).toBe(true);
  });
});
