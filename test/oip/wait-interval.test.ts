/**
 * waitUntilReady's `intervalMs` is "First wait between polls (default 100 ms, growing 1.5× up to
 * 2 s)" (src/oip/repository.ts) and accepted up to 2^31 − 1. A first wait above 2 s is cut to 2 s
 * by the poll's maxDelayMs, so { intervalMs: 10_000 } (a caller asking for fewer polls) polls every
 * 2 s: five times as many requests as asked. The 2 s cap should bound the growth, not lower the
 * caller's own interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { TimeoutError } from '../../src/core/errors.js';
import { waitUntilReady } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  // the model never becomes ready
  server = await startTestServer((_req, res) => json(res, 400, { error: 'model not ready' }));
});
afterAll(() => server.close());

describe('waitUntilReady intervalMs above 2 s', () => {
  it('waits the interval asked for: one poll within a 3 s deadline when intervalMs is 10 s', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await waitUntilReady(client, 'm', { intervalMs: 10_000, timeoutMs: 3_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TimeoutError);
    // with the cap at 2 s a second poll goes out at ~2 s
    expect(server.count('/v2/models/m/ready')).toBe(1);
  });
});
