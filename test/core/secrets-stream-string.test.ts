/**
 * An `event: error` whose data is a JSON string is taken whole into the message, so the scrub
 * sees the whole key before the message is cut.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from './_leak.js';

const KEY = 'sk-review-stream-0123456789abcdefghijklm'; // 40 characters
const LEAKED_PART = KEY.slice(0, 24);

let server: TestServer;
afterEach(() => server?.close());

it('an error event whose data is a JSON string echoing the key across the 500-character cut leaks no part of it', async () => {
  server = await startTestServer((req, res) => {
    const auth = String(req.headers.authorization).slice('Bearer '.length);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"n":1}\n\n');
    // a JSON string payload: errorMessageOf(value) = value.trim().slice(0, 500), before any scrub
    res.end(`event: error\ndata: ${JSON.stringify(`${'q'.repeat(476)}${auth}`)}\n\n`);
  });
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'review.stream' });
  const err = await rejectionOf((async () => {
    for await (const _ of stream) void _;
  })());
  expect(err).toBeInstanceOf(StreamError);
  expect(textsOf(err).filter((t) => t.includes(LEAKED_PART))).toEqual([]);
});
