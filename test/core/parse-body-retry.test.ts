/**
 * A spec with `parse` (OIP infer, Replicate's polls) reads its body inside each attempt, like the
 * JSON and text bodies of `request()`: a body that breaks half-way is retried under the policy when
 * the call may be repeated, instead of ending the call with a ConnectionError (and, for
 * `waitForPrediction`, cancelling the prediction). Found by the chaos suites (oip: CHAOS_SEED=20261132
 * CHAOS_CASE=157, CHAOS_RUNS=1000; replicate: CHAOS_SEED=20261133 CHAOS_CASE=445).
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request } from '../../src/index.js';
import { readText } from '../../src/core/response.js';
import { infer } from '../../src/oip/index.js';
import { waitForPrediction } from '../../src/replicate/index.js';
import { startChaosServer } from '../helpers/chaos-server.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionAs, TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();
const fast = { initialDelayMs: 1, maxDelayMs: 5 };
const cut = { kind: 'reset-mid-body', body: '{"ok":' } as const;

describe.each(TRANSPORTS)('a parsed body cut half-way (%s)', (_name, makeTransport) => {
  it('request() with parse: retried for a GET, the second answer parsed', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    server.faults.push({ match: '/r', fault: cut });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: fast });
    const text = await request(client, { method: 'GET', path: '/r', operation: 'test.parse', parse: (res, signal) => readText(res, signal, 'test.parse') });
    expect(text).toBe('{"ok":true}');
    expect(server.count('/r')).toBe(2);
  });

  it('request() with parse: not retried for a POST that may not be repeated, nor with retry: false', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    server.faults.push({ match: '/r', fault: cut, times: 2 });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: fast });
    const parse = (res: Parameters<typeof readText>[0], signal: AbortSignal) => readText(res, signal, 'test.parse');
    await rejectionAs(request(client, { method: 'POST', path: '/r', body: {}, operation: 'test.parse', parse }), ConnectionError);
    await rejectionAs(request(client, { method: 'GET', path: '/r', operation: 'test.parse', parse }, { retry: false }), ConnectionError);
    expect(server.count('/r')).toBe(2);
  });

  it('oip infer (idempotent) is retried and answers', async () => {
    const cs = await startChaosServer();
    try {
      cs.http.faults.push({ match: '/t/v2/models/m/infer', fault: cut });
      const client = createClient({ baseURL: `${cs.url}/t`, transport: makeTransport(), retry: fast });
      const res = await infer(client, 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] });
      expect(Array.from(res.outputs[0]!.data as Float32Array)).toEqual([1, 2]);
      expect(cs.http.count('/t/v2/models/m/infer')).toBe(2);
    } finally {
      await cs.close();
    }
  });

  it('replicate waitForPrediction retries the poll and does not cancel the prediction', async () => {
    const cs = await startChaosServer();
    try {
      cs.configure('t', { steps: 2 });
      cs.http.faults.push({ match: '/t/v1/predictions/t-p', fault: cut });
      const client = createClient({ baseURL: `${cs.url}/t/v1`, transport: makeTransport(), retry: fast });
      const p = await waitForPrediction(client, 't-p', { initialDelayMs: 1, maxDelayMs: 2 });
      expect(p.status).toBe('succeeded');
      expect(cs.canceled).toEqual([]);
    } finally {
      await cs.close();
    }
  });
});
