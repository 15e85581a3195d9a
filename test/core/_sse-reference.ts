/**
 * The SSE property suites' reference: a plain WHATWG `text/event-stream` parser and generators of
 * SSE bodies (see sse.property.test.ts for what it follows and where the SDK deliberately differs).
 * @module
 */
import fc from 'fast-check';
import type { SSEEvent } from '../../src/core/sse.js';

export interface Parsed {
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

export const enc = new TextEncoder();
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
export const body = fc
  .record({
    bom: fc.boolean(),
    lines: fc.array(fc.tuple(lineBytes, lineEnd), { maxLength: 24 }),
    tail: fc.option(lineBytes, { nil: undefined }),
  })
  .map(({ bom, lines, tail }) => concat([bom ? new Uint8Array([0xef, 0xbb, 0xbf]) : new Uint8Array(), ...lines.flatMap(([l, e]) => [l, enc.encode(e)]), tail ?? new Uint8Array()]));
/** A body and where to cut it (offsets may repeat: empty chunks). */
export const cutBody = body.chain((bytes) => fc.tuple(fc.constant(bytes), fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 })));
