/**
 * undici runs a headers or body timeout over 1 s on its coarse timer (a tick every 499 ms, a timer
 * counted from the tick before it started), which can fire up to a tick before the time asked. The
 * transport gave undici the call's remaining deadline as those timeouts, so a call whose deadline
 * was over 1 s could end up to ~0.5 s early with undici's UND_ERR_HEADERS_TIMEOUT instead of its own
 * TimeoutError (and an attempt's remaining time as timeoutMs). Calls started at staggered moments
 * meet every phase of that tick; each must end by its own deadline: TimeoutError with the call's
 * timeoutMs, not undici's error.
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { startTestServer } from '../helpers/test-server.js';
import { ON_BUN } from '../helpers/runtime.js';

describe.skipIf(ON_BUN)('undiciTransport under a deadline over 1 s', () => {
  it("a server that never sends headers: each call ends with its own deadline's TimeoutError, never undici's early one", async () => {
    const server = await startTestServer(() => undefined);
    server.faults.push({ match: '/h', fault: { kind: 'no-headers' }, times: Infinity });
    const client = createClient({ baseURL: server.url, transport: undiciTransport(), retry: false });
    try {
      const calls: Promise<unknown>[] = [];
      for (let i = 0; i < 5; i++) {
        calls.push(request(client, { method: 'GET', path: '/h', operation: 'test.coarse' }, { timeoutMs: 1_400 }).then(() => 'answered', (e: unknown) => e));
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const err of await Promise.all(calls)) {
        expect(err).toBeInstanceOf(TimeoutError);
        expect({ message: (err as Error).message, timeoutMs: (err as TimeoutError).timeoutMs }).toEqual({ message: expect.not.stringContaining('UND_ERR') as unknown, timeoutMs: 1_400 });
      }
    } finally {
      await server.close();
    }
  }, 20_000);
});
