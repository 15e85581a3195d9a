/**
 * poll's schedule when none is given (docs/core.md): the first wait is 250 ms, each next wait 1.5
 * times the one before, up to 5000 ms. Measured on the fake clock, so no wall-clock time is asserted.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { poll } from '../../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

it('waits 250 ms, then 1.5 times longer each poll, up to 5000 ms', async () => {
  vi.useFakeTimers();
  const t0 = Date.now();
  const at: number[] = [];
  const p = poll({
    fetch: async () => {
      at.push(Date.now() - t0);
      return at.length;
    },
    done: (n) => n === 12,
  });
  await vi.runAllTimersAsync();
  expect(await p).toBe(12);
  const waits = at.slice(1).map((t, i) => t - at[i]!);
  // 250 · 1.5^n: 250, 375, 562.5, 843.75, 1265.6, 1898.4, 2847.7, 4271.5, then 5000 (the cap)
  const expected = [250, 375, 562.5, 843.75, 1265.625, 1898.4375, 2847.65625, 4271.484375, 5000, 5000, 5000];
  expect(waits).toHaveLength(expected.length);
  // the fake clock, like a real timer, may count a fraction of a millisecond as a whole one
  waits.forEach((w, i) => expect(Math.abs(w - expected[i]!)).toBeLessThan(1));
});
