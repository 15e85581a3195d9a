import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ConnectionError, InternalServerError, InvalidRequestError, TimeoutError } from '../../src/core/errors.js';
import { createOipClient, listModels, loadModel, unloadModel, waitUntilReady, type OipClient } from '../../src/oip/index.js';
import type { OipServer } from '../helpers/oip-server.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';
import { createConformance, expectConformant, startConformantOipServer, unexpected } from './setup.js';

const conformance = createConformance();
let server: OipServer;
let oip: OipClient;
const LOAD_DELAY = 150;

beforeAll(async () => {
  // Only mlp starts loaded; loads take LOAD_DELAY ms to turn READY.
  server = await startConformantOipServer(conformance, { loaded: ['mlp'], loadDelayMs: LOAD_DELAY });
  oip = createOipClient({ baseURL: server.url, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await server.close();
  expectConformant(conformance, 3);
});

describe('repository index', () => {
  it('lists every model with its state; ready: true filters', async () => {
    const all = await oip.list();
    const byName = Object.fromEntries(all.map((m) => [m.name, m.state]));
    expect(byName).toMatchObject({ mlp: 'READY', int64: 'UNAVAILABLE', two_io: 'UNAVAILABLE', strings: 'UNAVAILABLE' });
    const sent = server.http.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v2/repository/index');
    expect(sent.json()).toEqual({});
    const ready = await listModels(oip, { ready: true });
    expect(ready.map((m) => m.name)).toContain('mlp');
    expect(ready.map((m) => m.name)).not.toContain('int64');
    expect(server.http.requests.at(-1)!.json()).toEqual({ ready: true });
  });

  it('is retried on 503 (read-only, declared idempotent)', async () => {
    const before = server.http.count('/v2/repository/index');
    server.http.faults.push({ match: '/v2/repository/index', fault: { kind: 'status', status: 503 } });
    await oip.list();
    expect(server.http.count('/v2/repository/index') - before).toBe(2);
  });
});

describe('load / unload', () => {
  it('load waits until the model is ready, within the deadline', async () => {
    expect(await oip.ready('int64')).toBe(false);
    await oip.load('int64', { timeoutMs: 5_000 });
    expect(server.state('int64')).toBe('READY');
    expect(await oip.ready('int64')).toBe(true);
    // The readiness polls happened after the load request.
    const paths = server.http.requests.map((r) => r.path);
    const loadAt = paths.lastIndexOf('/v2/repository/models/int64/load');
    expect(paths.slice(loadAt + 1).filter((p) => p === '/v2/models/int64/ready').length).toBeGreaterThanOrEqual(2);
    const res = await oip.infer('int64', { inputs: [{ name: 'x', datatype: 'INT64', shape: [1], data: new BigInt64Array([1n]) }] });
    expect(res.outputs[0]!.data).toBeInstanceOf(BigInt64Array);
  });

  it('waitUntilReady: false returns while the model is still loading; waitUntilReady() then bounds the wait', async () => {
    await loadModel(oip, 'two_io', { waitUntilReady: false });
    expect(server.state('two_io')).toBe('LOADING');
    await waitUntilReady(oip, 'two_io', { timeoutMs: 5_000, intervalMs: 20 });
    expect(server.state('two_io')).toBe('READY');
  });

  it('waitUntilReady times out with a TimeoutError when the model never gets ready', async () => {
    await oip.unload('strings');
    const err = await waitUntilReady(oip, 'strings', { timeoutMs: 120, intervalMs: 20 }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  // Regression (audit6): a NaN or negative interval made every wait ~0 ms, hammering /ready until the deadline.
  it.each([[-1], [0], [Number.NaN]])('waitUntilReady refuses intervalMs: %s with InvalidRequestError before any request', async (intervalMs) => {
    const before = server.http.requests.length;
    const err = await waitUntilReady(oip, 'strings', { timeoutMs: 300, intervalMs }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('intervalMs');
    expect(server.http.requests.length).toBe(before);
  });

  it('load and its wait share one deadline', async () => {
    const err = await oip.load('strings', { timeoutMs: LOAD_DELAY / 3 }).then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('load sends a configuration override as the JSON `config` parameter', async () => {
    await oip.load('mlp', { config: { max_batch_size: 8, name: 'mlp' }, parameters: { priority: 'high' }, waitUntilReady: true });
    const sent = server.http.requests.filter((r) => r.path === '/v2/repository/models/mlp/load').at(-1)!;
    const body = sent.json() as { parameters: { config: string; priority: string } };
    expect(typeof body.parameters.config).toBe('string');
    expect(JSON.parse(body.parameters.config)).toEqual({ max_batch_size: 8, name: 'mlp' });
    expect(body.parameters.priority).toBe('high');
    expect((await oip.config('mlp')).max_batch_size).toBe(8);
    // config given as text is sent verbatim
    await oip.load('mlp', { config: '{"max_batch_size":4}' });
    const last = server.http.requests.filter((r) => r.path === '/v2/repository/models/mlp/load').at(-1)!;
    expect((last.json() as { parameters: { config: string } }).parameters.config).toBe('{"max_batch_size":4}');
  });

  it('unload releases the model; unloadDependents is sent as unload_dependents', async () => {
    await oip.load('int64');
    await unloadModel(oip, 'int64', { unloadDependents: true });
    expect(server.http.requests.at(-1)!.json()).toEqual({ parameters: { unload_dependents: true } });
    expect(server.state('int64')).toBe('UNAVAILABLE');
    expect(await oip.ready('int64')).toBe(false);
  });

  it('an unknown model gives the server error as a typed error', async () => {
    const err = await oip.load('ghost').then(unexpected, (e: unknown) => e as BadRequestError);
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toContain("failed to load 'ghost'");
  });
});

describe('load / unload are not idempotent: never retried blind', () => {
  it('load is not retried after the server reset the connection once it had the body', async () => {
    const path = '/v2/repository/models/mlp/load';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'reset-after-body' } });
    const err = await oip.load('mlp').then(unexpected, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.http.count(path) - before).toBe(1);
  });

  it('load is not retried on 503 either', async () => {
    const path = '/v2/repository/models/mlp/load';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'status', status: 503 } });
    await expect(oip.load('mlp')).rejects.toBeInstanceOf(InternalServerError);
    expect(server.http.count(path) - before).toBe(1);
  });

  it('unload is not retried after a reset', async () => {
    const path = '/v2/repository/models/mlp/unload';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'reset-after-body' } });
    await expect(oip.unload('mlp')).rejects.toBeInstanceOf(ConnectionError);
    expect(server.http.count(path) - before).toBe(1);
  });

  it('load and unload are retried when the connection was refused (the request never reached a server)', async () => {
    const dead = createOipClient({ baseURL: await closedServerUrl(), retry: { initialDelayMs: 1, maxDelayMs: 2, maxRetries: 2 } });
    for (const call of [dead.load('mlp', { waitUntilReady: false }), dead.unload('mlp')]) {
      const err = await rejectionAs(call, ConnectionError);
      expect(err.requestMayHaveReachedServer).toBe(false);
      expect(err.attempts).toBe(3);
    }
  });

  it('for comparison, infer IS retried after the same fault', async () => {
    await oip.load('mlp');
    const path = '/v2/models/mlp/infer';
    const before = server.http.count(path);
    server.http.faults.push({ match: path, fault: { kind: 'reset-after-body' } });
    await oip.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
    expect(server.http.count(path) - before).toBe(2);
  });
});
