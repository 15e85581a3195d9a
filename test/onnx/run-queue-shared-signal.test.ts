/**
 * Calls of a local runtime queued for a run slot on one long-lived signal (a server's shutdown
 * signal) and no deadline: the queue watches the signal through the core's one shared listener
 * (src/core/deadline.ts onAbort), not one listener per waiting call, so a busy queue raises no
 * MaxListenersExceededWarning and leaves nothing on the signal once it drains or aborts.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { countingLoader, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const mlp = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);
beforeAll(() => void process.on('warning', onWarning));
afterAll(() => void process.off('warning', onWarning));
const listenerWarnings = (): Error[] => warnings.filter((w) => w.name === 'MaxListenersExceededWarning' || /MaxListeners|memory leak/i.test(w.message));

/** Lets pending callbacks (and a warning emitted on the next tick) run. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe('onnx: calls queued for a run slot on one shared signal', () => {
  it('put at most one listener on the signal however many wait, and none once they ran', async () => {
    const { loader, stats } = countingLoader(2);
    const rt = runtime({ loader }); // one run at a time (inline)
    await rt.get('mlp');
    const shared = new AbortController().signal;
    const before = listenerWarnings().length;
    const calls = Array.from({ length: 40 }, () => rt.infer('mlp', mlp(), { signal: shared }));
    await settle();
    expect(stats.runs).toBeLessThan(40); // the queue is not empty: the rest wait for a slot
    expect(getEventListeners(shared, 'abort').length).toBeLessThanOrEqual(1);
    await Promise.all(calls);
    expect(stats.runs).toBe(40);
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    await settle();
    expect(listenerWarnings().length).toBe(before);
  });

  it('an abort of the shared signal ends every waiting call with AbortError and leaves no listener', async () => {
    const { loader, stats } = countingLoader(50);
    const rt = runtime({ loader });
    await rt.get('mlp');
    const ac = new AbortController();
    const first = rt.infer('mlp', mlp()); // holds the slot
    const queued = Array.from({ length: 40 }, () => rt.infer('mlp', mlp(), { signal: ac.signal }).catch((e: unknown) => e));
    await settle();
    expect(getEventListeners(ac.signal, 'abort').length).toBeLessThanOrEqual(1);
    ac.abort();
    const outcomes = await Promise.all(queued);
    expect(outcomes.filter((e) => e instanceof AbortError)).toHaveLength(40);
    await first;
    expect(stats.runs).toBe(1);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});
