import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ConnectionError, NotFoundError, ResponseValidationError } from '../../src/core/errors.js';
import {
  createOipClient,
  getModel,
  modelConfig,
  modelReady,
  modelStats,
  serverLive,
  serverMetadata,
  serverReady,
  type OipClient,
} from '../../src/oip/index.js';
import type { OipServer } from '../helpers/oip-server.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { createConformance, expectConformant, startConformantOipServer, unexpected } from './setup.js';

const conformance = createConformance();
let server: OipServer;
let oip: OipClient;

beforeAll(async () => {
  server = await startConformantOipServer(conformance);
  oip = createOipClient({ baseURL: server.url, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await server.close();
  expectConformant(conformance, 10);
});

describe('server', () => {
  it('live, ready and metadata', async () => {
    expect(await serverLive(oip)).toBe(true);
    expect(await serverReady(oip.core)).toBe(true);
    const meta = await serverMetadata(oip);
    expect(meta.name).toBe('modelwire-oip-test');
    expect(meta.extensions).toContain('binary_tensor_data');
    expect(server.http.requests.slice(-3).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/health/live', 'GET /v2/health/ready', 'GET /v2']);
  });

  it('a probe answered with an error status is false (not retried); an unreachable server throws', async () => {
    const before = server.http.count('/v2/health/ready');
    server.http.faults.push({ match: '/v2/health/ready', fault: { kind: 'status', status: 503 } });
    expect(await oip.serverReady()).toBe(false);
    expect(server.http.count('/v2/health/ready') - before).toBe(1);
    const dead = createOipClient({ baseURL: await closedServerUrl(), retry: false });
    await expect(dead.live()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('server metadata that breaks the schema is a ResponseValidationError', async () => {
    server.http.faults.push({ match: '/v2', fault: { kind: 'status', status: 200, body: { name: 'x', version: 1 } } });
    const err = await oip.metadata().then(unexpected, (e: unknown) => e as ResponseValidationError);
    expect(err).toBeInstanceOf(ResponseValidationError);
    // a missing `extensions` is no issue: it reads as [] (server-metadata-without-extensions.test.ts)
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['version']);
  });
});

describe('models', () => {
  it('get: every input and output with datatype and shape (-1 dynamic)', async () => {
    const meta = await getModel(oip, 'two_io');
    expect(meta).toEqual({
      name: 'two_io',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [-1, 2] },
        { name: 'b', datatype: 'INT32', shape: [-1, 2] },
      ],
      outputs: [
        { name: 'sum', datatype: 'FP32', shape: [-1, 2] },
        { name: 'gt', datatype: 'BOOL', shape: [-1, 2] },
      ],
    });
    const strings = await oip.get('strings', { version: '1' });
    expect(strings.inputs[0]).toEqual({ name: 'text', datatype: 'BYTES', shape: [-1] });
    expect(server.http.requests.at(-1)!.path).toBe('/v2/models/strings/versions/1');
  });

  it('get: an unknown model is a NotFoundError carrying the server message; names are URL-encoded', async () => {
    const err = await oip.get('no such/model').then(unexpected, (e: unknown) => e as NotFoundError);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("unknown model: 'no such/model'");
    expect(server.http.requests.at(-1)!.path).toBe('/v2/models/no%20such%2Fmodel');
  });

  it('ready: true for a loaded model, false for an unknown one or version', async () => {
    expect(await modelReady(oip, 'mlp')).toBe(true);
    expect(await oip.ready('mlp', { version: '1' })).toBe(true);
    expect(await oip.ready('mlp', { version: '2' })).toBe(false);
    expect(await oip.ready('ghost')).toBe(false);
  });

  it('config and stats (Triton extensions)', async () => {
    const config = await modelConfig(oip, 'mlp');
    expect(config).toMatchObject({ name: 'mlp', backend: 'onnxruntime', input: [{ name: 'x', data_type: 'TYPE_FP32', dims: [-1, 4] }] });
    await oip.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [3, 4], data: new Float32Array(12) }] });
    const { model_stats } = await modelStats(oip, 'mlp');
    expect(model_stats).toHaveLength(1);
    expect(model_stats[0]!.name).toBe('mlp');
    expect(model_stats[0]!.inference_count).toBeGreaterThanOrEqual(3);
    expect(model_stats[0]!.inference_stats?.success?.count).toBeGreaterThanOrEqual(1);
    const all = await oip.stats();
    expect(all.model_stats.map((s) => s.name)).toEqual(expect.arrayContaining(['mlp', 'dtypes']));
    expect(server.http.requests.at(-1)!.path).toBe('/v2/models/stats');
  });

  it('works with a bare core client too', async () => {
    const core = createClient({ baseURL: server.url });
    expect((await getModel(core, 'mlp')).outputs[0]!.name).toBe('probs');
  });
});
