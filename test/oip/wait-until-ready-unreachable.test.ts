/**
 * waitUntilReady (and loadModel's wait) polls through a server it cannot reach for a moment: a
 * probe whose connection is reset or refused, or that gets no answer within its own timeoutMs (the
 * client's, shorter than the wait's), counts as "not ready", as a readiness probe does, and
 * polling goes on until the model is ready or the deadline. Before, the first such probe ended the
 * whole wait with its ConnectionError (probes are never retried), so one reset during a minutes-long
 * load, or a server still starting, failed a wait whose deadline had time left. A server that never
 * answers ends the wait at the deadline with TimeoutError, the last probe's error as its `cause`
 * (so a wrong address is still told).
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { AbortError, ConnectionError, TimeoutError } from '../../src/core/errors.js';
import { loadModel, waitUntilReady } from '../../src/oip/index.js';
import { closedServerUrl, json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
const READY = '/v2/models/m/ready';

/** A server whose model `m` is ready from the `readyAt`-th probe on (400 before, as Triton answers). */
function readyFrom(readyAt: number) {
  let probes = 0;
  return startServer((req, res) => {
    if (req.path === '/v2/repository/models/m/load') return json(res, 200, {});
    json(res, ++probes >= readyAt ? 200 : 400, {});
  });
}

it('a probe whose connection is reset is not the end of the wait: it polls on until ready', async () => {
  const server = await readyFrom(3);
  server.faults.push({ match: READY, fault: { kind: 'reset-before-response' }, times: 2 });
  const client = createClient({ baseURL: server.url });
  await waitUntilReady(client, 'm', { intervalMs: 1, timeoutMs: 10_000 });
  expect(server.count(READY)).toBe(5);
});

it("loadModel's wait polls on through a reset too", async () => {
  const server = await readyFrom(2);
  server.faults.push({ match: READY, fault: { kind: 'reset-after-body' } });
  const client = createClient({ baseURL: server.url });
  await loadModel(client, 'm', { timeoutMs: 10_000 });
  expect(server.count(READY)).toBe(3);
});

it('a server nobody listens on ends the wait at the deadline: TimeoutError, caused by the ConnectionError', async () => {
  const client = createClient({ baseURL: await closedServerUrl() });
  const err = await waitUntilReady(client, 'm', { intervalMs: 5, timeoutMs: 1_000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect((err as TimeoutError).timeoutMs).toBe(1_000);
  expect((err as TimeoutError).operation).toBe('oip.models.waitUntilReady');
  expect((err as TimeoutError).cause).toBeInstanceOf(ConnectionError);
  expect((err as TimeoutError).message).toContain('its last probe failed: ');
});

it('an abort while the server is unreachable still ends the wait with AbortError', async () => {
  const client = createClient({ baseURL: await closedServerUrl() });
  const controller = new AbortController();
  const wait = waitUntilReady(client, 'm', { intervalMs: 5, timeoutMs: 10_000, signal: controller.signal }).catch((e: unknown) => e);
  setTimeout(() => controller.abort(), 50);
  expect(await wait).toBeInstanceOf(AbortError);
});

it("a probe that runs out of the client's timeoutMs (a wait given a longer one) is not the end of the wait either", async () => {
  let probes = 0;
  const server = await startServer((_req, res) => {
    // the first probe gets no answer at all (the server closes the connection when the test ends)
    if (++probes > 1) json(res, 200, {});
  });
  // the second probe must be answered within it too: room for a loaded machine
  const client = createClient({ baseURL: server.url, timeoutMs: 1000 });
  await waitUntilReady(client, 'm', { intervalMs: 1, timeoutMs: 10_000 });
  expect(server.count(READY)).toBe(2);
});

it('a probe failure followed by an answer ("not ready") is no longer told at the deadline: the last probe did not fail', async () => {
  const server = await readyFrom(Infinity);
  server.faults.push({ match: READY, fault: { kind: 'reset-before-response' } });
  const client = createClient({ baseURL: server.url });
  const err = await waitUntilReady(client, 'm', { intervalMs: 5, timeoutMs: 500 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(server.count(READY)).toBeGreaterThan(1);
  expect((err as TimeoutError).message).not.toContain('its last probe failed');
  expect((err as TimeoutError).cause).toBeUndefined();
});
