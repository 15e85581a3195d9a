/**
 * `defaultDecode` (docs/core.md "Streams"): `data: [DONE]` ends the stream, an `event: error` or a
 * payload with an `error` field (or vLLM's `object: 'error'`) becomes a StreamError carrying the
 * payload, anything else is parsed as JSON, whatever JSON it is.
 */
import { describe, expect, it } from 'vitest';
import { DONE, StreamError, defaultDecode, type SSEEvent } from '../../src/index.js';
import { thrownAs } from './_support.js';

const ev = (data: string, event?: string): SSEEvent => ({ event, data, id: undefined });

const thrown = (fn: () => unknown): StreamError => thrownAs(fn, StreamError);

describe('defaultDecode', () => {
  it('[DONE] ends the stream; any other JSON is the value, null and scalars included', () => {
    expect(defaultDecode(ev('[DONE]'))).toBe(DONE);
    expect(defaultDecode(ev('{"n":1}'))).toEqual({ n: 1 });
    expect(defaultDecode(ev('null'))).toBeNull();
    expect(defaultDecode(ev('7'))).toBe(7);
    expect(defaultDecode(ev('"text"'))).toBe('text');
    expect(defaultDecode(ev('[1,2]'))).toEqual([1, 2]);
  });

  it('a payload whose error field is empty or null, or whose object is not "error", is a value', () => {
    expect(defaultDecode(ev('{"error":null,"n":1}'))).toEqual({ error: null, n: 1 });
    expect(defaultDecode(ev('{"error":"","n":1}'))).toEqual({ error: '', n: 1 });
    expect(defaultDecode(ev('{"object":"chat.completion.chunk"}'))).toEqual({ object: 'chat.completion.chunk' });
  });

  it("vLLM's { object: 'error', message } is a StreamError naming the message", () => {
    const err = thrown(() => defaultDecode(ev('{"object":"error","message":"context too long","code":400}')));
    expect(err.message).toContain('context too long');
    expect(err.message).not.toContain('"object"'); // the message is picked out, not the raw JSON
    expect(err.event).toEqual({ object: 'error', message: 'context too long', code: 400 });
  });

  it('an `error` field is a StreamError naming its message; the whole payload is on event', () => {
    const err = thrown(() => defaultDecode(ev('{"error":{"message":"overloaded"}}')));
    expect(err.message).toContain('overloaded');
    expect(err.message).not.toContain('"message"'); // the message is picked out, not the raw JSON
    expect(err.event).toEqual({ error: { message: 'overloaded' } });
  });

  it('`event: error` whose payload is a JSON string: the whole string is the message (not cut at 500)', () => {
    const long = `boom ${'x'.repeat(700)} END`;
    const err = thrown(() => defaultDecode(ev(JSON.stringify(long), 'error')));
    expect(err.message).toContain(long);
    expect(err.message).not.toContain(`"${long}"`); // the string, not its JSON text
    expect(err.event).toBe(long);
  });

  it('`event: error` with a JSON payload that carries no message falls back to the raw data', () => {
    const err = thrown(() => defaultDecode(ev('{"code":42}', 'error')));
    expect(err.message).toContain('{"code":42}');
    expect(err.event).toEqual({ code: 42 });
    // a scalar error payload is an error too
    expect(thrown(() => defaultDecode(ev('42', 'error'))).message).toContain('42');
  });

  it('data that is not JSON: a "malformed event" StreamError carrying the text, a "stream error" under `event: error`', () => {
    const bad = thrown(() => defaultDecode(ev('not json')));
    expect(bad.message).toMatch(/malformed event/);
    expect(bad.message).toContain('not json');
    expect(bad.event).toBe('not json');
    const err = thrown(() => defaultDecode(ev('upstream exploded', 'error')));
    expect(err.message).toMatch(/stream error/);
    expect(err.message).not.toMatch(/malformed/);
  });
});
