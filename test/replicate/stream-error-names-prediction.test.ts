/**
 * An `error` event of a prediction's stream is a StreamError that names the prediction when the
 * prediction itself was streamed: with several streams at once (or a log line per stream), "the
 * prediction stream reported an error" alone does not say which prediction failed, and the stream
 * URL (a token on Replicate's streaming host) does not carry its id.
 */
import { describe, expect, it } from 'vitest';
import { StreamError } from '../../src/index.js';
import { createPrediction, streamPrediction, type ReplicateStreamEvent } from '../../src/replicate/index.js';
import { sseFrame } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

async function failure(stream: AsyncIterable<ReplicateStreamEvent>): Promise<StreamError> {
  try {
    for await (const _ of stream);
  } catch (err) {
    expect(err).toBeInstanceOf(StreamError);
    return err as StreamError;
  }
  throw new Error('the stream ended without its error');
}

describe('streamPrediction: an error event', () => {
  it('names the prediction streamed, with the detail and the payload as before', async () => {
    fx.rs.setModel(() => ({ events: [sseFrame({ event: 'output', id: '1', data: 'a' }), sseFrame({ event: 'error', data: '{"detail":"CUDA out of memory"}' })] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = await failure(await streamPrediction(fx.client, p));
    expect(err.message).toBe(`replicate.predictions.stream: prediction ${p.id} reported an error: CUDA out of memory`);
    expect(err.event).toEqual({ type: 'error', detail: 'CUDA out of memory' });
    expect(err.operation).toBe('replicate.predictions.stream');
  });

  it('streamed by its URL alone (no id known): says so without an id', async () => {
    fx.rs.setModel(() => ({ events: [sseFrame({ event: 'error', data: 'plain text' })] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = await failure(await streamPrediction(fx.client, p.urls!.stream!));
    expect(err.message).toBe('replicate.predictions.stream: prediction stream reported an error: plain text');
  });

  it('an id that is no string (a hand-made object) is not quoted', async () => {
    fx.rs.setModel(() => ({ events: [sseFrame({ event: 'error', data: '{"detail":"boom"}' })] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const err = await failure(await streamPrediction(fx.client, { urls: p.urls, id: { toString: () => 'x' } } as never));
    expect(err.message).toBe('replicate.predictions.stream: prediction stream reported an error: boom');
  });
});
