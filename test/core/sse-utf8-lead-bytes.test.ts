/**
 * SSEReader decodes whole UTF-8 sequences per chunk and carries a split one over (docs/core.md
 * "Streams": "text decoded once per network chunk"). The length of a sequence is read from its lead
 * byte: 0xC2–0xDF two bytes, 0xE0–0xEF three, 0xF0–0xF4 four. The first lead of each range must be
 * sized like the rest: 0xE0 starts every character from U+0800 to U+0FFF (Devanagari, Bengali,
 * Thai...), so Hindi or Thai text cut inside a character must not come out as U+FFFD.
 */
import { describe, expect, it } from 'vitest';
import { SSEReader } from '../../src/core/sse.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Parses `text` delivered in chunks cut before every byte offset `i` where `cutAt(i)` holds. */
async function dataOf(text: string, cutAt: (i: number) => boolean): Promise<string[]> {
  const bytes = bytesOf(text);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (let i = 1; i < bytes.length; i++) {
    if (cutAt(i)) {
      chunks.push(bytes.subarray(from, i));
      from = i;
    }
  }
  chunks.push(bytes.subarray(from));
  return dataOfChunks(chunks);
}

/** The data of the events SSEReader reads from a body that delivers `chunks` as they are. */
async function dataOfChunks(chunks: Uint8Array[]): Promise<string[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
  const data: string[] = [];
  const reader = new SSEReader(body, (d) => data.push(d));
  while (await reader.read());
  return data;
}

describe('SSEReader: sequences split after their lead byte', () => {
  // U+0928 U+092E (Devanagari, lead 0xE0), U+0E2A (Thai, lead 0xE0), U+00E9 (lead 0xC3), U+1F600 (lead 0xF0)
  const text = 'data: \u0928\u092e\u0938\u094d\u0924\u0947 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35 \u00e9 \ud83d\ude00\n\n';
  const expected = ['\u0928\u092e\u0938\u094d\u0924\u0947 \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35 \u00e9 \ud83d\ude00'];

  it.each([
    ['every byte', () => true],
    ['every second byte', (i: number) => i % 2 === 0],
    ['every third byte, shifted', (i: number) => i % 3 === 1],
  ])('cut at %s: decoded whole, no U+FFFD', async (_label, cutAt) => {
    expect(await dataOf(text, cutAt)).toEqual(expected);
  });
});

describe('SSEReader: a split sequence across an empty chunk', () => {
  it('the bytes before the empty chunk still join the bytes after it', async () => {
    const bytes = bytesOf('data: \u00e9\u0928\n\n');
    // cut inside U+00E9 (after its lead byte 0xC3), then inside U+0928, each time with an empty chunk in between
    const chunks = [bytes.subarray(0, 7), new Uint8Array(0), bytes.subarray(7, 9), new Uint8Array(0), bytes.subarray(9)];
    expect(await dataOfChunks(chunks)).toEqual(['\u00e9\u0928']);
  });
});
