/**
 * waitUntilReady honours the server's hint on a probe that says "not ready": a 503 or 429 with
 * `Retry-After` (or `retry-after-ms`) sets the wait before the next probe, even past the 2 s the
 * backoff grows to; a hint above 60 s (the longest the retry policy honours) is ignored.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { TimeoutError } from '../../src/core/errors.js';
import { waitUntilReady } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(() => server?.close());

const start = async (status: number, headers: Record<string, string>, notReadyTimes = Infinity) => {
  let n = 0;
  server = await startTestServer((_req, res) => {
    if (n++ >= notReadyTimes) return void res.writeHead(200).end();
    res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not ready' }));
  });
  return server;
};

it.each([503, 429])('a %i with Retry-After: 10 is the wait before the next probe: one probe within a 3 s deadline', async (status) => {
  const s = await start(status, { 'retry-after': '10' });
  const client = createClient({ baseURL: s.url, retry: false });
  const err = await waitUntilReady(client, 'm', { intervalMs: 1, timeoutMs: 3_000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  // without the hint the probes go out every 1 ms, growing to 2 s: a dozen within 3 s
  expect(s.count('/v2/models/m/ready')).toBe(1);
});

it('a short hint is waited, then the model that became ready is found', async () => {
  const s = await start(503, { 'retry-after-ms': '20' }, 2);
  const client = createClient({ baseURL: s.url, retry: false });
  await waitUntilReady(client, 'm', { intervalMs: 1, timeoutMs: 10_000 });
  expect(s.count('/v2/models/m/ready')).toBe(3);
});

it('a hint above 60 s is no hint: the backoff goes on', async () => {
  const s = await start(503, { 'retry-after': '3600' });
  const client = createClient({ baseURL: s.url, retry: false });
  const err = await waitUntilReady(client, 'm', { intervalMs: 1, timeoutMs: 1_000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(s.count('/v2/models/m/ready')).toBeGreaterThan(1);
});
