import { inspect } from 'node:util';
import * as z from 'zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidRequestError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  createClient,
  type RetryEvent,
} from '../../src/index.js';
import {
  PredictionError,
  cancelPrediction,
  createPrediction,
  getPrediction,
  listPredictions,
  run,
  waitForPrediction,
  type Prediction,
} from '../../src/replicate/index.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const fx = useReplicate();

function postsTo(path: string): number {
  return fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === path).length;
}

describe('prediction lifecycle', () => {
  it('starting → processing → succeeded through create and get', async () => {
    fx.rs.setModel(() => ({ output: ['a', 'b'], steps: 2 }));
    const created = await createPrediction(fx.client, { version: VERSION, input: { prompt: 'hi' } });
    expect(created.status).toBe('starting');
    expect(created.urls?.get).toBe(`${fx.rs.baseURL}/predictions/${created.id}`);
    expect(created).not.toHaveProperty('brand_new_api_field'); // strict mode strips unknown fields
    const second = await getPrediction(fx.client, created.id);
    expect(second.status).toBe('processing');
    const third = await getPrediction(fx.client, created.id);
    expect(third.status).toBe('succeeded');
    expect(third.output).toEqual(['a', 'b']);
    expect(third.metrics?.predict_time).toBe(0.5);
    const rec = fx.rs.server.requests.find((r) => r.method === 'POST' && r.path === '/v1/predictions')!;
    expect(rec.json()).toEqual({ input: { prompt: 'hi' }, version: VERSION });
    expect(rec.headers.authorization).toBe(`Bearer ${fx.rs.token}`);
  });

  it('passthrough validation keeps fields the spec does not know', async () => {
    const created = await createPrediction(fx.client, { version: VERSION, input: {} }, { validation: 'passthrough' });
    expect((created as Prediction & { brand_new_api_field?: string }).brand_new_api_field).toBe('tolerated');
  });

  it('ends failed or canceled as the model says, and wait() returns that state', async () => {
    fx.rs.setModel(() => ({ error: 'CUDA out of memory', steps: 1 }));
    const failed = await waitForPrediction(fx.client, await createPrediction(fx.client, { version: VERSION, input: {} }), { initialDelayMs: 1 });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('CUDA out of memory');
    fx.rs.setModel(() => ({ status: 'canceled', steps: 1 }));
    const canceled = await waitForPrediction(fx.client, (await createPrediction(fx.client, { version: VERSION, input: {} })).id, { initialDelayMs: 1 });
    expect(canceled.status).toBe('canceled');
  });

  it('creates by official model and by deployment on their own endpoints', async () => {
    fx.rs.setModel((_input, target) => ({ output: target.ref, sync: true }));
    const byModel = await createPrediction(fx.client, { model: 'official/flux', input: { prompt: 'a fox' } }, { wait: true });
    expect(byModel.status).toBe('succeeded');
    expect(byModel.output).toBe('official/flux');
    expect(postsTo('/v1/models/official/flux/predictions')).toBe(1);
    await fx.replicate.deployments.create({ name: 'app', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 });
    const byDeployment = await fx.replicate.deployments.predictions.create('acme/app', { input: { x: 1 } }, { wait: 10 });
    expect(byDeployment.output).toBe('acme/app');
    expect(byDeployment.deployment).toBe('acme/app');
    const viaParams = await createPrediction(fx.client, { deployment: 'acme/app', input: {} });
    expect(viaParams.status).toBe('starting');
    expect(postsTo('/v1/deployments/acme/app/predictions')).toBe(2);
  });

  it('sends webhook and webhook_events_filter in the body', async () => {
    await createPrediction(fx.client, { version: VERSION, input: {}, webhook: 'https://example.com/hook', webhook_events_filter: ['start', 'completed'] });
    const rec = fx.rs.server.requests.filter((r) => r.path === '/v1/predictions' && r.method === 'POST').at(-1)!;
    expect(rec.json()).toMatchObject({ webhook: 'https://example.com/hook', webhook_events_filter: ['start', 'completed'] });
  });

  it('cancel() moves a running prediction to canceled', async () => {
    fx.rs.setModel(() => ({ steps: 100 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const c = await cancelPrediction(fx.client, p.id);
    expect(c.status).toBe('canceled');
    expect(fx.rs.canceled).toContain(p.id);
  });
});

describe('sync mode', () => {
  const lastCreate = () => fx.rs.server.requests.filter((r) => r.method === 'POST' && /predictions$/.test(r.path)).at(-1)!;

  it('sends Prefer: wait and gets the finished prediction', async () => {
    fx.rs.setModel(() => ({ output: 'done', sync: true }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} }, { wait: true, timeoutMs: 120_000 });
    expect(lastCreate().headers.prefer).toBe('wait');
    expect(p.status).toBe('succeeded');
    expect(p.output).toBe('done');
  });

  it('sends wait=<n>, shortened to fit the deadline, and none when nothing fits', async () => {
    fx.rs.setModel(() => ({ steps: 3 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} }, { wait: 5 });
    expect(lastCreate().headers.prefer).toBe('wait=5');
    expect(p.status).toBe('processing'); // 202: not finished within the wait
    await createPrediction(fx.client, { version: VERSION, input: {} }, { wait: true, timeoutMs: 3500 });
    expect(lastCreate().headers.prefer).toBe('wait=2');
    await createPrediction(fx.client, { version: VERSION, input: {} }, { wait: 30, timeoutMs: 1500 });
    expect(lastCreate().headers.prefer).toBeUndefined();
  });

  it('sends Cancel-After from seconds or a duration', async () => {
    await createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter: 90 });
    expect(lastCreate().headers['cancel-after']).toBe('90s');
    await createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter: '1h30m' });
    expect(lastCreate().headers['cancel-after']).toBe('1h30m');
  });

  it('rejects a bad wait or cancelAfter before sending anything', async () => {
    const before = fx.rs.server.requests.length;
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { wait: 61 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { wait: 1.5 })).rejects.toThrow(/wait must be/);
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter: '5 minutes' })).rejects.toThrow(/cancelAfter/);
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter: -1 })).rejects.toMatchObject({ code: 'invalid_request', path: 'cancelAfter' });
    // the spec's units are h, m and s, and its shortest lifetime is 5 seconds
    for (const cancelAfter of ['500ms', '1.5h', '30s1m', '', 2, 4.5, '4', '4s', '0h0m4s']) {
      await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter })).rejects.toMatchObject({ code: 'invalid_request', path: 'cancelAfter' });
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('sends the shortest lifetime the spec allows, and every unit combination it documents', async () => {
    for (const [cancelAfter, sent] of [[5, '5s'], ['5', '5'], ['5s', '5s'], ['1m', '1m'], ['2h', '2h'], ['1h30m45s', '1h30m45s'], ['1h5s', '1h5s']] as const) {
      await createPrediction(fx.client, { version: VERSION, input: {} }, { cancelAfter });
      expect(lastCreate().headers['cancel-after']).toBe(sent);
    }
  });
});

