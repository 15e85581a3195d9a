/**
 * A StreamError's message is cut at 600 characters, the not-an-event-stream error included.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from './_leak.js';

let server: TestServer;
afterEach(() => server?.close());

it('the StreamError for a 200 JSON answer to a stream request has a message of at most 600 characters', async () => {
  server = await startTestServer((_req, res) => json(res, 200, { error: { message: 'm'.repeat(5000) } }));
  const client = createClient({ baseURL: server.url, retry: false });
  const err = await rejectionOf(requestStream(client, { method: 'POST', path: '/s', body: {}, operation: 'review.stream' }));
  expect(err).toBeInstanceOf(StreamError);
  expect((err as StreamError).message.length).toBeLessThanOrEqual(600);
});
