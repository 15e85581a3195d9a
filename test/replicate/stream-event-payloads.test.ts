/**
 * How a Replicate stream's `done` and `error` payloads are read (decodeReplicateEvent): `done`
 * carries its JSON object as `data` and a non-empty string `reason` only (`error` is thrown: see
 * stream-done-reason-error.test.ts); a payload that is not an
 * object is kept (`value`, or the raw text as `message`). An `error` event is thrown as a
 * StreamError whose message names the server's `detail`, else its `message`, else the raw data,
 * and whose `event` is the payload.
 */
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/index.js';
import { decodeReplicateEvent } from '../../src/replicate/index.js';

const ev = (event: string, data: string, id?: string) => ({ event, data, id });

function thrown(data: string): StreamError {
  try {
    decodeReplicateEvent(ev('error', data));
  } catch (err) {
    expect(err).toBeInstanceOf(StreamError);
    return err as StreamError;
  }
  throw new Error('expected the error event to throw');
}

describe('done', () => {
  it('keeps a non-empty string reason, and no reason when it is empty or not a string', () => {
    expect(decodeReplicateEvent(ev('done', '{"reason":"canceled","detail":"x"}'))).toEqual({ type: 'done', reason: 'canceled', data: { reason: 'canceled', detail: 'x' } });
    expect(decodeReplicateEvent(ev('done', '{"reason":""}'))).toEqual({ type: 'done', reason: undefined, data: { reason: '' } });
    expect(decodeReplicateEvent(ev('done', '{"reason":1}'))).toEqual({ type: 'done', reason: undefined, data: { reason: 1 } });
  });

  it('keeps a payload that is not a JSON object: a JSON value as value, other text as message', () => {
    expect(decodeReplicateEvent(ev('done', '"canceled"'))).toEqual({ type: 'done', reason: undefined, data: { value: 'canceled' } });
    expect(decodeReplicateEvent(ev('done', 'bye'))).toEqual({ type: 'done', reason: undefined, data: { message: 'bye' } });
  });
});

describe('output and logs', () => {
  it('keep their text as is (JSON-looking text is not parsed) and their id', () => {
    expect(decodeReplicateEvent(ev('output', '{"a":1}', '7'))).toEqual({ type: 'output', data: '{"a":1}', id: '7' });
    expect(decodeReplicateEvent(ev('logs', '', '8'))).toEqual({ type: 'logs', data: '', id: '8' });
  });
});

describe('error', () => {
  it("names the server's message when there is no detail, not the raw JSON", () => {
    const err = thrown('{"message":"CUDA out of memory","code":"oom"}');
    expect(err.message).toMatch(/: CUDA out of memory$/);
    expect(err.event).toEqual({ type: 'error', message: 'CUDA out of memory', code: 'oom' });
  });

  it('prefers detail over message', () => {
    const err = thrown('{"message":"generic","detail":"model crashed at step 3"}');
    expect(err.message).toMatch(/: model crashed at step 3$/);
  });

  it('falls back to the raw data when detail and message are not strings', () => {
    const err = thrown('{"detail":{"step":3},"message":42}');
    expect(err.message).toMatch(/: \{"detail":\{"step":3\},"message":42\}$/);
    expect(err.event).toEqual({ type: 'error', detail: { step: 3 }, message: 42 });
  });

  it('keeps a payload that is not a JSON object', () => {
    expect(thrown('plain failure').event).toEqual({ type: 'error', message: 'plain failure' });
    expect(thrown('"quoted"').event).toEqual({ type: 'error', value: 'quoted' });
    expect(thrown('').event).toEqual({ type: 'error' });
  });
});

describe('error: the prediction named', () => {
  it('by the id given, and by nothing else: an index from events.map(decodeReplicateEvent) or an empty id is no prediction id', () => {
    const error = ev('error', '{"detail":"boom"}');
    const messageOf = (f: () => unknown): string => {
      try {
        f();
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected the error event to throw');
    };
    expect(messageOf(() => decodeReplicateEvent(error, 'gm3qorzdhgbfurvjtvhg6dckhu'))).toBe('replicate.predictions.stream: prediction gm3qorzdhgbfurvjtvhg6dckhu reported an error: boom');
    for (const f of [() => [error].map(decodeReplicateEvent as (event: typeof error) => unknown) /* from JavaScript: TypeScript refuses the index */, () => decodeReplicateEvent(error, ''), () => decodeReplicateEvent(error)]) {
      expect(messageOf(f)).toBe('replicate.predictions.stream: prediction stream reported an error: boom');
    }
  });
});
