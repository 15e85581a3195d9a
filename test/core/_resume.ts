/** A server for the stream-resume suites: one event with an id, a drop, then a reconnect taken and never answered. */
import type { ServerResponse } from 'node:http';
import type { RecordedRequest, TestServer, TestHandler } from '../helpers/test-server.js';
import { delay, DROP_GRACE_MS, write } from '../helpers/test-server.js';

/**
 * Starts (with `start`, a per-test starter) a server that sends `id: 1` and one event, then drops
 * the connection; a reconnect (it carries Last-Event-ID) is taken and never answered. Every
 * request is given to `watch` (e.g. a closeWatcher's) so a test can see its connection close.
 */
export function dropThenHangServer(start: (handler: TestHandler) => Promise<TestServer>, watch: (req: RecordedRequest, res: ServerResponse) => void): Promise<TestServer> {
  return start(async (req, res) => {
    watch(req, res);
    if (req.headers['last-event-id'] !== undefined) return;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    await write(res, 'id: 1\ndata: {"n":1}\n\n');
    await delay(DROP_GRACE_MS);
    res.socket?.destroy();
  });
}
