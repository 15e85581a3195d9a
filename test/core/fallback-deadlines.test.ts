/**
 * docs/fallback.md, "Deadlines": `withFallback` has no deadline of its own. A call's `timeoutMs`
 * bounds each source's attempt (the fallback gets the same arguments, so its `timeoutMs` starts
 * afresh: a primary that hangs until its timeout can still fail over); your `signal` is shared by
 * every source, so `signal: AbortSignal.timeout(ms)` (or an AbortController) is one deadline for the
 * whole call: the fallback gets what is left of it, and once it has fired no source is asked.
 * Two real loopback OIP servers; no wall-clock assertion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/core/errors.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';
import { createOipClient, type InferenceRequest, type OipTarget } from '../../src/oip.js';
import { closedServerUrl, json, startTestServer, type TestServer } from '../helpers/test-server.js';

const request = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
const answer = { model_name: 'mlp', outputs: [{ name: 'y', datatype: 'FP32', shape: [1, 1], data: [1] }] };

let primary: TestServer;
let replica: TestServer;
let onReplicaRequest: (() => void) | undefined;
beforeAll(async () => {
  primary = await startTestServer((_req, res) => json(res, 200, answer));
  replica = await startTestServer((_req, res) => json(res, 200, answer), { onRequest: () => onReplicaRequest?.() });
});
afterAll(async () => {
  await primary.close();
  await replica.close();
});

describe('deadlines under withFallback', () => {
  it('timeoutMs bounds each source: after the primary timed out, the fallback gets its own timeoutMs', async () => {
    primary.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 5_000 } });
    replica.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 5_000 } });
    const events: FallbackEvent[] = [];
    const target = withFallback<OipTarget>(createOipClient({ baseURL: primary.url, retry: false }), createOipClient({ baseURL: replica.url, retry: false }), {
      fallbackName: 'replica',
      onFallback: (e) => events.push(e),
    });
    const outcome = await target.infer('mlp', request(), { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toBeInstanceOf(TimeoutError); // the primary's deadline passed: it failed over
    expect(replica.requests.filter((r) => r.path === '/v2/models/mlp/infer')).toHaveLength(1); // the fallback was asked
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(outcome).not.toBe(events[0]!.error);
    expect((outcome as TimeoutError).timeoutMs).toBe(100); // the fallback's own, fresh timeoutMs
  });

  it('your signal is one deadline for the whole call: it bounds the fallback too, and once it has fired no request is sent', async () => {
    replica.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 5_000 } });
    const down = await closedServerUrl();
    const target = withFallback<OipTarget>(createOipClient({ baseURL: down, retry: false }), createOipClient({ baseURL: replica.url, retry: false }), {});
    const ac = new AbortController();
    onReplicaRequest = () => ac.abort(); // the call's deadline passes while the fallback is at work
    const outcome = await target.infer('mlp', request(), { timeoutMs: 60_000, signal: ac.signal }).catch((e: unknown) => e);
    onReplicaRequest = undefined;
    expect(outcome).toBeInstanceOf(AbortError); // not the fallback's answer after a fresh 60 s

    const before = replica.requests.length;
    const again = await target.infer('mlp', request(), { signal: ac.signal }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AbortError);
    expect(replica.requests.length).toBe(before); // an aborted call reaches no source
  });
});
