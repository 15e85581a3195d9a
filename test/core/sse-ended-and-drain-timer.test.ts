/**
 * SSEReader state the stream reads and the drain timer's cleanup:
 * - `ended` is true once the body ended or was cancelled (stream.ts stops reading on it);
 * - `release()` once the body ended does nothing (no drain, no timer);
 * - the drain's 1 s timer is cleared however the drain stops: the body's end, more than 64 KiB
 *   (cancelled), or a body that errors while drained.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SSEReader } from '../../src/core/sse.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A body that delivers `chunks` one per pull, then ends (or errors, when `fail`); records a cancel. */
function body(chunks: Uint8Array[], fail = false): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean; pulls: () => number } {
  let i = 0;
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else if (fail) controller.error(new Error('socket reset'));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, cancelled: () => cancelled, pulls: () => pulls };
}

describe('SSEReader.ended', () => {
  it('is true once read() saw the end of the body', async () => {
    const reader = new SSEReader(body([bytesOf('data: a\n\n')]).stream, () => undefined);
    expect(await reader.read()).toBe(true);
    expect(reader.ended).toBe(false);
    expect(await reader.read()).toBe(false);
    expect(reader.ended).toBe(true);
  });

  it('is true once cancel() stopped reading', async () => {
    const b = body([bytesOf('data: a\n\n'), bytesOf('data: b\n\n')]);
    const reader = new SSEReader(b.stream, () => undefined);
    await reader.read();
    reader.cancel();
    expect(reader.ended).toBe(true);
    await tick();
    expect(b.cancelled()).toBe(true);
  });
});

describe('SSEReader.release: the drain timer', () => {
  /** Timers set through the stubbed setTimeout and not cleared yet (ids). */
  let live: Set<number>;
  let set: number;

  beforeEach(() => {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const timers = new Map<number, ReturnType<typeof realSet>>();
    live = new Set();
    set = 0;
    let next = 1;
    vi.stubGlobal('setTimeout', (fn: () => void, ms?: number) => {
      const id = next++;
      set++;
      live.add(id);
      timers.set(id, realSet(() => {
        live.delete(id);
        fn();
      }, ms));
      return id;
    });
    vi.stubGlobal('clearTimeout', (id: number) => {
      live.delete(id);
      realClear(timers.get(id));
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  async function settle(): Promise<void> {
    // the real setTimeout of tick() is not the stubbed one
    for (let i = 0; i < 20; i++) await new Promise((r) => queueMicrotask(() => r(undefined)));
  }

  it('release() after the body ended sets no timer and reads nothing', async () => {
    const b = body([bytesOf('data: a\n\n')]);
    const reader = new SSEReader(b.stream, () => undefined);
    while (await reader.read());
    const pulls = b.pulls();
    reader.release();
    await settle();
    expect(set).toBe(0);
    expect(b.pulls()).toBe(pulls);
  });

  // however the drain after release() stops, its timer is cleared
  it.each([
    ['reaches the end of the body', [bytesOf('data: [DONE]\n\n'), bytesOf(': bye\n\n')], false, { cancelled: false, pulls: 3 }],
    ['goes over 64 KiB (and cancels the body)', [bytesOf('data: [DONE]\n\n'), new Uint8Array(65_537), new Uint8Array(1)], false, { cancelled: true, pulls: 2 }],
    ['meets a body error', [bytesOf('data: [DONE]\n\n'), bytesOf(': bye\n')], true, { cancelled: false, pulls: 3 }],
  ] as const)('a drain that %s clears its timer', async (_what, chunks, errors, after) => {
    const b = body([...chunks], errors);
    const reader = new SSEReader(b.stream, () => undefined);
    await reader.read();
    reader.release();
    expect(live.size).toBe(1);
    await settle();
    expect({ cancelled: b.cancelled(), pulls: b.pulls() }).toEqual(after);
    expect(live.size).toBe(0);
  });
});
