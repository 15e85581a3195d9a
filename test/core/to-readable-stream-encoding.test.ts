/**
 * `toReadableStream()` (TSDoc): the values re-encoded as SSE bytes (`data: <json>`), ending with
 * `data: [DONE]` (`done` changes that line, `done: false` leaves it out); an error becomes a final
 * `event: error` whose data is `{ error }`: a ModelwireError's toJSON() (code, operation, ...) or the
 * message of any other error.
 */
import { describe, expect, it } from 'vitest';
import { Stream, StreamError } from '../../src/index.js';

async function textOf(readable: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(readable).text();
}

function values<T>(items: T[], error?: unknown): Stream<T> {
  return Stream.fromIterable(
    (async function* () {
      for (const v of items) yield v;
      if (error !== undefined) throw error;
    })(),
  );
}

describe('toReadableStream() encoding', () => {
  it('each value is one `data:` event, then `data: [DONE]` by default', async () => {
    expect(await textOf(values([{ n: 1 }, 'two', null]).toReadableStream())).toBe('data: {"n":1}\n\ndata: "two"\n\ndata: null\n\ndata: [DONE]\n\n');
  });

  it('`done` sets the last line; `done: false` leaves it out', async () => {
    expect(await textOf(values([1]).toReadableStream({ done: 'END' }))).toBe('data: 1\n\ndata: END\n\n');
    expect(await textOf(values([1, 2]).toReadableStream({ done: false }))).toBe('data: 1\n\ndata: 2\n\n');
  });

  it("a ModelwireError ends it with `event: error` carrying the error's toJSON(), after the values before it", async () => {
    const text = await textOf(values([1], new StreamError('upstream broke', { operation: 'op.x' })).toReadableStream());
    const [first, last, ...rest] = text.split('\n\n');
    expect(first).toBe('data: 1');
    expect(rest).toEqual(['']); // nothing after the error event, no [DONE]
    expect(last).toMatch(/^event: error\ndata: /);
    const payload = JSON.parse(last!.slice('event: error\ndata: '.length)) as { error: Record<string, unknown> };
    expect(payload.error).toMatchObject({ code: 'stream', message: 'upstream broke', operation: 'op.x' });
  });

  it('any other error ends it with `event: error` carrying its message', async () => {
    const text = await textOf(values([], new TypeError('not a ModelwireError')).toReadableStream());
    expect(text).toBe(`event: error\ndata: ${JSON.stringify({ error: { message: 'TypeError: not a ModelwireError' } })}\n\n`);
  });

  // JSON.stringify answers undefined (it does not throw) for undefined, a function, a symbol and a
  // toJSON() that returns undefined: they went out as `data: undefined`, which no reader parses back
  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a toJSON() that returns undefined', { toJSON: () => undefined }],
  ])('a value JSON has no text for (%s) ends it with `event: error` after the values before it', async (_what, value) => {
    const text = await textOf(values<unknown>([1, value, 3]).toReadableStream());
    const [first, last, ...rest] = text.split('\n\n');
    expect(first).toBe('data: 1');
    expect(rest).toEqual(['']);
    expect(last).toMatch(/^event: error\ndata: /);
    const payload = JSON.parse(last!.slice('event: error\ndata: '.length)) as { error: { message: string } };
    expect(payload.error.message).toMatch(/^TypeError: no JSON for a value of type (undefined|function|symbol|object)$/);
  });

});

// it took the stream only at its first read: a stream already read (or passed to
// toReadableStream() before) gave a readable that errored on the client's first read, after an edge
// handler had already answered 200 with it, instead of a StreamError where the handler can answer
describe('toReadableStream() takes the stream like iterating it', () => {
  it('of a stream already read: throws StreamError at the call', () => {
    const stream = values([1, 2]);
    void stream[Symbol.asyncIterator]().next();
    expect(() => stream.toReadableStream()).toThrow(StreamError);
  });

  it('called twice: the second call throws StreamError; the first reads every value', async () => {
    const stream = values([1, 2]);
    const readable = stream.toReadableStream();
    expect(() => stream.toReadableStream()).toThrow(StreamError);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamError);
    expect(await textOf(readable)).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
  });
});
