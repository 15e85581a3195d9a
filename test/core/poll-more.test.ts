/**
 * A signal that is already aborted ends polling before the first poll, as it ends
 * a request before anything is sent ("an AbortSignal cancels at once"); so does a `timeoutMs` of 0
 * (docs/core.md "Pagination and polling"), which used to poll once first.
 */
import { expect, it } from 'vitest';
import { AbortError, TimeoutError, poll } from '../../src/index.js';

it('poll with an already aborted signal rejects with AbortError without calling fetch', async () => {
  let polls = 0;
  const cleanups: unknown[] = [];
  const err = await poll({
    // a poll that does not look at the signal (a job queue, a database, another SDK)
    fetch: async () => ++polls,
    done: () => false,
    signal: AbortSignal.abort(),
    onTimeoutOrAbort: async (last) => void cleanups.push(last),
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AbortError);
  // the code polls once with the aborted signal before noticing
  expect(polls).toBe(0);
  expect(cleanups).toEqual([undefined]);
});

it('poll with timeoutMs 0 rejects with TimeoutError without calling fetch, after onTimeoutOrAbort', async () => {
  let polls = 0;
  const cleanups: unknown[] = [];
  const err = await poll({
    fetch: async () => ++polls,
    done: () => true,
    timeoutMs: 0,
    onTimeoutOrAbort: async (last) => void cleanups.push(last),
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(polls).toBe(0);
  expect(cleanups).toEqual([undefined]);
});
