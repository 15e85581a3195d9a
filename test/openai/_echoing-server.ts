/**
 * A loopback server for the request-id tests: every request is answered 200 with `box.answer` as
 * JSON, carrying `x-request-id: requestId`; a `$token` in the answer is replaced by the request's
 * `x-api-token` header (a credential a client's middleware set, echoed back by the server).
 * Started before the file's tests, its requests forgotten after each, closed after all.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

export function echoingServer(requestId: string): { server: TestServer; answer: unknown } {
  const box = { answer: undefined } as { server: TestServer; answer: unknown };
  beforeAll(async () => {
    box.server = await startTestServer((req, res) => {
      res.setHeader('x-request-id', requestId);
      json(res, 200, JSON.parse(JSON.stringify(box.answer).replaceAll('$token', String(req.headers['x-api-token'] ?? ''))));
    });
  });
  afterEach(() => box.server.reset());
  afterAll(() => box.server.close());
  return box;
}
