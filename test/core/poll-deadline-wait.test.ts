/**
 * A wait that reaches the deadline ends the polling at the deadline, with no poll at the deadline's
 * instant. The deadline is a timer (set when polling starts) and `remaining()` reads the wall clock:
 * a last wait cut to the time that remained could fire just before the deadline's own timer (the two
 * clocks round differently), and then one more poll went out as the deadline passed. That happened
 * in a run of the suite under Bun (test/oip/wait-interval.test.ts counted 2 polls within a 3 s deadline, not 1).
 * Here the timers are fake and the wall clock is not, so the clocks differ by the time a poll takes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError, poll } from '../../src/index.js';
import { rejectionOf } from './_support.js';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Fakes the timers (not the wall clock) and gives a poll that counts itself and holds the wall
 * clock for `ms` ms, as a poll that takes that long in real time while the fake timers stand still.
 */
function slowPolls(ms: number): { fetch: () => Promise<number>; count: () => number } {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let polls = 0;
  const fetch = async (): Promise<number> => {
    polls++;
    const start = Date.now();
    while (Date.now() - start < ms);
    return polls;
  };
  return { fetch, count: () => polls };
}

describe('poll: a wait that reaches the deadline', () => {
  it('ends with TimeoutError at the deadline, after one poll, when the wait asked for is longer than the time left', async () => {
    const polls = slowPolls(5);
    const outcome = rejectionOf(poll({ fetch: polls.fetch, done: () => false, initialDelayMs: 10_000, timeoutMs: 3_000 }));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(polls.count()).toBe(1);
  });

  it('still polls after a wait that ends before the deadline', async () => {
    const polls = slowPolls(2);
    const outcome = poll({ fetch: polls.fetch, done: (n) => n === 3, initialDelayMs: 1_000, factor: 1, timeoutMs: 3_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toBe(3);
  });
});
