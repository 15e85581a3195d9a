/**
 * An `onProgress` that is an async function (its type, `(p) => void`, accepts one) and rejects is
 * the same as one that throws: the wait or the run cancels the prediction and rejects with that
 * error. Before, its promise was dropped: the rejection went unhandled (fatal in Node) and the wait
 * polled on as if nothing had happened. A promise that never settles cannot hold the call past its
 * deadline either: the deadline cancels the prediction and throws as always.
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { run, waitForPrediction } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

const failing = (boom: Error) => async (): Promise<void> => {
  await Promise.resolve();
  throw boom;
};

describe('onProgress returning a rejected promise', () => {
  it('waitForPrediction rejects with its error and cancels the prediction', async () => {
    const p = await fx.running();
    const boom = new Error('observer failed');
    const err = await waitForPrediction(fx.client, p, { initialDelayMs: 1, timeoutMs: 3000, onProgress: failing(boom) }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(fx.cancels(p.id)).toBe(1);
  });

  it('run rejects with its error on the created state and cancels the prediction', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const canceled = fx.rs.canceled.length;
    const boom = new Error('observer failed on create');
    const err = await run(fx.client, 'acme/echo', { input: {}, wait: false, cancelAfter: false, timeoutMs: 3000, pollInitialDelayMs: 1, onProgress: failing(boom) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBe(boom);
    expect(fx.rs.canceled.length).toBe(canceled + 1);
  });

  it('an async onProgress that resolves is awaited before the next poll', async () => {
    fx.rs.setModel(() => ({ output: 'ok', steps: 2 }));
    const events: string[] = [];
    const out = await run(fx.client, 'acme/echo', {
      input: {},
      wait: false,
      pollInitialDelayMs: 1,
      onProgress: async (p) => {
        events.push(`start ${p.status}`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`end ${p.status}`);
      },
    });
    expect(out).toBe('ok');
    // each call ended before the next began: starts and ends alternate
    expect(events.map((e) => e.split(' ')[0])).toEqual(events.map((_, i) => (i % 2 === 0 ? 'start' : 'end')));
    expect(events.at(-1)).toBe('end succeeded');
  });

  const never = (): Promise<void> => new Promise<void>(() => undefined);
  // hang guard only (no timing is asserted): a call held by the callback would never settle
  const settledWithin = (p: Promise<unknown>): Promise<unknown> =>
    Promise.race([p.catch((e: unknown) => e), new Promise((r) => setTimeout(() => r('still pending after 5 s'), 5_000).unref())]);

  it('an onProgress promise that never settles does not hold run past its deadline (created state)', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const canceled = fx.rs.canceled.length;
    // the create must be answered before the deadline (else there is nothing to cancel): room for a loaded machine
    const err = await settledWithin(run(fx.client, 'acme/echo', { input: {}, wait: false, cancelAfter: false, timeoutMs: 1000, onProgress: never }));
    expect(err).toBeInstanceOf(TimeoutError);
    // the deadline ends the wait for the cancel, not the cancel: it arrives on its own time
    await expect.poll(() => fx.rs.canceled.length).toBe(canceled + 1);
  });

  it('an onProgress promise that never settles does not hold waitForPrediction past its deadline', async () => {
    const p = await fx.running();
    const err = await settledWithin(waitForPrediction(fx.client, p, { initialDelayMs: 1, timeoutMs: 300, onProgress: never }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fx.cancels(p.id)).toBe(1);
  });
});
