/** Servers for the stream-resume suites: one event with an id, then a drop; a reconnect taken and never answered. */
import type { ServerResponse } from 'node:http';
import type { RecordedRequest, TestServer, TestHandler } from '../helpers/test-server.js';
import { delay, DROP_GRACE_MS, write } from '../helpers/test-server.js';

/** Answers with an event stream of one event (`id: n`, data `{"n":n}`), then drops the connection. */
export async function eventThenDrop(res: ServerResponse, n: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
  await write(res, `id: ${n}\ndata: {"n":${n}}\n\n`);
  await delay(DROP_GRACE_MS);
  res.socket?.destroy();
}

/**
 * Starts (with `start`, a per-test starter) a server that sends `id: 1` and one event, then drops
 * the connection; a reconnect (it carries Last-Event-ID) is taken and never answered. Every
 * request is given to `watch` (e.g. a closeWatcher's) so a test can see its connection close.
 */
export function dropThenHangServer(start: (handler: TestHandler) => Promise<TestServer>, watch: (req: RecordedRequest, res: ServerResponse) => void): Promise<TestServer> {
  return start(async (req, res) => {
    watch(req, res);
    if (req.headers['last-event-id'] !== undefined) return;
    await eventThenDrop(res, 1);
  });
}
