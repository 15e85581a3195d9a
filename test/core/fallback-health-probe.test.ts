/**
 * withFallback, the circuit breaker and health checks (docs/fallback.md, "Health checks").
 * The OIP client's `ready()` (and `live()`, `serverReady()`) answers `false` for any error status:
 * KServe says "not ready" with a 503, and a gateway in front of a dead pod does too. A `false`
 * answer vouches for nothing: it must not close a half-open circuit (the next inference would meet
 * the same 503) nor reset the count of consecutive failures (a readiness poll between failing
 * inferences would keep the circuit closed for ever). Regression: a `false` result counted as a
 * success, so a `ready()` probe against a KServe answering 503 closed the circuit, and a `ready()`
 * between failures reset their count.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker, type CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { withFallback } from '../../src/core/fallback.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { createOipClient, type InferenceRequest, type OipTarget } from '../../src/oip.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const modelRepository = fileURLToPath(new URL('../../models', import.meta.url));
const request = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

let server: TestServer;
let local: OnnxRuntime;
/** What the KServe-like server answers: 503 "not ready" to everything, or 200 once `up`. */
let up = false;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (!up) return json(res, 503, { error: 'Model with name mlp is not ready.' });
    if (req.path.endsWith('/ready')) return json(res, 200, { name: 'mlp', ready: true });
    return json(res, 200, { model_name: 'mlp', outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] });
  });
  local = createOnnxRuntime({ modelRepository });
});
afterAll(async () => {
  await server.close();
  await local.dispose();
});

let t: number;
let breaker: CircuitBreaker;
let target: ReturnType<typeof withFallback<OipTarget>>;
const infers = () => server.requests.filter((r) => r.path.endsWith('/infer')).length;
function setup(failureThreshold: number): void {
  t = 0;
  up = false;
  server.requests.length = 0;
  breaker = createCircuitBreaker({ failureThreshold, cooldownMs: 1_000, now: () => t });
  target = withFallback<OipTarget>(createOipClient({ baseURL: server.url, retry: false }), local, { breaker });
}
beforeEach(() => setup(1));

describe('a false health answer says nothing for the circuit', () => {
  it("a ready() probe answered 503 (KServe's 'not ready') leaves the circuit half-open; the next call probes again", async () => {
    expect((await target.infer('mlp', request())).source).toBe('local'); // the 503 opens the circuit
    expect(breaker.state).toBe('open');
    t = 1_000;
    expect(await target.ready('mlp')).toBe(false); // the probe: the primary's answer
    expect(server.requests.at(-1)?.path).toBe('/v2/models/mlp/ready');
    expect(breaker.state).toBe('half-open'); // before the fix: 'closed'
    const before = infers();
    expect((await target.infer('mlp', request())).source).toBe('local');
    expect(infers()).toBe(before + 1); // this call was the next probe, and it failed
    expect(breaker.state).toBe('open');
  });

  it('a ready() answered 503 between failing inferences does not reset their count', async () => {
    setup(2);
    await target.infer('mlp', request());
    expect(breaker.consecutiveFailures).toBe(1);
    expect(await target.ready('mlp')).toBe(false);
    expect(breaker.consecutiveFailures).toBe(1); // before the fix: 0
    await target.infer('mlp', request());
    expect(breaker.state).toBe('open'); // before the fix: 'closed' (1 failure in a row)
  });

  it('a ready() probe answered true closes the circuit', async () => {
    await target.infer('mlp', request());
    expect(breaker.state).toBe('open');
    t = 1_000;
    up = true;
    expect(await target.ready('mlp')).toBe(true);
    expect(breaker.state).toBe('closed');
    expect((await target.infer('mlp', request())).source).toBe('remote');
  });
});
