/**
 * An `onProgress` that throws (or whose promise rejects) on the state in which the prediction ended,
 * or an abort that lands while an async `onProgress` is awaited on that state, must not cancel the
 * prediction: it already ended, there is no work left to stop. Before, the wait only knew the states
 * polling had finished with, so it sent `POST /predictions/{id}/cancel` for a prediction that had
 * succeeded (and `run` waited for that cancel), although `run`'s documentation says it cancels
 * "unless it already ended".
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/index.js';
import { createPrediction, run, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();

describe('onProgress on the final state', () => {
  it('waitForPrediction: a throw on the succeeded state is rethrown and nothing is cancelled', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 2 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const boom = new Error('observer failed on the last state');
    const seen: string[] = [];
    const err = await waitForPrediction(fx.client, p, {
      initialDelayMs: 1,
      timeoutMs: 5000,
      onProgress: (s) => {
        seen.push(s.status);
        if (s.status === 'succeeded') throw boom;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(seen.at(-1)).toBe('succeeded');
    expect(fx.cancels(p.id)).toBe(0);
  });

  it('run: a rejection on the succeeded state seen while polling is rethrown and nothing is cancelled', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 2 }));
    const canceled = fx.rs.canceled.length;
    const cancelsBefore = fx.rs.server.count((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    const boom = new Error('observer failed on the last state');
    const err = await run(fx.client, 'acme/echo', {
      input: {},
      wait: false,
      cancelAfter: false,
      pollInitialDelayMs: 1,
      timeoutMs: 5000,
      onProgress: async (s) => {
        await Promise.resolve();
        if (s.status === 'succeeded') throw boom;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(fx.rs.canceled.length).toBe(canceled);
    expect(fx.rs.server.count((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toBe(cancelsBefore);
  });

  it('waitForPrediction: an abort while an async onProgress is awaited on the succeeded state throws AbortError and cancels nothing', async () => {
    fx.rs.setModel(() => ({ output: 'done', steps: 2 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const controller = new AbortController();
    const err = await waitForPrediction(fx.client, p, {
      initialDelayMs: 1,
      timeoutMs: 5000,
      signal: controller.signal,
      onProgress: (s) => {
        if (s.status !== 'succeeded') return;
        // the caller gives up while its observer is still busy with the final state
        controller.abort();
        return new Promise<void>(() => undefined);
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    // a cancel sent on the abort is awaited (within cleanupTimeoutMs) before AbortError is thrown
    expect(fx.cancels(p.id)).toBe(0);
  });
});
