/**
 * poll's deadline and signal bound the whole polling even when `fetch` does not pass the signal on
 * (an easy slip: `fetch: () => getJob(id)`) and its request hangs: polling ends at the deadline (or
 * the abort) with TimeoutError (AbortError), after `onTimeoutOrAbort`, as documented. Before, the
 * poll awaited that request as long as it took (here: forever), whatever `timeoutMs` said. A late
 * answer or failure of the abandoned request is dropped (no unhandled rejection).
 */
import { expect, it } from 'vitest';
import { AbortError, TimeoutError, createClient, poll, request } from '../../src/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

/** A job server whose first GET answers `running` and every later one never answers. */
async function hangingJob() {
  let gets = 0;
  const server = await startServer((_req, res) => {
    if (++gets === 1) json(res, 200, { status: 'running' });
    // later: no answer at all (the server closes the connection when the test ends)
  });
  return server;
}

// hang guard only (no timing is asserted): a poll held by the request would never settle
const settledWithin = (p: Promise<unknown>): Promise<unknown> =>
  Promise.race([p.then(() => 'resolved', (e: unknown) => e), new Promise((r) => setTimeout(() => r('still pending after 5 s'), 5_000).unref())]);

it('a fetch that drops the signal and hangs is ended by the deadline, after onTimeoutOrAbort', async () => {
  const server = await hangingJob();
  // the request's own deadline is none: only the polling's can end it
  const client = createClient({ baseURL: server.url, timeoutMs: Infinity, retry: false });
  const cleanups: unknown[] = [];
  const err = await settledWithin(
    poll({
      fetch: () => request(client, { method: 'GET', path: '/jobs/1', operation: 'jobs.get' }) as Promise<{ status: string }>,
      done: (job) => job.status === 'succeeded',
      initialDelayMs: 1,
      // room for the first GET's answer and the second GET's arrival on a loaded machine, before the deadline
      timeoutMs: 1000,
      onTimeoutOrAbort: async (last) => void cleanups.push(last),
    }),
  );
  expect(err).toBeInstanceOf(TimeoutError);
  expect(cleanups).toEqual([{ status: 'running' }]);
  expect(server.count('/jobs/1')).toBe(2);
});

it('a fetch that drops the signal and hangs is ended by an abort', async () => {
  const server = await hangingJob();
  const client = createClient({ baseURL: server.url, timeoutMs: Infinity, retry: false });
  const controller = new AbortController();
  const polling = settledWithin(
    poll({
      fetch: () => request(client, { method: 'GET', path: '/jobs/1', operation: 'jobs.get' }) as Promise<{ status: string }>,
      done: (job) => job.status === 'succeeded',
      initialDelayMs: 1,
      signal: controller.signal,
    }),
  );
  await expect.poll(() => server.count('/jobs/1')).toBe(2);
  controller.abort();
  expect(await polling).toBeInstanceOf(AbortError);
});
