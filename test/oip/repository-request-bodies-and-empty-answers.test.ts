/**
 * What the repository extension and the health probes send and accept, at the edges the main suites
 * do not reach (../shared/specs/triton/extension_model_repository.md, docs/oip.md):
 * - load and unload without options send the empty request object `{}` (no `parameters: {}`),
 *   `unloadDependents: false` is sent (it is a choice, not an absence), and `parameters` travel
 *   alongside `config` / `unload_dependents` without the caller's object being changed;
 * - `listModels({ ready: false })` sends `ready: false`;
 * - a 200 with an empty or non-JSON body (Triton answers health, load and unload without a body)
 *   is success: a probe gives `true`, load and unload resolve.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { createOipClient, listModels, loadModel, modelReady, serverLive, serverReady, unloadModel } from '../../src/oip/index.js';
import { json, startTestServer, type RecordedRequest, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req: RecordedRequest, res: ServerResponse) => {
    if (req.path === '/v2/repository/index') return json(res, 200, [{ name: 'm', state: 'READY' }]);
    if (req.path === '/v2/health/live') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('OK');
    }
    // health/ready, model ready, load and unload: 200 with no body, as Triton answers
    res.writeHead(200);
    res.end();
  });
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });
const lastBody = (path: string): unknown => server.requests.filter((r) => r.path === path).at(-1)!.json();

describe('repository request bodies', () => {
  it('load and unload without options send {}', async () => {
    await loadModel(client(), 'm', { waitUntilReady: false });
    expect(lastBody('/v2/repository/models/m/load')).toEqual({});
    await unloadModel(client(), 'm');
    expect(lastBody('/v2/repository/models/m/unload')).toEqual({});
  });

  it('unloadDependents: false is sent as unload_dependents: false, next to the other parameters', async () => {
    const parameters = { reason: 'rollout' };
    await unloadModel(client(), 'm', { unloadDependents: false, parameters });
    expect(lastBody('/v2/repository/models/m/unload')).toEqual({ parameters: { reason: 'rollout', unload_dependents: false } });
    expect(parameters).toEqual({ reason: 'rollout' });
  });

  it('unload parameters alone are sent as given', async () => {
    await unloadModel(client(), 'm', { parameters: { reason: 'gc' } });
    expect(lastBody('/v2/repository/models/m/unload')).toEqual({ parameters: { reason: 'gc' } });
  });

  it("load adds the config to a copy of the caller's parameters", async () => {
    const parameters = { priority: 'high' };
    await loadModel(client(), 'm', { parameters, config: { max_batch_size: 2 }, waitUntilReady: false });
    expect(lastBody('/v2/repository/models/m/load')).toEqual({ parameters: { priority: 'high', config: '{"max_batch_size":2}' } });
    expect(parameters).toEqual({ priority: 'high' });
  });

  it('load parameters alone are sent without a config', async () => {
    await loadModel(client(), 'm', { parameters: { priority: 'low' }, waitUntilReady: false });
    expect(lastBody('/v2/repository/models/m/load')).toEqual({ parameters: { priority: 'low' } });
  });

  it('a model name is URL-encoded in the repository path', async () => {
    await loadModel(client(), 'a b/c', { waitUntilReady: false });
    await unloadModel(client(), 'a b/c');
    expect(server.requests.slice(-2).map((r) => r.path)).toEqual(['/v2/repository/models/a%20b%2Fc/load', '/v2/repository/models/a%20b%2Fc/unload']);
  });

  it('listModels({ ready: false }) sends ready: false', async () => {
    expect(await listModels(client(), { ready: false })).toEqual([{ name: 'm', state: 'READY' }]);
    expect(lastBody('/v2/repository/index')).toEqual({ ready: false });
  });
});

describe('a 200 without a JSON body is success', () => {
  it('probes answered 200 with an empty or plain-text body are true', async () => {
    expect(await serverLive(client())).toBe(true);
    expect(await serverReady(client())).toBe(true);
    expect(await modelReady(client(), 'm')).toBe(true);
  });

  it('load (then its readiness wait) and unload answered 200 with an empty body resolve', async () => {
    const oip = createOipClient({ baseURL: server.url, retry: false });
    const before = server.requests.length;
    await expect(oip.load('m')).resolves.toBeUndefined();
    await expect(oip.unload('m')).resolves.toBeUndefined();
    expect(server.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/repository/models/m/load',
      'GET /v2/models/m/ready',
      'POST /v2/repository/models/m/unload',
    ]);
  });
});
