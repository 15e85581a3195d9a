/**
 * Health probes are documented as never retried (docs/oip.md "Health checks are probes": "Probes
 * are not retried, so a 503 gives false immediately"; probe(): `{ retry: false, ...options }`).
 * `TargetCallOptions.retry` is typed `false | undefined`, so `{ retry: undefined }` is a valid
 * call, e.g. options forwarded from a config object; the spread then puts `retry: undefined` over
 * the probe's `retry: false` and a 503 is retried under the client's policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { modelReady, serverLive, serverReady, type TargetCallOptions } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, {}));
});
afterAll(() => server.close());

describe('probes are not retried, whatever options are passed', () => {
  const forwarded: TargetCallOptions = { timeoutMs: 10_000, retry: undefined };

  it.each([
    ['serverLive', '/v2/health/live', (c: ReturnType<typeof createClient>) => serverLive(c, forwarded)],
    ['serverReady', '/v2/health/ready', (c: ReturnType<typeof createClient>) => serverReady(c, forwarded)],
    ['modelReady', '/v2/models/m/ready', (c: ReturnType<typeof createClient>) => modelReady(c, 'm', forwarded)],
  ] as const)('%s with { retry: undefined }: a 503 gives false after one request', async (_name, path, call) => {
    const client = createClient({ baseURL: server.url, retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 } });
    server.faults.push({ match: path, fault: { kind: 'status', status: 503 }, times: Infinity });
    const before = server.count(path);
    try {
      expect(await call(client)).toBe(false);
      expect(server.count(path) - before).toBe(1);
    } finally {
      server.faults.clear();
    }
  });
});
