/**
 * Differential: the SSE output stream of a streaming prediction, the official `replicate.stream`
 * against modelwire's `stream(prediction)`, on the same events from the same loopback Replicate:
 * output/logs/error/done and edge SSE formats (multi-line data, CRLF, comments, no space after the
 * colon, ids and retry fields, unknown events, no `done` before the body ends: a drop for modelwire).
 */
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/index.js';
import { sseFrame, type SseEventInput } from '../helpers/test-server.js';
import { rejectionOf, TRANSPORTS, useDifferential } from './_differential.js';

const d = useDifferential();

/** Both clients read a stream of `events`; each event as [type, data] (done as its parsed payload). */
async function both(events: SseEventInput[], transport: (typeof TRANSPORTS)[number]) {
  d.rs.setModel(() => ({ steps: 10_000, events, eventDelayMs: 0 }));
  const official: [string, unknown][] = [];
  let officialError: Error | undefined;
  try {
    for await (const e of d.official().stream('acme/echo', { input: {} })) official.push([e.event, e.event === 'done' ? JSON.parse(e.data || '{}') : e.data]);
  } catch (err) {
    officialError = err as Error;
  }
  const modelwire: [string, unknown][] = [];
  let modelwireError: Error | undefined;
  const m = d.modelwire(transport);
  try {
    const prediction = await m.predictions.create({ model: 'acme/echo', input: {} });
    for await (const e of await m.stream(prediction)) modelwire.push([e.type, e.data]);
  } catch (err) {
    modelwireError = err as Error;
  }
  return { official, officialError, modelwire, modelwireError };
}

