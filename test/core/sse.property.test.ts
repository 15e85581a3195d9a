/**
 * Properties of the SSE parser (src/core/sse.ts): any byte stream of events, cut into arbitrary
 * network chunks (inside a UTF-8 sequence, between CR and LF, empty chunks), yields the events a
 * plain WHATWG `text/event-stream` parser written here finds in the whole body.
 *
 * The reference follows the HTML standard's "Parsing an event stream" and "Interpreting an event
 * stream" steps, with the SDK's documented choices (docs/core.md): an event's `id` is the `id:`
 * field of that event (the standard's last-event-ID buffer carries over; the SDK reports it per
 * event and keeps the latest in `lastEventId`), an empty `event:` reads as undefined, `retry:` is
 * not reported, and the id of an event without `data:` is not seen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SSEReader, type SSEEvent } from '../../src/core/sse.js';
import { cutAt, props } from '../helpers/property.js';

interface Parsed {
  events: SSEEvent[];
  lastEventId: string | undefined;
}

/** The reference parser: the whole body decoded at once (a leading BOM stripped), lines, fields. */
export function whatwgParse(bytes: Uint8Array): Parsed {
  const text = new TextDecoder('utf-8').decode(bytes); // UTF-8 decode: replacement characters, one leading BOM dropped
  const events: SSEEvent[] = [];
  let data: string[] = [];
  let type = '';
  let id: string | undefined;
  let lastEventId: string | undefined;
  const line = (l: string): void => {
    if (l === '') {
      if (data.length > 0) {
        events.push({ data: data.join('\n'), event: type === '' ? undefined : type, id });
        if (id !== undefined) lastEventId = id;
      }
      data = [];
      type = '';
      id = undefined;
      return;
    }
    if (l.startsWith(':')) return; // comment
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    // retry and unknown fields: ignored
  };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      line(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  // what follows the last line end is an incomplete line: discarded with the pending event
  return { events, lastEventId };
}

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function sdkParse(chunks: Uint8Array[]): Promise<Parsed> {
  const events: SSEEvent[] = [];
  const reader = new SSEReader(bodyOf(chunks), (data, event, id) => events.push({ data, event, id }));
  while (await reader.read());
  return { events, lastEventId: reader.lastEventId };
}

const enc = new TextEncoder();
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Characters that make SSE lines interesting: separators, BOMs (also as mis-decoded Latin-1), NUL, multi-byte. */
const special = fc.constantFrom(':', ' ', '\0', '\ufeff', '\u00ef\u00bb\u00bf', 'data', 'id', 'event', '\u00e9', '\u6f22', '\ud83d\ude00', '[DONE]', '{"n":1}');
/** Text without line ends (values and field names). */
const lineText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) }, { weight: 2, arbitrary: special }), { maxLength: 5 })
  .map((parts) => parts.join('').replace(/[\r\n]/g, ''));
/** A value as bytes: UTF-8 text, or raw bytes >= 0x80 (invalid or split UTF-8, never a line end). */
const valueBytes = fc.oneof(
  { weight: 4, arbitrary: lineText.map((t) => enc.encode(t)) },
  { weight: 1, arbitrary: fc.uint8Array({ min: 0x80, max: 0xff, maxLength: 5 }) },
);
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('data', 'data', 'data', 'event', 'id', 'retry', '') },
  { weight: 1, arbitrary: fc.constantFrom('Data', 'data ', ' data', 'ID', 'foo', '\u00ef\u00bb\u00bfdata', '\ufeffdata') },
  { weight: 1, arbitrary: lineText },
);
/** One line (without its end): `field`, `field:value`, `field: value`, a comment or a blank line. */
const lineBytes = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fieldName, fc.constantFrom('', ':', ': ', ':  '), valueBytes).map(([f, sep, v]) => concat([enc.encode(f), enc.encode(sep), sep === '' ? new Uint8Array() : v])) },
  { weight: 1, arbitrary: valueBytes.map((v) => concat([enc.encode(':'), v])) },
  { weight: 3, arbitrary: fc.constant(new Uint8Array()) },
);
const lineEnd = fc.constantFrom('\n', '\r', '\r\n');
/** A whole body: optional BOM, lines with mixed ends, sometimes an unterminated tail. */
const body = fc
  .record({
    bom: fc.boolean(),
    lines: fc.array(fc.tuple(lineBytes, lineEnd), { maxLength: 24 }),
    tail: fc.option(lineBytes, { nil: undefined }),
  })
  .map(({ bom, lines, tail }) => concat([bom ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(), ...lines.flatMap(([l, e]) => [l, enc.encode(e)]), tail ?? new Uint8Array()]));
/** A body and where to cut it (offsets may repeat: empty chunks). */
const cutBody = body.chain((bytes) => fc.tuple(fc.constant(bytes), fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 })));

const show = (bytes: Uint8Array): string => JSON.stringify(Buffer.from(bytes).toString('latin1'));

describe('SSEReader against a WHATWG reference parser', () => {
  it('the reference parser reads the standard examples as the standard says', () => {
    // from the HTML standard's event stream examples, with the SDK's per-event ids
    const parsed = whatwgParse(enc.encode('data: YHOO\ndata: +2\ndata: 10\n\n: test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\ndata\n\ndata\ndata\n\ndata:'));
    expect(parsed.events).toEqual([
      { data: 'YHOO\n+2\n10', event: undefined, id: undefined },
      { data: 'first event', event: undefined, id: '1' },
      { data: 'second event', event: undefined, id: '' },
      { data: ' third event', event: undefined, id: undefined },
      { data: '', event: undefined, id: undefined },
      { data: '\n', event: undefined, id: undefined },
    ]);
    expect(parsed.lastEventId).toBe('');
  });

  it('a body in one chunk yields the reference events', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        expect(await sdkParse([bytes]), show(bytes)).toEqual(whatwgParse(bytes));
      }),
      props(0x55e1, 400),
    );
  });

  it('a body cut into arbitrary chunks yields the same events as in one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(cutBody, async ([bytes, offsets]) => {
        expect(await sdkParse(cutAt(bytes, offsets)), `${show(bytes)} cut at ${offsets}`).toEqual(whatwgParse(bytes));
      }),
      props(0x55e2, 600),
    );
  });

  it('a body cut into single bytes yields the reference events', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (bytes) => {
        const singles = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
        expect(await sdkParse(singles), show(bytes)).toEqual(whatwgParse(bytes));
      }),
      props(0x55e3, 200),
    );
  });
});
