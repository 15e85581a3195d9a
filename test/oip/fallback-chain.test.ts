/**
 * withFallback with a chain against real servers: a primary OIP platform, a replica OIP platform
 * (both loopback servers that run the committed models) and the local ONNX runtime. The primary
 * goes away, then the replica starts failing with 503; every call is answered, each source's own
 * breaker opens, and no request reaches a source while its circuit is open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CircuitStateChange } from '../../src/core/circuit-breaker.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';
import { createOipClient, type InferenceRequest, type OipTarget } from '../../src/oip/index.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { MODELS_DIR } from '../helpers/oip-server.js';
import { createConformance, expectConformant, startConformantOipServer } from './setup.js';

const conformance = createConformance();
let local: OnnxRuntime;

beforeAll(() => {
  local = createOnnxRuntime({ modelRepository: MODELS_DIR });
});
afterAll(async () => {
  await local.dispose();
  expectConformant(conformance, 2);
});

const mlpRequest = (seed: number): InferenceRequest => ({
  inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 4], data: new Float32Array(8).map((_, i) => Math.cos(seed * 3 + i)) }],
});

describe('withFallback(primary, replica, local, policy)', () => {
  it('answers every call as the platforms fail one after the other; each open circuit keeps its source untouched', async () => {
    const primary = await startConformantOipServer(conformance, { loaded: ['mlp'] });
    const replica = await startConformantOipServer(conformance, { loaded: ['mlp'] });
    const client = (url: string) => createOipClient({ baseURL: url, retry: { initialDelayMs: 5, maxDelayMs: 10 }, timeoutMs: 2_000 });
    const changes: string[] = [];
    const log = (name: string) => (c: CircuitStateChange) => changes.push(`${name}:${c.from}->${c.to}`);
    const events: FallbackEvent[] = [];
    const target = withFallback<OipTarget>(client(primary.url), client(replica.url), local, {
      primaryName: 'triton',
      breaker: { failureThreshold: 2, cooldownMs: 60_000, onStateChange: log('triton') },
      fallbacks: [{ name: 'replica', breaker: { failureThreshold: 2, cooldownMs: 60_000, onStateChange: log('replica') } }, { name: 'onnx' }],
      onFallback: (e) => events.push(e),
    });
    try {
      const sources: string[] = [];
      for (let i = 0; i < 12; i++) {
        if (i === 3) await primary.close(); // the primary platform goes away
        if (i === 7) replica.http.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status: 503 }, times: Infinity });
        const request = mlpRequest(i);
        const res = await target.infer('mlp', request);
        sources.push(`${res.source}:${res.sourceName}`);
        const expected = await local.infer('mlp', request);
        const got = res.outputs[0]!.data as Float32Array;
        Array.from(expected.outputs[0]!.data as Float32Array).forEach((v, j) => expect(Math.abs(got[j]! - v)).toBeLessThan(1e-6));
      }
      expect(sources).toEqual([...Array(3).fill('remote:triton'), ...Array(4).fill('remote:replica'), ...Array(5).fill('local:onnx')]);
      expect(changes).toEqual(['triton:closed->open', 'replica:closed->open']);
      // 3 answers from the primary; 4 answers from the replica, then 2 failing calls (each with its retries: 3 requests), then nothing
      expect(primary.http.count('/v2/models/mlp/infer')).toBe(3);
      expect(replica.http.count('/v2/models/mlp/infer')).toBe(4 + 2 * 3);
      const moves = events.map((e) => `${e.from}->${e.to}:${e.reason}`);
      expect(moves.slice(0, 2)).toEqual(['triton->replica:error', 'triton->replica:error']);
      expect(moves.slice(-2)).toEqual(['triton->onnx:circuit-open', 'replica->onnx:circuit-open']);
    } finally {
      await Promise.allSettled([primary.close(), replica.close()]);
    }
  });
});
