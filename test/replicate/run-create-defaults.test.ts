/**
 * What run() sends with the create by default and how its options change that: `Cancel-After` is
 * the run's deadline rounded up to whole seconds (at least 5 s, none without a finite deadline, the
 * caller's own value or `false` instead), sync mode is on by default (`wait: false` turns it off),
 * and the caller's headers go with the create, every poll and the cancel. An onProgress that throws
 * on a prediction that already finished cancels nothing. parseModelRef accepts exactly the three
 * documented reference forms.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, TimeoutError } from '../../src/index.js';
import { parseModelRef, run } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const CREATE = '/v1/models/official/flux/predictions';
const lastCreate = () => fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === CREATE).at(-1)!;

describe('run: Cancel-After from the deadline', () => {
  it('is the deadline rounded up to whole seconds, at least 5 s', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    for (const [timeoutMs, sent] of [[12_345, '13s'], [12_000, '12s'], [4_001, '5s'], [5_001, '6s'], [90_000, '90s']] as const) {
      expect(await run(fx.client, 'official/flux', { input: {}, timeoutMs })).toBe('ok');
      expect(lastCreate().headers['cancel-after']).toBe(sent);
    }
  });

  it("follows the client's timeoutMs when the run sets none", async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    await run(fx.makeClient({ timeoutMs: 7_500 }), 'official/flux', { input: {} });
    expect(lastCreate().headers['cancel-after']).toBe('8s');
  });

  it('is not sent when the run has no finite deadline', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    expect(await run(fx.client, 'official/flux', { input: {}, timeoutMs: Infinity })).toBe('ok');
    expect(lastCreate().headers['cancel-after']).toBeUndefined();
    expect(lastCreate().headers.prefer).toBe('wait');
  });

  it('is not sent when the deadline is finite but past what Cancel-After can say (no refusal of an option the caller never set)', async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    expect(await run(fx.client, 'official/flux', { input: {}, timeoutMs: 1e30 })).toBe('ok');
    expect(lastCreate().headers['cancel-after']).toBeUndefined();
  });

  it("the caller's cancelAfter replaces the default", async () => {
    fx.rs.setModel(() => ({ output: 'ok', sync: true }));
    for (const [cancelAfter, sent] of [['10m', '10m'], [30, '30s']] as const) {
      await run(fx.client, 'official/flux', { input: {}, timeoutMs: 12_000, cancelAfter });
      expect(lastCreate().headers['cancel-after']).toBe(sent);
    }
  });
});

describe('run: sync mode', () => {
  it('wait: false sends no Prefer header and polls; a number sends wait=<n>', async () => {
    fx.rs.setModel(() => ({ output: 'polled', steps: 1 }));
    expect(await run(fx.client, 'official/flux', { input: {}, wait: false, pollInitialDelayMs: 1 })).toBe('polled');
    expect(lastCreate().headers.prefer).toBeUndefined();
    fx.rs.setModel(() => ({ output: 'sync', sync: true }));
    expect(await run(fx.client, 'official/flux', { input: {}, wait: 10 })).toBe('sync');
    expect(lastCreate().headers.prefer).toBe('wait=10');
  });
});

describe('run: headers and onProgress', () => {
  it("sends the caller's headers with the create, every poll and the cancel", async () => {
    fx.rs.setModel(() => ({ steps: 10_000 }));
    const before = fx.rs.server.requests.length;
    // the create and a first poll must happen before the deadline: room for a loaded machine
    const err = await run(fx.client, 'official/flux', { input: {}, wait: false, timeoutMs: 1000, pollInitialDelayMs: 5, headers: { 'x-trace-id': 'run-7' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    const sent = fx.rs.server.requests.slice(before);
    const id = fx.rs.canceled.at(-1)!;
    const create = sent.filter((r) => r.method === 'POST' && r.path === CREATE);
    const polls = sent.filter((r) => r.method === 'GET' && r.path === `/v1/predictions/${id}`);
    const cancels = sent.filter((r) => r.method === 'POST' && r.path === `/v1/predictions/${id}/cancel`);
    expect([create.length, cancels.length]).toEqual([1, 1]);
    expect(polls.length).toBeGreaterThan(0);
    for (const r of [...create, ...polls, ...cancels]) expect(r.headers['x-trace-id']).toBe('run-7');
  });

  it('an onProgress that throws on a prediction that already finished: its error, and no cancel', async () => {
    fx.rs.setModel(() => ({ output: 'done', sync: true }));
    const before = fx.rs.server.requests.length;
    const boom = new Error('observer failed');
    const err = await run(fx.client, 'official/flux', {
      input: {},
      onProgress: () => {
        throw boom;
      },
    }).catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(fx.rs.server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${CREATE}`]);
  });
});

describe('run: input checked as part of the run', () => {
  it('refuses a missing or unsendable input as replicate.run, naming the input, before anything is sent', async () => {
    const before = fx.rs.server.requests.length;
    for (const [options, path] of [[{}, 'input'], [{ input: { seed: Number.NaN } }, 'input.seed'], [{ input: { cb: () => 1 } }, 'input.cb']] as const) {
      const err = await run(fx.client, 'official/flux', options as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect(err).toMatchObject({ path, operation: 'replicate.run' });
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });
});

describe('parseModelRef', () => {
  const V = '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa';
  it('turns each documented form into create params', () => {
    const input = { x: 1 };
    expect(parseModelRef('acme/echo', input)).toEqual({ model: 'acme/echo', input });
    expect(parseModelRef(`acme/echo:${V}`, input)).toEqual({ version: V, input });
    expect(parseModelRef('acme/echo:Ab12', input)).toEqual({ version: 'Ab12', input });
    expect(parseModelRef(V, input)).toEqual({ version: V, input });
    expect(parseModelRef(V.toUpperCase(), input)).toEqual({ version: V.toUpperCase(), input });
  });

  it('refuses anything else, with path ref and the given operation', () => {
    for (const ref of ['acme/echo:', ':abc', 'acme/echo:v1:v2', 'acme/echo:ab-12', 'acme', 'acme/echo/extra', V.slice(1), `${V}0`, `x${V}`, 'x:acme/echo:v1', '', 42, undefined, { toString: () => 'acme/echo' }, new String('acme/echo')]) {
      let err: unknown;
      try {
        parseModelRef(ref as string, {}, 'custom.op');
      } catch (e) {
        err = e;
      }
      expect(err, String(ref)).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('ref');
      expect((err as InvalidRequestError).operation).toBe('custom.op');
    }
  });
});
