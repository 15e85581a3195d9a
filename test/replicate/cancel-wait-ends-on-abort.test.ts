/**
 * The cancel `waitForPrediction` sends after a poll that failed for good, and the one `run` sends
 * when `onProgress` throws, are awaited before the error is thrown, but your signal ends that wait:
 * an abort landing while the cancel is on its way settles the call at once (the cancel goes on in
 * the background, bounded by its own timeout), instead of holding it up to the client's timeout.
 * The check is by events, not by time: when the call settles, the server still holds the cancel.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, BadRequestError, createClient } from '../../src/index.js';
import { run, waitForPrediction } from '../../src/replicate/index.js';
import { startChaosServer, type ChaosServer } from '../helpers/chaos-server.js';
import { rejectionOf, TRANSPORTS, within } from '../core/_support.js';

let cs: ChaosServer;
beforeEach(async () => {
  cs = await startChaosServer();
  cs.configure('t', { steps: 3 });
  // the cancel is never answered (held until the server closes)
  cs.http.faults.push({ match: '/t/v1/predictions/t-p/cancel', fault: { kind: 'no-headers' } });
});
afterEach(() => cs.close());

/** Aborts `controller` as soon as the server received the cancel. */
const abortOnCancel = (controller: AbortController): void => {
  cs.onRequestReceived = (_tag, req) => {
    if (req.path.endsWith('/cancel')) controller.abort();
  };
};

describe.each(TRANSPORTS)('an abort while the give-up cancel is on its way (%s)', (_name, makeTransport) => {
  it('waitForPrediction after a poll that failed for good settles at once with that error', async () => {
    cs.http.faults.push({ match: '/t/v1/predictions/t-p', fault: { kind: 'status', status: 400 } });
    const client = createClient({ baseURL: `${cs.url}/t/v1`, transport: makeTransport(), timeoutMs: 30_000 });
    const controller = new AbortController();
    abortOnCancel(controller);
    const err = await within(rejectionOf(waitForPrediction(client, 't-p', { signal: controller.signal, initialDelayMs: 1 })), 2000, 'wait after the abort');
    expect(err).toBeInstanceOf(BadRequestError); // the poll's failure came first
    expect(cs.http.openResponses()).toBe(1); // the cancel is still on its way
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('run whose onProgress threw settles at once', async () => {
    const client = createClient({ baseURL: `${cs.url}/t/v1`, transport: makeTransport(), timeoutMs: 30_000 });
    const controller = new AbortController();
    abortOnCancel(controller);
    const onProgress = (): void => {
      throw new Error('stop watching');
    };
    const err = await within(rejectionOf(run(client, 'acme/echo', { input: {}, wait: false, signal: controller.signal, onProgress })), 2000, 'run after the abort');
    expect(err).toBeInstanceOf(AbortError);
    expect(cs.http.openResponses()).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
