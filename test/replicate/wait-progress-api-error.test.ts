/**
 * An `onProgress` whose own work fails with an HTTP error of modelwire (it records progress through
 * another API call, which Replicate, or any platform, answered 503 or 429) throws that error: the
 * wait must cancel the prediction and reject with it, as with any other throw. Before, the wait took
 * it for a poll Replicate had answered busy (408/429/5xx, "says nothing about the prediction") and
 * polled on, calling `onProgress` again at every poll until the deadline, then threw `TimeoutError`.
 */
import { describe, expect, it } from 'vitest';
import { APIError, createClient, InternalServerError, RateLimitError } from '../../src/index.js';
import { getPrediction, run, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('onProgress that fails with an APIError', () => {
  it('waitForPrediction: a 503 from another call in onProgress is its error; the prediction is cancelled', async () => {
    const p = await fx.running();
    // the observer reads a prediction that does not exist on a platform answering 503, retries off
    fx.rs.server.faults.push({ match: '/v1/predictions/observer', fault: { kind: 'status', status: 503, body: { detail: 'busy' } }, times: Infinity });
    const other = createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, retry: false });
    let calls = 0;
    const err = await waitForPrediction(fx.client, p, {
      timeoutMs: 5000,
      initialDelayMs: 1,
      maxDelayMs: 5,
      onProgress: async () => {
        calls++;
        await getPrediction(other, 'observer');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as APIError).status).toBe(503);
    expect(calls).toBe(1);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it('run: a RateLimitError thrown by onProgress on a polled state is rethrown; the prediction is cancelled', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const boom = new RateLimitError({ status: 429, message: 'progress store rate-limited', retryAfterMs: 1 });
    const ids: string[] = [];
    const err = await run(fx.client, 'acme/echo', {
      input: {},
      wait: false,
      timeoutMs: 5000,
      pollInitialDelayMs: 1,
      pollMaxDelayMs: 5,
      onProgress: (s) => {
        ids.push(s.id);
        if (ids.length > 1) throw boom;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(ids).toHaveLength(2);
    expect(fx.cancels(ids[0]!)).toBe(1);
  });
});
