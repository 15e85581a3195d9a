/**
 * SSEReader edges the other SSE suites do not reach:
 * - after the stream's last event, `release()` reads the rest of the body so the connection can be
 *   reused, "at most 64 KiB for at most 1 s" (docs/core.md): a trailer of up to exactly 64 KiB is
 *   read to its end, one byte more cancels the body;
 * - a `cancel()` during that drain leaves it running (it stops by itself);
 * - where `setTimeout` returns a number (browsers, edge runtimes), `release()` works all the same;
 * - an empty network chunk between the CR and the LF of a CRLF pair does not turn the LF into a
 *   second line end (which would dispatch the event early and split it in two).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SSEReader } from '../../src/core/sse.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A body that delivers `chunks` one per pull, then ends; records whether it was cancelled and read to its end. */
function body(chunks: Uint8Array[]): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean; finished: () => boolean } {
  let i = 0;
  let cancelled = false;
  let finished = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else {
        finished = true;
        controller.close();
      }
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 }); // pulled only when read: the end is seen only by a reader that reads on
  return { stream, cancelled: () => cancelled, finished: () => finished };
}

/** Reads up to the first event, releases (then cancels, when asked), and lets the background drain run. */
async function releaseAfterFirstEvent(trailer: Uint8Array[], cancelToo = false): Promise<{ cancelled: boolean; finished: boolean }> {
  const b = body([bytesOf('data: [DONE]\n\n'), ...trailer]);
  const events: string[] = [];
  const reader = new SSEReader(b.stream, (data) => events.push(data));
  while (events.length === 0 && (await reader.read()));
  expect(events).toEqual(['[DONE]']);
  reader.release();
  if (cancelToo) reader.cancel();
  for (let i = 0; i < 50 && !b.cancelled() && !b.finished(); i++) await tick();
  return { cancelled: b.cancelled(), finished: b.finished() };
}

describe('SSEReader.release: the drain after the last event', () => {
  it('a short trailer is read to the end of the body, not cancelled', async () => {
    expect(await releaseAfterFirstEvent([bytesOf(': bye\n\n'), bytesOf('\n')])).toEqual({ cancelled: false, finished: true });
  });

  it('a cancel() after release() leaves the drain running (the body is still read to its end)', async () => {
    expect(await releaseAfterFirstEvent([bytesOf(': bye\n\n')], true)).toEqual({ cancelled: false, finished: true });
  });

  it('exactly 64 KiB after the last event is still read to the end', async () => {
    const trailer = [new Uint8Array(32_768), new Uint8Array(32_768)];
    expect(await releaseAfterFirstEvent(trailer)).toEqual({ cancelled: false, finished: true });
  });

  it('one byte more than 64 KiB cancels the body', async () => {
    const trailer = [new Uint8Array(32_768), new Uint8Array(32_768), new Uint8Array(1), new Uint8Array(10)];
    expect(await releaseAfterFirstEvent(trailer)).toEqual({ cancelled: true, finished: false });
  });
});

describe('SSEReader.release where timers are numbers (browsers, edge runtimes)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('release() does not throw and the drain still reads the body to its end', async () => {
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    const timers = new Map<number, ReturnType<typeof realSet>>();
    let next = 1;
    vi.stubGlobal('setTimeout', (fn: () => void, ms?: number) => {
      const id = next++;
      timers.set(id, realSet(fn, ms));
      return id;
    });
    vi.stubGlobal('clearTimeout', (id: number) => realClear(timers.get(id)));
    expect(await releaseAfterFirstEvent([bytesOf(': bye\n\n')])).toEqual({ cancelled: false, finished: true });
  });
});

describe('SSEReader: an empty chunk inside a CRLF pair', () => {
  it('the LF after an empty chunk still completes the CRLF, not a blank line', async () => {
    const events: string[] = [];
    const b = body([bytesOf('data: a\r'), new Uint8Array(0), bytesOf('\ndata: b\n\n')]);
    const reader = new SSEReader(b.stream, (data) => events.push(data));
    while (await reader.read());
    expect(events).toEqual(['a\nb']);
  });
});
