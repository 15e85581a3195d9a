import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { SSEReader, type SSEEvent } from '../../src/core/sse.js';
import { seeded } from './_support.js';
import { cutAt } from '../helpers/property.js';

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

/** Cuts bytes at the given offsets (any byte, UTF-8 sequences and CRLF pairs included), no empty pieces. */
const cut = (bytes: Uint8Array, at: number[]): Uint8Array[] => cutAt(bytes, [...new Set(at.filter((p) => p > 0 && p < bytes.length))]);

async function parse(chunks: Uint8Array[]): Promise<{ events: SSEEvent[]; lastEventId: string | undefined }> {
  const events: SSEEvent[] = [];
  const reader = new SSEReader(bodyOf(chunks), (data, event, id) => events.push({ data, event, id }));
  while (await reader.read());
  return { events, lastEventId: reader.lastEventId };
}

/** The reference: eventsource-parser behind a streaming TextDecoder (the SDK decodes whole UTF-8 sequences itself). */
function reference(chunks: Uint8Array[]): SSEEvent[] {
  const events: SSEEvent[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ data: e.data, event: e.event, id: e.id }) });
  const decoder = new TextDecoder();
  for (const c of chunks) parser.feed(decoder.decode(c, { stream: true }));
  parser.feed(decoder.decode());
  return events;
}

describe('SSEReader', () => {
  it('parses data, event, id, comments and multi-line data', async () => {
    const text = ': hello\n' + 'data: {"n":1}\n\n' + 'event: update\nid: 7\ndata: a\ndata:  b\n\n' + 'data\n\n' + 'data:\n\n' + 'retry: 10\nfoo: bar\nevent:\ndata: x\n\n';
    const { events, lastEventId } = await parse([bytesOf(text)]);
    expect(events).toEqual([
      { data: '{"n":1}', event: undefined, id: undefined },
      { data: 'a\n b', event: 'update', id: '7' },
      { data: '', event: undefined, id: undefined },
      { data: '', event: undefined, id: undefined },
      { data: 'x', event: undefined, id: undefined },
    ]);
    expect(lastEventId).toBe('7');
  });

  it('CR, CRLF and LF line ends, with a CRLF split between two chunks', async () => {
    const text = 'data: one\r\n\r\n' + 'data: two\r\rdata: three\n\n' + 'id: 9\r\ndata: four\r\n\r\n';
    const bytes = bytesOf(text);
    const events = (await parse(cut(bytes, [text.indexOf('\n') /* between CR and LF */, 20, 31]))).events;
    expect(events.map((e) => e.data)).toEqual(['one', 'two', 'three', 'four']);
    expect(events[3]!.id).toBe('9');
  });

  it('multi-byte UTF-8 split inside a sequence, and a leading BOM dropped only at the start', async () => {
    const text = '\ufeffdata: h\u00e9llo \ud83d\ude00 \u6f22\u5b57\n\n' + 'data: \ufeffkept\n\n';
    const bytes = bytesOf(text);
    const oneByteChunks = cut(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    );
    for (const chunks of [[bytes], oneByteChunks]) {
      expect((await parse(chunks)).events.map((e) => e.data)).toEqual(['h\u00e9llo \ud83d\ude00 \u6f22\u5b57', '\ufeffkept']);
    }
  });

  it('an id containing NUL is ignored; an unterminated last event is dropped', async () => {
    const { events, lastEventId } = await parse([bytesOf('id: 1\ndata: a\n\nid: x\0y\ndata: b\n\ndata: never dispatched\n')]);
    expect(events).toEqual([
      { data: 'a', event: undefined, id: '1' },
      { data: 'b', event: undefined, id: undefined },
    ]);
    expect(lastEventId).toBe('1');
  });

  it('a truncated UTF-8 sequence at the end of the body becomes U+FFFD', async () => {
    const bytes = bytesOf('data: \u00e9\n\n');
    // the body ends in the middle of the 2-byte sequence: nothing complete to dispatch, no throw
    expect((await parse([bytes.subarray(0, 7)])).events).toEqual([]);
  });

  it('matches eventsource-parser on 300 random streams cut at random bytes', async () => {
    const random = seeded(20261129);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const texts = ['{"n":1}', 'plain', '', ' lead', 'h\u00e9 \ud83d\ude00', 'a:b', '[DONE]', '\u6f22'];
    const lines = [
      () => `data: ${pick(texts)}`,
      () => `data:${pick(texts)}`,
      () => 'data',
      () => `event: ${pick(['message', 'error', ''])}`,
      () => `id: ${pick(['1', '42', '', 'a\0b'])}`,
      () => `: ${pick(texts)}`,
      () => 'retry: 1000',
      () => `other: ${pick(texts)}`,
      () => '',
      () => '',
    ];
    for (let run = 0; run < 300; run++) {
      let text = random() < 0.1 ? '\ufeff' : '';
      const ends = random() < 0.5 ? ['\n'] : ['\n', '\r\n', '\r'];
      for (let i = 0, n = 1 + Math.floor(random() * 30); i < n; i++) text += pick(lines)() + pick(ends);
      text += '\n\n';
      const bytes = bytesOf(text);
      const cuts = Array.from({ length: Math.floor(random() * 8) }, () => Math.floor(random() * bytes.length));
      const chunks = cut(bytes, cuts);
      expect((await parse(chunks)).events, JSON.stringify(text)).toEqual(reference(chunks));
    }
  });
});
