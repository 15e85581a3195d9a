/**
 * A signal that is already aborted ends polling before the first poll, as it ends
 * a request before anything is sent ("an AbortSignal cancels at once").
 */
import { expect, it } from 'vitest';
import { AbortError, poll } from '../../src/index.js';

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
