/**
 * Errors of the repository and model operations say what was wrong: a refused option carries its
 * name as `path` and in the message, and the error names the operation that failed (`operation`),
 * also when a load's deadline runs out during the readiness wait that follows it. A load releases
 * its deadline timer once it returned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { BadRequestError, InvalidRequestError, TimeoutError } from '../../src/core/errors.js';
import { listModels, loadModel, modelStats, unloadModel, waitUntilReady } from '../../src/oip/index.js';
import { SEES_TIMERS, timersCreatedBy } from '../core/_timers.js';
import { bad, expectRefused } from '../core/_misuse.js';
import { rejectionAs } from '../core/_support.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path.startsWith('/v2/repository/models/ghost/')) return json(res, 400, { error: "failed to (un)load 'ghost'" });
    if (req.path.endsWith('/ready')) return req.path.includes('/loaded/') ? json(res, 200, {}) : json(res, 400, { error: 'not ready' });
    json(res, 200, {});
  });
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('refused options are named', () => {
  it('unload: parameters that are not an object (a string would be spread into characters)', async () => {
    const err = await expectRefused(server, () => unloadModel(client(), 'm', { parameters: bad('abc') }), /^parameters$/);
    expect(err.message).toContain('parameters');
  });

  it('unload: unloadDependents that is not a boolean', async () => {
    const err = await expectRefused(server, () => unloadModel(client(), 'm', { unloadDependents: bad('yes') }), /^unloadDependents$/);
    expect(err.message).toContain('unloadDependents');
  });

  it('load: config of the wrong kind', async () => {
    const err = await expectRefused(server, () => loadModel(client(), 'm', { config: bad(42), waitUntilReady: false }), /^config$/);
    expect(err.message).toContain('config');
  });

  it('listModels: ready that is not a boolean', async () => {
    const err = await expectRefused(server, () => listModels(client(), { ready: bad('false') }), /^ready$/);
    expect(err.message).toContain('ready');
  });

  it('modelStats: a version without a model names the operation and the version', async () => {
    const err = await expectRefused(server, () => modelStats(client(), undefined, { version: '2' }), /^version$/);
    expect(err.operation).toBe('oip.models.stats');
    expect(err.message).toContain('version');
  });

  it('waitUntilReady: a bad intervalMs names the operation', async () => {
    const err = await expectRefused(server, () => waitUntilReady(client(), 'm', { intervalMs: 0 }), /^intervalMs$/);
    expect(err.operation).toBe('oip.models.waitUntilReady');
  });
});

describe('errors name the operation that failed', () => {
  it('waitUntilReady that runs out of time', async () => {
    const err = await waitUntilReady(client(), 'never', { timeoutMs: 150, intervalMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).operation).toBe('oip.models.waitUntilReady');
  });

  it('a load the server refuses', async () => {
    const err = await loadModel(client(), 'ghost').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).operation).toBe('oip.deployments.load');
  });

  it('an unload the server refuses', async () => {
    const err = await unloadModel(client(), 'ghost').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).operation).toBe('oip.deployments.unload');
  });

  it('a load whose deadline runs out while it waits for readiness (every time: the wait sets no timer of its own for that instant)', async () => {
    const operations = new Set<string | undefined>();
    for (let i = 0; i < 15; i++) {
      const err = await rejectionAs(loadModel(client(), 'never', { timeoutMs: 100 + i }), TimeoutError);
      operations.add(err.operation);
    }
    expect([...operations]).toEqual(['oip.deployments.load']);
  });
});

describe('deadline timers', () => {
  it.skipIf(!SEES_TIMERS)('a load that returned leaves no deadline timer behind', async () => {
    const timers = await timersCreatedBy(() => loadModel(client(), 'loaded', { timeoutMs: 600_000 }));
    const long = timers.filter((t) => t.delayMs > 60_000);
    expect(long.length).toBeGreaterThan(0); // the deadline's timers were seen
    expect(long.filter((t) => !t.timer._destroyed).map((t) => t.delayMs)).toEqual([]);
  });
});