describe('bad input', () => {
  it('names the field and sends nothing', async () => {
    const before = fx.rs.server.requests.length;
    const cases: [() => unknown, string][] = [
      [() => createPrediction(fx.client, { version: VERSION } as never), 'input'],
      [() => createPrediction(fx.client, { version: VERSION, input: [] as never }), 'input'],
      [() => createPrediction(fx.client, { version: VERSION, model: 'a/b', input: {} } as never), 'version'],
      [() => createPrediction(fx.client, { model: 'no-slash', input: {} }), 'model'],
      [() => createPrediction(fx.client, { deployment: 'a/b/c', input: {} }), 'deployment'],
      [() => getPrediction(fx.client, ''), 'id'],
      // a paginator's bad input rejects its first page (docs: "as a rejected promise")
      [() => listPredictions(fx.client, { created_after: 'yesterday' }).toArray(), 'created_after'],
    ];
    for (const [call, path] of cases) {
      let caught: unknown;
      try {
        await call();
      } catch (err) {
        caught = err;
      }
      expect(caught, path).toBeInstanceOf(InvalidRequestError);
      expect((caught as InvalidRequestError).path).toBe(path);
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('refuses polling options that would poll in a tight loop, naming them, before anything is sent (run: before the create)', async () => {
    fx.rs.setModel(() => ({ output: 'x', sync: true })); // a run that got past the check would succeed at once
    const before = fx.rs.server.requests.length;
    const p = { id: 'p-running', status: 'processing' } as Prediction;
    const cases: [() => Promise<unknown>, string][] = [
      [() => waitForPrediction(fx.client, p, { initialDelayMs: Number.NaN }), 'initialDelayMs'],
      [() => waitForPrediction(fx.client, p, { initialDelayMs: -1 }), 'initialDelayMs'],
      [() => waitForPrediction(fx.client, p, { initialDelayMs: 0 }), 'initialDelayMs'],
      [() => waitForPrediction(fx.client, p, { maxDelayMs: -5 }), 'maxDelayMs'],
      [() => waitForPrediction(fx.client, p, { maxDelayMs: '100' as never }), 'maxDelayMs'],
      [() => waitForPrediction(fx.client, p, { initialDelayMs: 0, factor: 0, cancelOnAbort: false }), 'initialDelayMs'],
      [() => waitForPrediction(fx.client, p, { factor: 0 }), 'factor'],
      [() => waitForPrediction(fx.client, p, { factor: 0.5 }), 'factor'],
      [() => waitForPrediction(fx.client, p, { factor: Number.NaN }), 'factor'],
      [() => fx.replicate.wait('p-running', { factor: -1 }), 'factor'],
      [() => run(fx.client, 'official/flux', { input: {}, pollInitialDelayMs: -1 }), 'pollInitialDelayMs'],
      [() => run(fx.client, 'official/flux', { input: {}, pollInitialDelayMs: Number.NaN }), 'pollInitialDelayMs'],
      [() => run(fx.client, 'official/flux', { input: {}, pollMaxDelayMs: 0 }), 'pollMaxDelayMs'],
      [() => fx.replicate.run('official/flux', { input: {}, pollMaxDelayMs: Number.NaN }), 'pollMaxDelayMs'],
    ];
    for (const [call, path] of cases) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, path).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe(path);
    }
    await expect(waitForPrediction(fx.client, p, { factor: 0.5 })).rejects.toThrow('replicate.predictions.wait: factor must be a number from 1 to');
    await expect(run(fx.client, 'official/flux', { input: {}, pollInitialDelayMs: Number.NaN })).rejects.toThrow('replicate.run: pollInitialDelayMs must be a number from 1 to 2147483647, got NaN');
    expect(fx.rs.server.requests.length).toBe(before);
    // the limits themselves are fine: a factor of 1 keeps the wait constant
    const done = { id: 'p-done', status: 'succeeded' } as Prediction;
    expect(await waitForPrediction(fx.client, done, { initialDelayMs: 1, maxDelayMs: 1, factor: 1 })).toBe(done);
  });
});

describe('wait()', () => {
  it('polls with backoff until terminal and reports progress', async () => {
    fx.rs.setModel(() => ({ output: 42, steps: 3 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const seen: string[] = [];
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 1, onProgress: (x) => seen.push(x.status) });
    expect(done.status).toBe('succeeded');
    expect(done.output).toBe(42);
    expect(seen).toEqual(['processing', 'processing', 'succeeded']);
    expect(fx.rs.predictions.get(p.id)!.polls).toBe(3);
  });

  it('returns a terminal prediction without a request', async () => {
    const before = fx.rs.server.requests.length;
    const p = { id: 'x', status: 'succeeded', output: 1 } as Prediction;
    expect(await waitForPrediction(fx.client, p)).toBe(p);
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('honours Retry-After on poll responses as the next wait', async () => {
    fx.rs.setModel(() => ({ output: 'x', steps: 4, pollRetryAfter: '0' }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    // Without the hint the waits would be 0.1 s, then 100 s: past the 20 s deadline, the wait would
    // end in TimeoutError. With `Retry-After: 0` each is 0.1 s (a hint is raised to initialDelayMs).
    const done = await waitForPrediction(fx.client, p, { initialDelayMs: 100, factor: 1000, maxDelayMs: 600_000, timeoutMs: 20_000 });
    expect(done.status).toBe('succeeded');
  });

  it('on its deadline cancels the prediction on Replicate, then throws TimeoutError', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const err = await waitForPrediction(fx.client, p, { timeoutMs: 150, initialDelayMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fx.rs.canceled).toContain(p.id);
    expect(postsTo(`/v1/predictions/${p.id}/cancel`)).toBe(1);
    expect(fx.rs.predictions.get(p.id)!.body.status).toBe('canceled');
  });

  it('on abort cancels the prediction on Replicate, then throws AbortError', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    const controller = new AbortController();
    let polls = 0;
    const err = await waitForPrediction(fx.client, p, { signal: controller.signal, initialDelayMs: 5, onProgress: () => ++polls === 2 && controller.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(postsTo(`/v1/predictions/${p.id}/cancel`)).toBe(1);
  });

  it('with retry: false does not repeat a poll answered 503 (and still cancels the prediction)', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, method: 'GET', fault: { kind: 'status', status: 503 } });
    const err = await waitForPrediction(fx.client, p, { retry: false, initialDelayMs: 1, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect(fx.rs.server.count((r) => r.method === 'GET' && r.path === `/v1/predictions/${p.id}`)).toBe(1);
    expect(postsTo(`/v1/predictions/${p.id}/cancel`)).toBe(1);
  });

  it('does not cancel when cancelOnAbort is false', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    await expect(waitForPrediction(fx.client, p, { timeoutMs: 50, cancelOnAbort: false })).rejects.toBeInstanceOf(TimeoutError);
    expect(postsTo(`/v1/predictions/${p.id}/cancel`)).toBe(0);
  });
});

describe('run()', () => {
  it('returns the output validated and typed by the Standard Schema', async () => {
    fx.rs.setModel(() => ({ output: ['https://replicate.delivery/a.png', 'https://replicate.delivery/b.png'], sync: true }));
    const out = await run(fx.client, 'official/flux', { input: { prompt: 'a fox' }, output: z.array(z.string().url()) });
    expectTypeOf(out).toEqualTypeOf<string[]>();
    expect(out).toEqual(['https://replicate.delivery/a.png', 'https://replicate.delivery/b.png']);
    const rec = fx.rs.server.requests.filter((r) => r.path === '/v1/models/official/flux/predictions').at(-1)!;
    expect(rec.headers.prefer).toMatch(/^wait=5[89]$/); // the 60 s default deadline minus a second to answer
    expect(rec.headers['cancel-after']).toBe('60s'); // the run's deadline, so Replicate stops it even if we die
  });

  it('accepts version refs and polls when sync mode did not finish', async () => {
    fx.rs.setModel(() => ({ output: { text: 'hi' }, steps: 2 }));
    const progress: string[] = [];
    const out = await fx.replicate.run(`acme/echo:${VERSION}`, {
      input: {},
      output: z.object({ text: z.string() }),
      pollInitialDelayMs: 1,
      onProgress: (p) => progress.push(p.status),
      cancelAfter: false,
    });
    expect(out.text).toBe('hi');
    expect(progress).toEqual(['processing', 'processing', 'succeeded']);
    const rec = fx.rs.server.requests.filter((r) => r.path === '/v1/predictions' && r.method === 'POST').at(-1)!;
    expect(rec.json()).toMatchObject({ version: VERSION });
    expect(rec.headers['cancel-after']).toBeUndefined();
    expect(await run(fx.client, VERSION, { input: {}, pollInitialDelayMs: 1 })).toEqual({ text: 'hi' });
  });

  it('throws ResponseValidationError when the output does not match', async () => {
    fx.rs.setModel(() => ({ output: [1, 2], sync: true }));
    const err = await run(fx.client, 'official/flux', { input: {}, output: z.array(z.string()) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]?.path).toEqual([0]);
  });

  it('throws PredictionError for a failed prediction', async () => {
    fx.rs.setModel(() => ({ error: 'NSFW content detected', sync: true, logs: 'trace' }));
    const err = await run(fx.client, 'official/flux', { input: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PredictionError);
    expect((err as PredictionError).status).toBe('failed');
    expect((err as PredictionError).message).toContain('NSFW content detected');
    expect((err as PredictionError).prediction.logs).toBe('trace');
  });

  it('a PredictionError whose error echoes the API key carries no piece of it, even where the detail is cut', async () => {
    const token = fx.rs.token;
    // 494 + the key: cut at 500 before scrubbing, the first 6 characters of the key would survive
    fx.rs.setModel(() => ({ error: `${'x'.repeat(494)}${token} refused`, sync: true, logs: `calling back with Bearer ${token}` }));
    const err = (await run(fx.client, 'official/flux', { input: {} }).catch((e: unknown) => e)) as PredictionError;
    expect(err).toBeInstanceOf(PredictionError);
    expect(err.message).toContain(`${'x'.repeat(494)}[redac`);
    expect(err.prediction.logs).toBe('calling back with Bearer [redacted]');
    const piece = token.slice(0, 6);
    for (const text of [err.message, String(err), err.stack, JSON.stringify(err), inspect(err, { depth: Infinity }), JSON.stringify(err.prediction)]) {
      expect(text).not.toContain(piece);
    }
  });

  it('with an already-aborted signal throws AbortError at once and creates nothing', async () => {
    const before = fx.rs.server.requests.length;
    const controller = new AbortController();
    controller.abort();
    await expect(run(fx.client, 'official/flux', { input: {}, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    await expect(fx.replicate.run('official/flux', { input: {}, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('on its deadline cancels the running prediction and throws TimeoutError', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const before = fx.rs.canceled.length;
    const err = await run(fx.client, 'official/flux', { input: {}, timeoutMs: 1000, pollInitialDelayMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(fx.rs.canceled.length).toBe(before + 1);
    const id = fx.rs.canceled.at(-1)!;
    expect(fx.rs.predictions.get(id)!.body.status).toBe('canceled');
    expect(fx.rs.predictions.get(id)!.headers['cancel-after']).toBe('5s');
  });

  it('a poll that fails for good (429 whose Retry-After does not fit the deadline) cancels the prediction before run throws', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const before = fx.rs.canceled.length;
    fx.rs.server.faults.push({ match: /^\/v1\/predictions\/[^/]+$/, method: 'GET', fault: { kind: 'status', status: 429, headers: { 'retry-after': '600' } }, times: Infinity });
    const err = await run(fx.client, 'official/flux', { input: {}, wait: false, timeoutMs: 3000, pollInitialDelayMs: 1 }).catch((e: unknown) => e);
    fx.rs.server.faults.clear();
    expect(err).toBeInstanceOf(RateLimitError);
    expect(fx.rs.canceled.length).toBe(before + 1);
    expect(fx.rs.predictions.get(fx.rs.canceled.at(-1)!)!.body.status).toBe('canceled');
  });

  it('on abort while polling cancels the prediction and throws AbortError', async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const controller = new AbortController();
    const before = fx.rs.canceled.length;
    let seen = 0;
    // Abort after the first poll answered: the prediction exists and is running.
    const pending = run(fx.client, 'official/flux', { input: {}, signal: controller.signal, pollInitialDelayMs: 5, onProgress: () => ++seen === 2 && controller.abort() });
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(fx.rs.canceled.length).toBe(before + 1);
  });

  it('cancels the prediction when onProgress throws on the created state, then rethrows its error', async () => {
    fx.rs.setModel(() => ({ output: 'x', steps: 50 }));
    const canceled = fx.rs.canceled.length;
    const creates = postsTo('/v1/models/official/flux/predictions');
    const err = await run(fx.client, 'official/flux', {
      input: {},
      wait: false,
      cancelAfter: false,
      onProgress: () => {
        throw new Error('observer failed');
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('observer failed');
    expect(postsTo('/v1/models/official/flux/predictions')).toBe(creates + 1);
    expect(fx.rs.canceled.length).toBe(canceled + 1);
    expect(fx.rs.predictions.get(fx.rs.canceled.at(-1)!)!.body.status).toBe('canceled');
  });

  it('with retry: false does not repeat a create answered 429, nor a poll answered 503', async () => {
    fx.rs.setModel(() => ({ output: 'x', sync: true }));
    const path = '/v1/models/official/flux/predictions';
    const creates = postsTo(path);
    fx.rs.server.faults.push({ match: path, method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } });
    await expect(run(fx.client, 'official/flux', { input: {}, retry: false })).rejects.toBeInstanceOf(RateLimitError);
    expect(postsTo(path)).toBe(creates + 1);

    fx.rs.setModel(() => ({ output: 'x', steps: 3 }));
    fx.rs.server.faults.push({ match: /^\/v1\/predictions\/[^/]+$/, method: 'GET', fault: { kind: 'status', status: 503 } });
    const err = await fx.replicate.run('official/flux', { input: {}, wait: false, retry: false, pollInitialDelayMs: 1, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    const id = fx.rs.canceled.at(-1)!;
    expect(fx.rs.server.count((r) => r.method === 'GET' && r.path === `/v1/predictions/${id}`)).toBe(1);
  });

  it('sends idempotencyKey with the create only', async () => {
    fx.rs.setModel(() => ({ output: 'x', steps: 2 }));
    const client = fx.makeClient({ idempotencyHeader: 'idempotency-key' });
    expect(await run(client, 'official/flux', { input: {}, wait: false, idempotencyKey: 'run-42', pollInitialDelayMs: 1 })).toBe('x');
    const create = fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/models/official/flux/predictions').at(-1)!;
    expect(create.headers['idempotency-key']).toBe('run-42');
    const id = [...fx.rs.predictions.keys()].at(-1)!;
    const polls = fx.rs.server.requests.filter((r) => r.path === `/v1/predictions/${id}`);
    expect(polls.length).toBeGreaterThan(0);
    for (const r of polls) expect(r.headers['idempotency-key']).toBeUndefined();
  });

  it('rejects a malformed model reference', async () => {
    await expect(run(fx.client, 'not a ref', { input: {} })).rejects.toMatchObject({ path: 'ref', code: 'invalid_request' });
  });
});

describe('list with filters and pagination', () => {
  it('follows next URLs across pages, lazily', async () => {
    fx.rs.seedPredictions(5);
    const listGets = () => fx.rs.server.count((r) => r.method === 'GET' && r.path === '/v1/predictions');
    const before = listGets();
    const paginator = listPredictions(fx.client, { created_after: new Date('2026-01-01T00:00:00Z'), source: 'web' });
    const first3 = await paginator.toArray(3);
    expect(first3).toHaveLength(3);
    expect(listGets()).toBe(before + 2);
    const all = await paginator.toArray();
    const pages = Math.ceil(all.length / 2);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    const gets = fx.rs.server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/predictions').slice(-pages);
    expect(gets[0]!.query.get('created_after')).toBe('2026-01-01T00:00:00.000Z');
    expect(gets[0]!.query.get('source')).toBe('web');
    expect(gets[1]!.query.get('cursor')).toBe('2'); // the next URL, as the server wrote it
    const sizes: number[] = [];
    for await (const page of fx.replicate.predictions.list().pages()) sizes.push(page.items.length);
    expect(sizes.slice(0, -1).every((n) => n === 2)).toBe(true);
  });
});

describe('core faults', () => {
  it('retries a 503 on GET', async () => {
    const p = await createPrediction(fx.client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, fault: { kind: 'status', status: 503 } });
    const got = await getPrediction(fx.client, p.id);
    expect(got.id).toBe(p.id);
    expect(fx.rs.server.count(`/v1/predictions/${p.id}`)).toBe(2);
  });

  it('never repeats a create whose connection reset after the body was sent', async () => {
    const before = postsTo('/v1/predictions');
    fx.rs.server.faults.push({ match: '/v1/predictions', method: 'POST', fault: { kind: 'reset-after-body' } });
    const err = await createPrediction(fx.client, { version: VERSION, input: { once: true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(true);
    expect(postsTo('/v1/predictions')).toBe(before + 1);
  });

  it('does not retry a 503 on create, but retries a refused connection', async () => {
    const before = postsTo('/v1/predictions');
    fx.rs.server.faults.push({ match: '/v1/predictions', method: 'POST', fault: { kind: 'status', status: 503 } });
    await expect(createPrediction(fx.client, { version: VERSION, input: {} })).rejects.toBeInstanceOf(InternalServerError);
    expect(postsTo('/v1/predictions')).toBe(before + 1);
    const retries: RetryEvent[] = [];
    const refused = createClient({ baseURL: `${await closedServerUrl()}/v1`, retry: { initialDelayMs: 1, jitter: 0 }, onRetry: (e) => retries.push(e) });
    const err = await createPrediction(refused, { version: VERSION, input: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).attempts).toBe(3);
    expect(retries).toHaveLength(2);
  });

  it('repeats a create only after a 429 (refused before any work), after its Retry-After', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    const before = postsTo('/v1/predictions');
    fx.rs.server.faults.push({ match: '/v1/predictions', method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { detail: 'Request was throttled.' } } });
    const retries: RetryEvent[] = [];
    const p = await createPrediction(fx.makeClient({ onRetry: (e) => retries.push(e) }), { version: VERSION, input: {} }, { wait: true });
    expect(retries).toMatchObject([{ operation: 'replicate.predictions.create', status: 429, delayMs: 1000, delaySource: 'server' }]);
    expect(p.status).toBe('succeeded');
    expect(postsTo('/v1/predictions')).toBe(before + 2);
    expect(fx.rs.predictions.size).toBeGreaterThan(0);
    fx.rs.server.faults.push({ match: '/v1/predictions', method: 'POST', fault: { kind: 'status', status: 429, body: { detail: 'Request was throttled.' } } });
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { retry: false })).rejects.toBeInstanceOf(RateLimitError);
    expect(postsTo('/v1/predictions')).toBe(before + 3);
    fx.rs.server.faults.push({ match: '/v1/predictions', method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after': '30' } } });
    await expect(createPrediction(fx.client, { version: VERSION, input: {} }, { timeoutMs: 2000 })).rejects.toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(postsTo('/v1/predictions')).toBe(before + 4); // the hint does not fit the deadline: no repeat
  });

  it('honours Retry-After on 429', async () => {
    const retries: RetryEvent[] = [];
    const client = fx.makeClient({ onRetry: (e) => retries.push(e) });
    const p = await createPrediction(client, { version: VERSION, input: {} });
    fx.rs.server.faults.push({ match: `/v1/predictions/${p.id}`, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { detail: 'slow down' } } });
    await getPrediction(client, p.id);
    expect(fx.rs.server.count(`/v1/predictions/${p.id}`)).toBe(2);
    expect(retries).toMatchObject([{ status: 429, delayMs: 1000, delaySource: 'server' }]);
  });

  it('keeps the API token out of errors', async () => {
    const client = createClient({ baseURL: fx.rs.baseURL, apiKey: 'r8_super_secret_value_123' });
    const err = await getPrediction(client, 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const all = `${String(err)} ${JSON.stringify(err)} ${inspect(err, { depth: 5 })} ${(err as Error).stack}`;
    expect(all).not.toContain('r8_super_secret_value_123');
  });
});