describe.each(TRANSPORTS)('differential stream (modelwire over %s)', (transport) => {
  it('output, logs and done: the same events in the same order', async () => {
    const r = await both(
      [sseFrame({ event: 'output', id: '1', data: 'Hel' }), sseFrame({ event: 'logs', data: 'step 1' }), sseFrame({ event: 'output', id: '2', data: 'lo' }), sseFrame({ event: 'done', data: '{}' })],
      transport,
    );
    expect(r.officialError).toBeUndefined();
    expect(r.modelwireError).toBeUndefined();
    expect(r.modelwire).toEqual(r.official);
    expect(r.official).toEqual([['output', 'Hel'], ['logs', 'step 1'], ['output', 'lo'], ['done', {}]]);
  });

  it('edge SSE formats: multi-line data, CRLF lines, comments, "data:" without a space, retry fields, an unknown event, a done reason: the same data', async () => {
    const r = await both(
      [
        sseFrame({ raw: ': keep-alive comment\n\n' }),
        sseFrame({ raw: 'event: output\ndata: line one\ndata: line two\nid: 1\n\n' }),
        sseFrame({ raw: 'event: output\r\ndata:no space\r\nid: 2\r\n\r\n' }),
        sseFrame({ raw: 'retry: 3000\nevent: logs\ndata:  two spaces\n\n' }),
        sseFrame({ raw: 'event: output\ndata: \n\n' }),
        sseFrame({ raw: 'event: output\ndata: {"json": "stays text"}\n\n' }),
        sseFrame({ raw: 'event: done\ndata: {"reason": "canceled"}\n\n' }),
      ],
      transport,
    );
    expect(r.officialError).toBeUndefined();
    expect(r.modelwireError).toBeUndefined();
    // modelwire against the format, not against the official client: how that client's parser reads
    // a CRLF event depends on where the body's chunks end. With these events written one by one it
    // usually reads them all, but in Bun on a loaded machine it read the event after the CRLF one as
    // `output` " two spaces\n"; with the same bytes in one write it stops after "no space".
    expect(r.modelwire).toEqual([
      ['output', 'line one\nline two'],
      ['output', 'no space'],
      ['logs', ' two spaces'],
      ['output', ''],
      ['output', '{"json": "stays text"}'],
      ['done', { reason: 'canceled' }],
    ]);
  });

  it('events after done are not read by either', async () => {
    const r = await both([sseFrame({ event: 'output', data: 'a' }), sseFrame({ event: 'done', data: '{}' }), sseFrame({ event: 'output', data: 'after' })], transport);
    expect(r.modelwire).toEqual(r.official);
    expect(r.official).toEqual([['output', 'a'], ['done', {}]]);
  });

  it('an unknown event name: the official client passes it on, modelwire skips it (its event type lists output, logs and done)', async () => {
    const r = await both([sseFrame({ event: 'metrics', data: '{"tokens":3}' }), sseFrame({ event: 'output', data: 'a' }), sseFrame({ event: 'done', data: '{}' })], transport);
    expect(r.official).toEqual([['metrics', '{"tokens":3}'], ['output', 'a'], ['done', {}]]);
    expect(r.modelwire).toEqual(r.official.slice(1));
  });

  it('an error event: both yield the events before it, then throw; modelwire a StreamError quoting the detail, the official client an Error with the raw data', async () => {
    const r = await both([sseFrame({ event: 'output', data: 'partial' }), sseFrame({ event: 'error', data: '{"detail":"CUDA out of memory"}' })], transport);
    expect(r.modelwire).toEqual(r.official);
    expect(r.official).toEqual([['output', 'partial']]);
    expect(r.officialError?.message).toBe('{"detail":"CUDA out of memory"}');
    expect(r.modelwireError).toBeInstanceOf(StreamError);
    // modelwire names the prediction streamed
    expect(r.modelwireError?.message).toMatch(/^replicate\.predictions\.stream: prediction \w+ reported an error: CUDA out of memory$/);
    expect((r.modelwireError as StreamError).event).toEqual({ type: 'error', detail: 'CUDA out of memory' });
  });

  it('a body that ends cleanly without done: the official client ends quietly; modelwire takes it as a drop, reconnects with Last-Event-ID, then throws StreamError', async () => {
    const before = d.rs.server.requests.length;
    const r = await both([sseFrame({ event: 'output', id: '1', data: 'cut' })], transport);
    expect(r.officialError).toBeUndefined();
    expect(r.official).toEqual([['output', 'cut']]);
    // each event once (the server replays nothing after id 1), and the cut is not silent
    expect(r.modelwire).toEqual(r.official);
    expect(r.modelwireError).toBeInstanceOf(StreamError);
    expect(r.modelwireError?.message).toMatch(/stream broke after it started: .*body ended before the last event/);
    const streams = d.rs.server.requests.slice(before).filter((q) => q.path.startsWith('/stream/'));
    // the official client's read, modelwire's read, then its reconnects (default maxRetries 2), each from id 1
    expect(streams.slice(2).map((q) => q.headers['last-event-id'])).toEqual(['1', '1']);
  });

  it('a connection dropped mid-stream: the official client fails; modelwire resumes with Last-Event-ID and delivers each event once', async () => {
    const events = [sseFrame({ event: 'output', id: '1', data: 'a' }), sseFrame({ event: 'output', id: '2', data: 'b' }), sseFrame({ event: 'done', data: '{}' })];
    const drop = () => d.rs.server.faults.push({ match: /^\/stream\//, fault: { kind: 'truncated-sse', events: [sseFrame({ event: 'output', id: '1', data: 'a' })] } });
    drop();
    d.rs.setModel(() => ({ steps: 10_000, events, eventDelayMs: 0 }));
    const official: string[] = [];
    const o = await rejectionOf((async () => {
      for await (const e of d.official().stream('acme/echo', { input: {} })) official.push(e.data);
    })());
    expect(official).toEqual(['a']);
    expect(o).toBeInstanceOf(Error);
    drop();
    const m = d.modelwire(transport);
    const prediction = await m.predictions.create({ model: 'acme/echo', input: {} });
    const from = d.mark();
    const got: [string, unknown][] = [];
    for await (const e of await m.stream(prediction)) got.push([e.type, e.data]);
    expect(got).toEqual([['output', 'a'], ['output', 'b'], ['done', {}]]);
    // the dropped read, then the resume after the last event it had
    expect(d.rs.server.requests.slice(from).map((q) => [q.path.split('/')[1], q.headers['last-event-id']])).toEqual([['stream', undefined], ['stream', '1']]);
  });

  it('a create refused by the API: both throw before any stream is read', async () => {
    const o = await rejectionOf((async () => {
      for await (const _ of d.official().stream('acme/missing-model', { input: {} })) void _;
    })());
    const m = await rejectionOf(d.modelwire(transport).predictions.create({ model: 'acme/missing-model', input: {} }));
    expect(o.message).toContain('failed with status 404');
    expect(m.message).toContain('HTTP 404');
  });
});
