/**
 * `run` rethrows what its `onProgress` threw. A `TimeoutError` of the observer's own work (it records
 * progress through another call, which timed out) was rewritten as the run's: "replicate.run did not
 * finish within 60000 ms", a run that had not reached its deadline, the observer's error left as
 * `cause`. The run's own deadline (polls, create) is still reported as the run's.
 */
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/index.js';
import { run } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

const observerTimeout = (): TimeoutError => new TimeoutError('progress store did not answer within 50 ms', { operation: 'store.put', timeoutMs: 50 });

describe('run: a TimeoutError thrown by onProgress is its own', () => {
  it.each([
    ['the created state', 1],
    ['a polled state', 2],
  ])('on %s it is rethrown as it is, and the prediction is cancelled', async (_state, at) => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const mine = observerTimeout();
    const ids: string[] = [];
    const err = await run(fx.client, 'acme/echo', {
      input: {},
      wait: false,
      timeoutMs: 60_000,
      pollInitialDelayMs: 1,
      onProgress: async (p) => {
        ids.push(p.id);
        if (ids.length === at) throw mine;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(mine);
    expect(fx.cancels(ids[0]!)).toBe(1);
  });

  it("the run's own deadline while polling is still the run's TimeoutError", async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const err = await run(fx.client, 'acme/echo', { input: {}, wait: false, timeoutMs: 150, pollInitialDelayMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).operation).toBe('replicate.run');
  });
});
