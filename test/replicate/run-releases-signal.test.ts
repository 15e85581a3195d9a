/**
 * run() watches the caller's AbortSignal only while it runs: once it returned (or threw) it leaves
 * no abort listener behind, so one long-lived signal shared by many runs does not pile them up.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PredictionError, run } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('run: the caller signal after the run', () => {
  it('has no abort listener left after runs that succeeded, polled or failed', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    for (let i = 0; i < 3; i++) expect(await run(fx.client, 'official/flux', { input: {}, signal })).toBe('ok');
    fx.rs.setModel(() => ({ output: 'later', steps: 2 }));
    expect(await run(fx.client, 'official/flux', { input: {}, signal, wait: false, pollInitialDelayMs: 1 })).toBe('later');
    fx.rs.setModel(() => ({ error: 'boom', sync: true }));
    await rejectionAs(run(fx.client, 'official/flux', { input: {}, signal }), PredictionError);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(signal.aborted).toBe(false);
  });
});
