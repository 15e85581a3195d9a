/**
 * docs/fallback.md (What fails over): "AbortError (your signal) — never — neutral", while
 * "TimeoutError (the call's deadline) — yes — failure"; "the fallback receives the same arguments".
 * A caller that bounds a call with its own signal (`signal: AbortSignal.timeout(ms)`, the web-standard
 * way) gets a TimeoutError from the core when it fires (deadline.ts abortReason maps a signal whose
 * reason is a DOMException TimeoutError to TimeoutError). withFallback classifies that as a primary
 * failure and hands the same, already-aborted signal to the fallback, which can only refuse it: the
 * caller gets the local runtime's AbortError instead of the primary's TimeoutError, onFallback reports a
 * failover that never answered, and the breaker counts the caller's own deadline against the endpoint.
 * Expected: a primary error that comes with the caller's signal already aborted is the caller's abort:
 * not failed over, thrown as it is (TimeoutError), the breaker untouched.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, request } from '../../src/core/client.js';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError, TimeoutError } from '../../src/core/errors.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest, InferenceResponse, InferOptions, OipTarget } from '../../src/oip/types.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const modelRepository = fileURLToPath(new URL('../../models', import.meta.url));
type Target = Pick<OipTarget, 'infer'>;

let server: TestServer;
let local: OnnxRuntime;
beforeAll(async () => {
  server = await startTestServer((req, res) => json(res, 200, { model_name: 'mlp', outputs: [] }));
  local = createOnnxRuntime({ modelRepository });
});
afterAll(async () => {
  await server.close();
  await local.dispose();
});

function remote(baseURL: string): Target {
  const client = createClient({ baseURL, retry: false });
  return {
    infer: (model: string, req: InferenceRequest, options?: InferOptions) =>
      request<InferenceResponse>(client, { method: 'POST', path: `/v2/models/${model}/infer`, body: { inputs: [] }, operation: 'oip.infer', idempotent: true }, options),
  };
}

describe('withFallback and the caller\'s own signal', () => {
  it('a call whose own AbortSignal.timeout fires is not failed over (the fallback could only refuse it) and does not count against the primary', async () => {
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 2_000 } });
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    const events: FallbackEvent[] = [];
    const target = withFallback<Target>(remote(server.url), local, { breaker, onFallback: (e) => events.push(e) });
    const req: InferenceRequest = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] };
    const outcome = await target.infer('mlp', req, { signal: AbortSignal.timeout(50) }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(TimeoutError); // before the fix: the local runtime's AbortError (signal already aborted)
    expect(events).toEqual([]); // before the fix: one 'error' failover that never answered
    expect(breaker.state).toBe('closed'); // before the fix: 'open' — the caller's own deadline opened the circuit
  });

  it('a shouldFallback of your own is not asked about an error that comes once the caller\'s signal has aborted: the error is thrown, nothing fails over', async () => {
    // docs/fallback.md: "Override the rule with policy.shouldFallback(error)" — but not for the caller's abort
    const asked: unknown[] = [];
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    let answered = 0;
    const gone = new ConnectionError('reset', { requestMayHaveReachedServer: true });
    const primary: Target = {
      infer: (_model, _req, options) =>
        new Promise((_ok, ko) => options?.signal?.addEventListener('abort', () => ko(gone), { once: true })), // a source that ends with an error of its own
    };
    const fallback: Target = { infer: async () => (answered++, { model_name: 'mlp', outputs: [] }) };
    const target = withFallback<Target>(primary, fallback, { breaker, shouldFallback: (e) => (asked.push(e), true) });
    const ac = new AbortController();
    const call = target.infer('mlp', { inputs: [] }, { signal: ac.signal });
    ac.abort();
    expect(await call.then(() => 'resolved', (e: unknown) => e)).toBe(gone);
    expect(asked).toEqual([]);
    expect(answered).toBe(0);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
  });
});

