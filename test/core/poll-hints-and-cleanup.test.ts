/**
 * poll (src/core/poll.ts) at the edges of its hint and its clean-up: a hint shorter than `initialDelayMs`
 * (a `Retry-After: 0` on every poll) waits `initialDelayMs`, never back to back; a negative hint is no
 * hint and the schedule applies; once polling has ended by its deadline, no timer of it is left behind (the clean-up's grace
 * timer included); errors of a poll without `operation` still name one ('poll').
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { poll, TimeoutError } from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the server hint', () => {
  it('below initialDelayMs waits initialDelayMs (0 is no tight loop); a negative hint falls back to the schedule', async () => {
    vi.useFakeTimers();
    const t0 = Date.now();
    const at: number[] = [];
    const hints = [0, -5, undefined, 50, 150];
    const p = poll({
      fetch: async () => {
        at.push(Date.now() - t0);
        return at.length;
      },
      done: (n) => n === 6,
      hintMs: (n) => hints[n - 1],
      initialDelayMs: 100,
      factor: 2,
      maxDelayMs: 10_000,
    });
    await vi.runAllTimersAsync();
    expect(await p).toBe(6);
    // waits: 100 (hint 0, raised), 200 (schedule: the second wait), 400 (schedule), 100 (hint 50, raised), 150 (hint)
    expect(at).toEqual([0, 100, 300, 700, 800, 950]);
  });
});

describe('after the deadline', () => {
  it('leaves no timer behind once onTimeoutOrAbort has finished before its grace time', async () => {
    vi.useFakeTimers();
    const cleaned: unknown[] = [];
    const p = poll({
      fetch: async () => 'running',
      done: () => false,
      initialDelayMs: 50,
      factor: 1,
      timeoutMs: 120,
      onTimeoutOrAbort: async (last) => void cleaned.push(last),
    });
    const settled = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(120);
    expect(await settled).toBeInstanceOf(TimeoutError);
    expect(cleaned).toEqual(['running']);
    expect(vi.getTimerCount()).toBe(0); // the clean-up's 2 s grace timer would hold a process open
  });

  it('its TimeoutError names the operation, "poll" by default', async () => {
    const err = await poll({ fetch: async () => 1, done: () => false, initialDelayMs: 1_000, timeoutMs: 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).operation).toBe('poll');
  });
});
