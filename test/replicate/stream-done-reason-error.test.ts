/**
 * A Replicate stream whose `done` event says `{"reason":"error"}` (the prediction failed) is a
 * StreamError, not a quiet end: a stream opened after the failure, or one whose `error` event was
 * never delivered, would otherwise hand over the output it had (or none) as if it were complete.
 * `done` with `{"reason":"canceled"}` or `{}` still ends the stream as a `done` event.
 */
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/index.js';
import { createPrediction, decodeReplicateEvent, streamPrediction } from '../../src/replicate/index.js';
import { sseFrame } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('streamPrediction: done with reason error', () => {
  it('throws a StreamError naming the prediction after the output it had, the done payload as its event', async () => {
    fx.rs.setModel(() => ({
      events: [sseFrame({ event: 'output', id: '1', data: 'partial' }), sseFrame({ event: 'done', data: '{"reason":"error"}' })],
    }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of await streamPrediction(fx.client, p)) seen.push(e.type === 'output' ? e.data : e.type);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(seen).toEqual(['partial']);
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).message).toBe(`replicate.predictions.stream: prediction ${p.id} ended with an error (done reason "error")`);
    expect((err as StreamError).event).toEqual({ type: 'done', reason: 'error' });
  });

  it('quotes a detail the done payload carries, and names the stream when no prediction id was given', () => {
    let err: unknown;
    try {
      decodeReplicateEvent({ event: 'done', data: '{"reason":"error","detail":"CUDA out of memory"}', id: undefined });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).message).toBe('replicate.predictions.stream: prediction stream ended with an error (done reason "error"): CUDA out of memory');
    expect((err as StreamError).event).toEqual({ type: 'done', reason: 'error', detail: 'CUDA out of memory' });
  });

  it('an error event followed by done {reason: error} is one StreamError, the error event\'s', async () => {
    fx.rs.setModel(() => ({
      events: [sseFrame({ event: 'error', data: '{"detail":"model crashed"}' }), sseFrame({ event: 'done', data: '{"reason":"error"}' })],
    }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = await (async () => {
      for await (const _ of await streamPrediction(fx.client, p));
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).event).toEqual({ type: 'error', detail: 'model crashed' });
  });

  it('a token the done payload echoes is redacted from the message and the event', async () => {
    const token = fx.rs.token;
    fx.rs.setModel(() => ({ events: [sseFrame({ event: 'done', data: JSON.stringify({ reason: 'error', detail: `auth ${token} refused` }) })] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = (await (async () => {
      for await (const _ of await streamPrediction(fx.client, p));
    })().then(
      () => undefined,
      (e: unknown) => e,
    )) as StreamError;
    expect(err).toBeInstanceOf(StreamError);
    expect(err.message).toBe(`replicate.predictions.stream: prediction ${p.id} ended with an error (done reason "error"): auth [redacted] refused`);
    expect(JSON.stringify(err)).not.toContain(token);
    expect(err.event).toEqual({ type: 'done', reason: 'error', detail: 'auth [redacted] refused' });
    // a first event that ends the stream in error is no failure to open it: not retried
    expect(fx.rs.server.count((r) => r.path === `/stream/${p.id}`)).toBe(1);
  });

  it('done {reason: canceled} and done {} still end the stream as a done event', () => {
    expect(decodeReplicateEvent({ event: 'done', data: '{"reason":"canceled"}', id: undefined })).toEqual({ type: 'done', reason: 'canceled', data: { reason: 'canceled' } });
    expect(decodeReplicateEvent({ event: 'done', data: '{}', id: undefined })).toEqual({ type: 'done', reason: undefined, data: {} });
  });
});
