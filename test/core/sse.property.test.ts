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
import { body, cutBody, enc, whatwgParse, type Parsed } from './_sse-reference.js';
import { cutAt, props } from '../helpers/property.js';

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
