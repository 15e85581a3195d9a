/**
 * Differential: `run` end to end on modelwire and the official `replicate` 1.4 client, same fake
 * model on the same loopback Replicate. Results, the number of polls (server counts), what is
 * cancelled and in which order (recorded requests, never time); every difference asserted here is
 * listed in docs/replicate.md, "Differences from the official client".
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/index.js';
import { PredictionError } from '../../src/replicate/index.js';
import { guardedFetch, rejectionOf, TRANSPORTS, useDifferential } from './_differential.js';

const d = useDifferential();
const POLL_FAST = { wait: { mode: 'poll' as const, interval: 1 } };
const MW_POLL_FAST = { wait: false, pollInitialDelayMs: 1, pollMaxDelayMs: 1, cancelAfter: false as const };

/** The requests of prediction `id` (its create is the POST just before the first one naming it), as "METHOD path" with the id replaced. */
function steps(from: number): string[] {
  return d.rs.server.requests.slice(from).filter((r) => r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path.replace(/\/predictions\/[^/]+/, '/predictions/:id')}`);
}

describe.each(TRANSPORTS)('differential run (modelwire over %s)', (transport) => {
  it('a sync answer within Prefer: wait: the same output from one POST each, no poll', async () => {
    d.rs.setModel(() => ({ output: ['a', 'b', { k: 1 }], sync: true }));
    const a = d.mark();
    const o = await d.official().run('acme/echo', { input: {} });
    const b = d.mark();
    const m = await d.modelwire(transport).run('acme/echo', { input: {}, timeoutMs: 120_000 });
    expect(m).toEqual(o);
    expect(steps(a).slice(0, b - a)).toEqual(['POST /v1/models/acme/echo/predictions']);
    expect(steps(b)).toEqual(['POST /v1/models/acme/echo/predictions']);
  });

  it('polling until succeeded: the same output after the same number of GETs', async () => {
    d.rs.setModel(() => ({ output: 'done', steps: 4 }));
    const a = d.mark();
    const o = await d.official().run('acme/echo', { input: {}, ...POLL_FAST });
    const b = d.mark();
    const m = await d.modelwire(transport).run('acme/echo', { input: {}, ...MW_POLL_FAST });
    expect(m).toBe(o);
    const [so, sm] = [steps(a).slice(0, b - a), steps(b)];
    expect(sm).toEqual(so);
    expect(so).toEqual(['POST /v1/models/acme/echo/predictions', ...Array(4).fill('GET /v1/predictions/:id')]);
  });

  it('a sync wait that ends before the prediction (202 processing): the official client returns output null at once; modelwire polls to the end', async () => {
    d.rs.setModel(() => ({ output: 'late', steps: 3 }));
    const a = d.mark();
    const o = await d.official().run('acme/echo', { input: {} });
    const b = d.mark();
    const m = await d.modelwire(transport).run('acme/echo', { input: {}, pollInitialDelayMs: 1, pollMaxDelayMs: 1 });
    expect(o).toBeNull(); // the official client takes any status but "starting" as done in block mode
    expect(steps(a).slice(0, b - a)).toEqual(['POST /v1/models/acme/echo/predictions']);
    expect(m).toBe('late');
    expect(steps(b)[0]).toBe('POST /v1/models/acme/echo/predictions');
    expect(steps(b).slice(1).every((s) => s === 'GET /v1/predictions/:id')).toBe(true);
  });

  it('a failed prediction: both throw with its error; modelwire as PredictionError carrying the status, error and logs', async () => {
    d.rs.setModel(() => ({ error: 'CUDA out of memory', logs: 'loading\nboom\n', steps: 2 }));
    const o = await rejectionOf(d.official().run('acme/echo', { input: {}, ...POLL_FAST }));
    const m = await rejectionOf(d.modelwire(transport).run('acme/echo', { input: {}, ...MW_POLL_FAST }));
    expect(o.message).toBe('Prediction failed: CUDA out of memory');
    expect(m).toBeInstanceOf(PredictionError);
    expect(m.message).toContain('CUDA out of memory');
    expect((m as PredictionError).status).toBe('failed');
    expect((m as PredictionError).prediction).toMatchObject({ error: 'CUDA out of memory', logs: 'loading\nboom\n' });
  });

  it('a prediction canceled on Replicate: the official client returns output null as if it succeeded; modelwire throws PredictionError "canceled"', async () => {
    d.rs.setModel(() => ({ status: 'canceled', steps: 2 }));
    const o = await d.official().run('acme/echo', { input: {}, ...POLL_FAST });
    const m = await rejectionOf(d.modelwire(transport).run('acme/echo', { input: {}, ...MW_POLL_FAST }));
    expect(o).toBeNull();
    expect(m).toBeInstanceOf(PredictionError);
    expect((m as PredictionError).status).toBe('canceled');
  });

  it('status "aborted" (terminal in the spec): the official client polls on (it knows only succeeded/failed/canceled); modelwire stops at the first and throws', async () => {
    d.rs.setModel(() => ({ status: 'aborted' as 'canceled', steps: 1 }));
    const a = d.mark();
    const controller = new AbortController();
    let seen = 0;
    // stop the official client's endless polling after five aborted answers (its progress callback sees each)
    const o = await d.official().run('acme/echo', { input: {}, ...POLL_FAST, signal: controller.signal }, (p) => {
      if (p.status === 'aborted' && ++seen === 5) controller.abort();
    });
    const b = d.mark();
    const m = await rejectionOf(d.modelwire(transport).run('acme/echo', { input: {}, ...MW_POLL_FAST }));
    expect(o).toBeNull();
    // five polls, then the cancel its abort sends
    expect(steps(a).slice(0, b - a)).toEqual(['POST /v1/models/acme/echo/predictions', ...Array(5).fill('GET /v1/predictions/:id'), 'POST /v1/predictions/:id/cancel']);
    expect(m).toBeInstanceOf(PredictionError);
    expect((m as PredictionError).status).toBe('aborted');
    expect(steps(b)).toEqual(['POST /v1/models/acme/echo/predictions', 'GET /v1/predictions/:id']);
  });

  it('file outputs: the official client wraps every "https:"/"data:" string in a FileOutput that fetches at once; modelwire returns the strings as sent', async () => {
    const output = ['https://replicate.delivery/out/0.png', 'data:text/plain;base64,aGk=', 'https: is a scheme (a text answer)', 'plain'];
    d.rs.setModel(() => ({ output, sync: true }));
    const fetched: string[] = [];
    const o = (await d.official({ useFileOutput: true, fetch: guardedFetch(fetched) }).run('acme/echo', { input: {} })) as unknown[];
    const m = await d.modelwire(transport).run('acme/echo', { input: {}, timeoutMs: 120_000 });
    expect(m).toEqual(output);
    expect(o.map(String)).toEqual(output);
    expect(o.map((x) => typeof x)).toEqual(['object', 'object', 'object', 'string']);
    expect(await (o[1] as { blob(): Promise<Blob> }).blob().then((b) => b.text())).toBe('hi');
    // built eagerly: the official client fetched the output URLs (stopped here by the loopback guard) before anyone read them
    expect(fetched).toEqual(expect.arrayContaining(['https://replicate.delivery/out/0.png']));
    // useFileOutput: false gives the same strings as modelwire
    expect(await d.official({ useFileOutput: false }).run('acme/echo', { input: {} })).toEqual(m);
  });

  it('an abort while polling: both cancel the prediction after the same polls; the official client then returns output null, modelwire throws AbortError', async () => {
    d.rs.setModel(() => ({ output: 'never', steps: 10_000 }));
    const abortOn = (c: AbortController) => {
      let n = 0;
      return (p: { status: string }) => {
        if (p.status === 'processing' && ++n === 2) c.abort();
      };
    };
    const a = d.mark();
    const c1 = new AbortController();
    const o = await d.official().run('acme/echo', { input: {}, ...POLL_FAST, signal: c1.signal }, abortOn(c1));
    const b = d.mark();
    const c2 = new AbortController();
    const m = await rejectionOf(d.modelwire(transport).run('acme/echo', { input: {}, ...MW_POLL_FAST, signal: c2.signal, onProgress: abortOn(c2) }));
    expect(o).toBeNull();
    expect(m).toBeInstanceOf(AbortError);
    const [so, sm] = [steps(a).slice(0, b - a), steps(b)];
    expect(sm).toEqual(so);
    expect(so).toEqual(['POST /v1/models/acme/echo/predictions', 'GET /v1/predictions/:id', 'GET /v1/predictions/:id', 'POST /v1/predictions/:id/cancel']);
    const ids = [...d.rs.predictions.keys()].slice(-2);
    expect(d.rs.canceled.slice(-2)).toEqual(ids);
  });

  it('a signal aborted before the call: the official client still creates the (billable) prediction and cancels it; modelwire sends nothing', async () => {
    d.rs.setModel(() => ({ output: 'x', sync: true }));
    const a = d.mark();
    await d.official().run('acme/echo', { input: {}, signal: AbortSignal.abort() });
    const b = d.mark();
    expect(await rejectionOf(d.modelwire(transport).run('acme/echo', { input: {}, signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
    expect(steps(a).slice(0, b - a)).toEqual(['POST /v1/models/acme/echo/predictions', 'POST /v1/predictions/:id/cancel']);
    expect(d.mark()).toBe(b);
  });
});
