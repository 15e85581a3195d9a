/**
 * An infer request with `parameters.sequence_id` set (not 0, not "") belongs to a stateful
 * sequence (Triton's sequence batcher): a second copy of a request the server may already have
 * received would step the sequence's state twice. So such a request is sent once: no retry on a
 * 5xx, a reset after the body, or an answer cut half-way, in JSON and in binary mode alike. A
 * refused connection (the request provably never reached a server) is still retried, and a
 * request outside any sequence (no id, 0 or "") keeps infer's retries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InternalServerError, InvalidRequestError } from '../../src/core/errors.js';
import { createOipClient, type InferenceRequest, type InputTensor, type OipClient, type Parameters } from '../../src/oip/index.js';
import type { OipServer } from '../helpers/oip-server.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { rejectionAs } from '../core/_support.js';
import { createConformance, expectConformant, startConformantOipServer } from './setup.js';

const conformance = createConformance();
const PATH = '/v2/models/mlp/infer';
const x: InputTensor = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
const inSequence = (sequence_id: string | number): InferenceRequest => ({ inputs: [x], parameters: { sequence_id, sequence_start: true } });
let server: OipServer;
let oip: OipClient;

beforeAll(async () => {
  server = await startConformantOipServer(conformance);
  oip = createOipClient({ baseURL: server.url, retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 3 } });
});
afterEach(() => server.http.faults.clear());
afterAll(async () => {
  await server.close();
  expectConformant(conformance, 1);
});

/** Requests the server received for `PATH` while `call` ran. */
async function sent(call: () => Promise<unknown>): Promise<number> {
  const before = server.http.count(PATH);
  await call();
  return server.http.count(PATH) - before;
}

describe('infer in a sequence (parameters.sequence_id set) is sent once', () => {
  it('a numeric id: a 503 is not retried', async () => {
    server.http.faults.push({ match: PATH, fault: { kind: 'status', status: 503, body: { error: 'busy' } } });
    let err: InternalServerError | undefined;
    expect(await sent(async () => (err = await rejectionAs(oip.infer('mlp', inSequence(42)), InternalServerError)))).toBe(1);
    expect(err!.attempts).toBe(1);
  });

  it('a string id: a 500 is not retried', async () => {
    server.http.faults.push({ match: PATH, fault: { kind: 'status', status: 500, body: { error: 'oops' } } });
    expect(await sent(() => rejectionAs(oip.infer('mlp', inSequence('session-7')), InternalServerError))).toBe(1);
  });

  it('a reset after the server had the body is not retried', async () => {
    server.http.faults.push({ match: PATH, fault: { kind: 'reset-after-body' } });
    expect(await sent(() => rejectionAs(oip.infer('mlp', inSequence(42)), ConnectionError))).toBe(1);
  });

  it('an answer cut half-way is not retried', async () => {
    const cut = { kind: 'reset-mid-body', headers: { 'content-type': 'application/json', 'content-length': '500' }, body: '{"model_name":"mlp","outputs":[' } as const;
    server.http.faults.push({ match: PATH, fault: cut });
    expect(await sent(() => rejectionAs(oip.infer('mlp', inSequence(42)), ConnectionError))).toBe(1);
  });

  it('in binary mode too: a 503 is not retried', async () => {
    server.http.faults.push({ match: PATH, fault: { kind: 'status', status: 503, body: { error: 'busy' } } });
    expect(await sent(() => rejectionAs(oip.infer('mlp', inSequence(42), { binary: true }), InternalServerError))).toBe(1);
  });

  it('a refused connection (never received) is still retried', async () => {
    const dead = createOipClient({ baseURL: await closedServerUrl(), retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 2 } });
    const err = await rejectionAs(dead.infer('mlp', inSequence(42)), ConnectionError);
    expect(err.requestMayHaveReachedServer).toBe(false);
    expect(err.attempts).toBe(3);
  });
});

describe('an idempotencyKey vouches that a repeat is safe', () => {
  it('with the client\'s idempotencyHeader, a sequence request with a key is retried on a 503, the key sent each time', async () => {
    const keyed = createOipClient({ baseURL: server.url, idempotencyHeader: 'x-request-key', retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 3 } });
    server.http.faults.push({ match: PATH, fault: { kind: 'status', status: 503, body: { error: 'busy' } } });
    expect(await sent(() => keyed.infer('mlp', inSequence(42), { idempotencyKey: 'step-1' }))).toBe(2);
    expect(server.http.requests.slice(-2).map((r) => r.headers['x-request-key'])).toEqual(['step-1', 'step-1']);
  });

  it('without an idempotencyHeader on the client, the key is refused before anything is sent', async () => {
    expect(await sent(() => rejectionAs(oip.infer('mlp', inSequence(42), { idempotencyKey: 'step-1' }), InvalidRequestError))).toBe(0);
  });
});

describe('infer outside a sequence keeps its retries', () => {
  for (const parameters of [undefined, { sequence_id: 0 }, { sequence_id: '' }, { priority: 1 }] as (Parameters | undefined)[]) {
    it(`parameters ${JSON.stringify(parameters)}: a 503 is retried`, async () => {
      server.http.faults.push({ match: PATH, fault: { kind: 'status', status: 503, body: { error: 'busy' } } });
      expect(await sent(() => oip.infer('mlp', { inputs: [x], parameters }))).toBe(2);
      });
  }
});
