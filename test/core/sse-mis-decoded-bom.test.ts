/**
 * A body whose first line starts with "ï»¿" (U+00EF U+00BB U+00BF: a BOM's bytes that were read as
 * Latin-1 and encoded again) is not a BOM: under the WHATWG rules that line's field name is
 * "ï»¿data", an unknown field, and the line is ignored. eventsource-parser drops those three
 * characters from its first input; found by test/core/sse.property.test.ts.
 */
import { expect, it } from 'vitest';
import { SSEReader } from '../../src/core/sse.js';

async function events(text: string): Promise<string[]> {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(text));
      c.close();
    },
  });
  const out: string[] = [];
  const reader = new SSEReader(body, (data) => out.push(data));
  while (await reader.read());
  return out;
}

it('a first line starting with "ï»¿" is a field of that name, not a data line', async () => {
  expect(await events('\u00ef\u00bb\u00bfdata: a\n\ndata: b\n\n')).toEqual(['b']); // before the fix: ['a', 'b']
});

it('after a real BOM, a first line starting with "ï»¿" is still a field of that name', async () => {
  expect(await events('\ufeff\u00ef\u00bb\u00bfdata: a\ndata: b\n\n')).toEqual(['b']); // before the fix: ['a\nb']
});
