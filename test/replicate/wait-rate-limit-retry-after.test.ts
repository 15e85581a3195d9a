/**
 * A poll answered 429 even after its retries is polled again only once its `Retry-After` has passed:
 * the rate limit's wait is the server's, not shortened to `maxDelayMs` (which bounds the backoff
 * schedule). The waits asked for are read from the timers set, never from the clock.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createPrediction, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();
afterEach(() => vi.restoreAllMocks());

/** The delays of the timers set while `work` runs. */
async function delaysOf(work: () => Promise<unknown>): Promise<number[]> {
  const delays: number[] = [];
  const real = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number, ...args: unknown[]) => {
    delays.push(ms ?? 0);
    return real(fn, ms, ...args);
  }) as typeof setTimeout);
  await work();
  vi.restoreAllMocks();
  return delays;
}

it('after a poll answered 429 past its retries, the next poll waits the whole Retry-After, though maxDelayMs is shorter', async () => {
  fx.rs.setModel(() => ({ output: 'done', steps: 1 }));
  const client = fx.makeClient({ retry: { maxRetries: 1, initialDelayMs: 5, maxDelayMs: 50, jitter: 0 } });
  const p = await createPrediction(client, { version: VERSION, input: {} });
  // one poll: its first attempt and its one retry
  fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '321' } }, times: 2 });
  let done: Awaited<ReturnType<typeof waitForPrediction>> | undefined;
  const delays = await delaysOf(async () => {
    done = await waitForPrediction(client, p, { initialDelayMs: 1, maxDelayMs: 5 });
  });
  expect(done?.status).toBe('succeeded');
  // the retry inside the poll waited the Retry-After, and so did the wait before the next poll
  expect(delays.filter((d) => d === 321)).toEqual([321, 321]);
  expect(fx.cancels(p.id)).toBe(0);
});
