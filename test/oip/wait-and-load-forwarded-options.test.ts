/**
 * What `waitUntilReady` and `loadModel` pass on to the readiness probes they send, and which
 * deadline bounds them when the call gives none (docs/oip.md, "Deployments"):
 * - `waitUntilReady({ version })` polls that version's ready path;
 * - the call's `headers` reach every probe (of the wait, and of the wait after a load);
 * - without `timeoutMs`, the client's `timeoutMs` bounds the wait and the load + wait.
 * An empty `version` means the default version, as in every other operation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { TimeoutError } from '../../src/core/errors.js';
import { createOipClient, getModel, loadModel, modelConfig, modelReady, modelStats, waitUntilReady } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
/** Ready paths that answer 200; every other ready path answers 400 (not ready). */
const readyPaths = new Set<string>();
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path.endsWith('/ready')) return readyPaths.has(req.path) ? json(res, 200, {}) : json(res, 400, { error: 'not ready' });
    if (req.path.endsWith('/stats')) return json(res, 200, { model_stats: [] });
    if (req.path.endsWith('/config')) return json(res, 200, { name: 'm' });
    if (req.path.startsWith('/v2/models/')) return json(res, 200, { name: 'm', platform: 'p', versions: ['1'], inputs: [], outputs: [] });
    json(res, 200, {});
  });
});
afterAll(() => server.close());

/** Settles `p`, failing the test (not hanging it) if it takes longer than a generous guard. */
async function settled(p: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('hang guard: the call was not bounded')), 10_000);
  });
  try {
    return await Promise.race([p.then(() => 'resolved', (e: unknown) => e), guard]);
  } finally {
    clearTimeout(timer);
  }
}

describe('waitUntilReady', () => {
  it('polls the ready path of the version asked for', async () => {
    readyPaths.add('/v2/models/v/versions/3/ready');
    const before = server.requests.length;
    await waitUntilReady(createClient({ baseURL: server.url }), 'v', { version: '3', timeoutMs: 5_000, intervalMs: 5 });
    expect(server.requests.slice(before).filter((r) => r.path.includes('/v/')).map((r) => r.path)).toEqual(['/v2/models/v/versions/3/ready']);
  });

  it("sends the call's headers with every poll", async () => {
    const path = '/v2/models/h/ready';
    readyPaths.delete(path);
    const before = server.requests.length;
    const client = createClient({ baseURL: server.url });
    const wait = waitUntilReady(client, 'h', { headers: { 'x-trace': 't1' }, timeoutMs: 5_000, intervalMs: 5 });
    while (server.requests.slice(before).filter((r) => r.path === path).length < 2) await new Promise((r) => setTimeout(r, 5));
    readyPaths.add(path);
    await wait;
    const polls = server.requests.slice(before).filter((r) => r.path.includes('/h/'));
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.map((r) => [r.path, r.headers['x-trace']])).toEqual(polls.map(() => [path, 't1']));
  });

  it("without timeoutMs, the client's timeoutMs bounds the wait", async () => {
    const client = createClient({ baseURL: server.url, timeoutMs: 300 });
    expect(await settled(waitUntilReady(client, 'never', { intervalMs: 20 }))).toBeInstanceOf(TimeoutError);
  });
});

describe('loadModel', () => {
  it("sends the call's headers with the load and every readiness poll after it", async () => {
    readyPaths.add('/v2/models/lh/ready');
    const before = server.requests.length;
    await createOipClient({ baseURL: server.url }).load('lh', { headers: { 'x-trace': 't2' }, timeoutMs: 5_000 });
    // only this model's requests: a poll of an earlier test's timed-out wait may still arrive
    const sent = server.requests.slice(before).filter((r) => r.path.includes('/lh/'));
    expect(sent.map((r) => `${r.method} ${r.path} ${String(r.headers['x-trace'])}`)).toEqual([
      'POST /v2/repository/models/lh/load t2',
      'GET /v2/models/lh/ready t2',
    ]);
  });

  it("without timeoutMs, the client's timeoutMs bounds the load and its wait", async () => {
    const client = createClient({ baseURL: server.url, timeoutMs: 300 });
    expect(await settled(loadModel(client, 'never'))).toBeInstanceOf(TimeoutError);
  });
});

describe('an empty version is the default version', () => {
  it('get, ready, config and stats address the model without /versions/', async () => {
    readyPaths.add('/v2/models/e/ready');
    const client = createClient({ baseURL: server.url, retry: false });
    const before = server.requests.length;
    await getModel(client, 'e', { version: '' });
    expect(await modelReady(client, 'e', { version: '' })).toBe(true);
    await modelConfig(client, 'e', { version: '' });
    await modelStats(client, 'e', { version: '' });
    await modelStats(client, undefined, { version: '' });
    expect(server.requests.slice(before).filter((r) => r.path.includes('/e') || r.path.endsWith('/models/stats')).map((r) => r.path)).toEqual([
      '/v2/models/e',
      '/v2/models/e/ready',
      '/v2/models/e/config',
      '/v2/models/e/stats',
      '/v2/models/stats',
    ]);
  });
});
