/**
 * Helpers of the tests of transports that ignore their signal (src/core/guard.ts): stalled bodies,
 * the settled state of a promise never awaited, and a flush of pending callbacks under fake timers.
 */
import { vi } from 'vitest';

/** A body that sends `chunks` (if any), then nothing, and records whether it was cancelled. */
export function stalledBody(...chunks: string[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { body, cancelled: () => cancelled };
}

/** The settled state of `p`, filled in as it settles (never awaited: a call that hangs leaves it empty). */
export function watch<T>(p: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  p.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

/** Lets pending promise callbacks run (no timer moves). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}
