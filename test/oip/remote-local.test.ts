/**
 * The same request object runs remotely (modelwire/oip against the loopback platform) and locally
 * (modelwire/onnx), with identical outputs; and withFallback fails over when the platform is stopped
 * in the middle of a run.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFallback } from '../../src/core/fallback.js';
import type { CircuitStateChange } from '../../src/core/circuit-breaker.js';
import { createOipClient, fp32ToFp16, type InferenceRequest, type InferenceResponse, type OipClient, type OipTarget } from '../../src/oip/index.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { MODELS_DIR, type OipServer } from '../helpers/oip-server.js';
import { createConformance, expectConformant, startConformantOipServer } from './setup.js';

const conformance = createConformance();
let server: OipServer;
let remote: OipClient;
let local: OnnxRuntime;

beforeAll(async () => {
  server = await startConformantOipServer(conformance);
  remote = createOipClient({ baseURL: server.url, retry: { initialDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 5_000 });
  local = createOnnxRuntime({ modelRepository: MODELS_DIR });
});
afterAll(async () => {
  await server.close();
  await local.dispose();
  expectConformant(conformance, 5);
});

function mlpRequest(seed: number, batch = 3): InferenceRequest {
  const data = new Float32Array(batch * 4).map((_, i) => Math.sin(seed * 7 + i) * 2);
  return { inputs: [{ name: 'x', datatype: 'FP32', shape: [batch, 4], data }] };
}

function expectSameOutputs(a: InferenceResponse, b: InferenceResponse, tol = 1e-6): void {
  expect(a.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual(b.outputs.map((o) => [o.name, o.datatype, o.shape]));
  for (let i = 0; i < a.outputs.length; i++) {
    const x = a.outputs[i]!;
    const y = b.outputs[i]!;
    expect(x.data.constructor).toBe(y.data.constructor);
    if (x.datatype === 'FP32' || x.datatype === 'FP64') {
      const xa = x.data as Float32Array;
      const ya = y.data as Float32Array;
      for (let j = 0; j < xa.length; j++) expect(Math.abs(xa[j]! - ya[j]!)).toBeLessThanOrEqual(tol);
    } else {
      expect(Array.from(x.data as ArrayLike<unknown>)).toEqual(Array.from(y.data as ArrayLike<unknown>));
    }
  }
}

describe('remote and local answer the same request identically', () => {
  const cases: [string, InferenceRequest][] = [
    ['mlp', mlpRequest(1, 5)],
    ['int64', { inputs: [{ name: 'x', datatype: 'INT64', shape: [3], data: new BigInt64Array([-7n, 0n, 123456789012n]) }] }],
    ['two_io', {
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
        { name: 'b', datatype: 'INT32', shape: [2, 2], data: new Int32Array([4, 3, 2, 1]) },
      ],
    }],
    ['strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['hello', 'wire'] }] }],
  ];
  for (const [model, request] of cases) {
    for (const binary of [false, true]) {
      it(`${model} (${binary ? 'binary' : 'JSON'})`, async () => {
        const viaRemote = await remote.infer(model, request, { binary });
        const viaLocal = await local.infer(model, request);
        expect(viaRemote.model_name).toBe(model);
        // mlp within 1e-6 (its float arithmetic may differ by host); the others bit for bit (docs/oip.md)
        expectSameOutputs(viaRemote, viaLocal, model === 'mlp' ? 1e-6 : 0);
      });
    }
  }

  it('metadata agrees (names, datatypes, shapes)', async () => {
    for (const model of ['mlp', 'two_io', 'strings', 'int64']) {
      const r = await remote.get(model);
      const l = await local.get(model);
      expect(r.inputs).toEqual(l.inputs);
      expect(r.outputs).toEqual(l.outputs);
    }
  });

  it('FP16 through the dtypes model agrees bit for bit', async () => {
    const all = await local.get('dtypes');
    const inputs = all.inputs.map((t) => {
      const n = 3;
      switch (t.datatype) {
        case 'FP16': return { name: t.name, datatype: 'FP16' as const, shape: [n], data: fp32ToFp16([0.5, -1.25, 1000]) };
        case 'BYTES': return { name: t.name, datatype: 'BYTES' as const, shape: [n], data: ['a', 'b', 'c'] };
        case 'BOOL': return { name: t.name, datatype: 'BOOL' as const, shape: [n], data: new Uint8Array([1, 0, 1]) };
        case 'INT64': return { name: t.name, datatype: 'INT64' as const, shape: [n], data: new BigInt64Array([1n, -2n, 3n]) };
        case 'UINT64': return { name: t.name, datatype: 'UINT64' as const, shape: [n], data: new BigUint64Array([1n, 2n, 3n]) };
        case 'BF16': throw new Error('ONNX Runtime cannot run BF16: the dtypes model has none');
        default: {
          const Ctor = { FP32: Float32Array, FP64: Float64Array, UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, INT8: Int8Array, INT16: Int16Array, INT32: Int32Array }[t.datatype]!;
          return { name: t.name, datatype: t.datatype, shape: [n], data: new Ctor([1, 2, 3]) } as InferenceRequest['inputs'][number];
        }
      }
    });
    const request: InferenceRequest = { inputs };
    expectSameOutputs(await remote.infer('dtypes', request), await local.infer('dtypes', request), 0);
    expectSameOutputs(await remote.infer('dtypes', request, { binary: true }), await local.infer('dtypes', request), 0);
  });
});

describe('a real model shipped on npm (Silero VAD v5) answers the same remotely and locally', () => {
  it('a stateful run of 6 audio chunks: speech probabilities and state agree, JSON and binary', async () => {
    const source = path.join(path.dirname(createRequire(import.meta.url).resolve('@ricky0123/vad-web/package.json')), 'dist', 'silero_vad_v5.onnx');
    const dir = mkdtempSync(path.join(tmpdir(), 'modelwire-oip-vad-'));
    copyFileSync(source, path.join(dir, 'silero_vad.onnx'));
    const vadServer = await startConformantOipServer(conformance, { modelsDir: dir });
    const vadLocal = createOnnxRuntime({ modelRepository: dir });
    try {
      const client = createOipClient({ baseURL: vadServer.url, retry: false });
      const meta = await client.get('silero_vad');
      expect(meta.inputs.map((t) => `${t.name}:${t.datatype}:${t.shape}`)).toEqual(['input:FP32:-1,-1', 'state:FP32:2,-1,128', 'sr:INT64:']);
      let stateRemote: Float32Array = new Float32Array(2 * 128);
      let stateLocal: Float32Array = new Float32Array(2 * 128);
      for (let chunk = 0; chunk < 6; chunk++) {
        // a 440 Hz tone that fades in, so the probabilities move
        const audio = Float32Array.from({ length: 512 }, (_, i) => Math.sin((2 * Math.PI * 440 * (chunk * 512 + i)) / 16000) * (chunk / 6));
        const request = (state: Float32Array): InferenceRequest => ({
          inputs: [
            { name: 'input', datatype: 'FP32', shape: [1, 512], data: audio },
            { name: 'state', datatype: 'FP32', shape: [2, 1, 128], data: state },
            { name: 'sr', datatype: 'INT64', shape: [], data: new BigInt64Array([16000n]) },
          ],
        });
        const viaRemote = await client.infer('silero_vad', request(stateRemote), { binary: chunk % 2 === 0 });
        const viaLocal = await vadLocal.infer('silero_vad', request(stateLocal));
        expectSameOutputs(viaRemote, viaLocal, 1e-5);
        stateRemote = viaRemote.outputs.find((o) => o.name === 'stateN')!.data as Float32Array;
        stateLocal = viaLocal.outputs.find((o) => o.name === 'stateN')!.data as Float32Array;
        const p = (viaRemote.outputs.find((o) => o.name === 'output')!.data as Float32Array)[0]!;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
    } finally {
      await vadServer.close();
      await vadLocal.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('withFallback: the platform stops in the middle of a run', () => {
  it('answers every call, remote first, then local; the breaker opens and no request reaches the dead server', async () => {
    const own = await startConformantOipServer(conformance, { loaded: ['mlp'] });
    const client = createOipClient({ baseURL: own.url, retry: { initialDelayMs: 5, maxDelayMs: 10 }, timeoutMs: 2_000 });
    const changes: CircuitStateChange[] = [];
    const target = withFallback<OipTarget>(client, local, {
      primaryName: 'oip',
      fallbackName: 'onnx',
      breaker: { failureThreshold: 2, cooldownMs: 60_000, onStateChange: (c) => changes.push(c) },
    });
    const sources: string[] = [];
    for (let i = 0; i < 10; i++) {
      if (i === 4) await own.close(); // the platform goes away mid-run
      const request = mlpRequest(i);
      const res = await target.infer('mlp', request);
      sources.push(`${res.source}:${res.sourceName}`);
      expectSameOutputs(res, await local.infer('mlp', request));
    }
    expect(sources.slice(0, 4)).toEqual(Array(4).fill('remote:oip'));
    expect(sources.slice(4)).toEqual(Array(6).fill('local:onnx'));
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(['closed->open']);
    // 4 successful remote calls reached the server; nothing after it closed did.
    expect(own.http.count('/v2/models/mlp/infer')).toBe(4);
  });

  it('a request error (4xx) is not failed over', async () => {
    const target = withFallback<OipTarget>(remote, local, { primaryName: 'oip', fallbackName: 'onnx' });
    const err = await target
      .infer('mlp', { inputs: [{ name: 'nope', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(err?.name).toBe('BadRequestError');
  });
});
