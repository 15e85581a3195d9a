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

afterEach(() => {
  vi.useRealTimers();
});

/** Holds the wall clock for `ms` ms: a poll that takes that long in real time while the fake timers stand still. */
function spin(ms: number): void {
  const start = Date.now();
  while (Date.now() - start < ms);
}

describe('poll: a wait that reaches the deadline', () => {
  it('ends with TimeoutError at the deadline, after one poll, when the wait asked for is longer than the time left', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let polls = 0;
    const outcome = poll({
      fetch: async () => {
        polls++;
        spin(5);
        return 'pending';
      },
      done: () => false,
      initialDelayMs: 10_000,
      timeoutMs: 3_000,
    }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(3_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(polls).toBe(1);
  });

  it('still polls after a wait that ends before the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let polls = 0;
    const outcome = poll({
      fetch: async () => {
        polls++;
        spin(2);
        return polls;
      },
      done: (n) => n === 3,
      initialDelayMs: 1_000,
      factor: 1,
      timeoutMs: 3_000,
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toBe(3);
  });
});
