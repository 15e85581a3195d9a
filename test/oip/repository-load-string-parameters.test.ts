/**
 * Triton's load takes string parameters only. Its repository extension
 * (../shared/specs/triton/extension_model_repository.md, "Load") names two, both strings: `config`
 * (the model configuration as JSON text) and `file:<version>/<name>` (a model file, base64). Its HTTP
 * server reads every member of the load's `parameters` with MemberAsString, so a number or a boolean
 * failed the whole load with a 400 after the request went out. The load now refuses such a value
 * before sending, with an InvalidRequestError naming `parameters.<key>` (stringifying it instead
 * would send a value neither key can take: a config of `8`, a model file of `true`). Unload is
 * unchanged: its `unload_dependents` is a boolean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { createOipClient, loadModel, unloadModel } from '../../src/oip/index.js';
import { bad, expectRefused } from '../core/_misuse.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  // Triton's answer to a load parameter that is no string (HTTPAPIServer::HandleRepositoryControl)
  server = await startTestServer((req, res) => {
    const params = (req.json() as { parameters?: Record<string, unknown> }).parameters ?? {};
    const notString = Object.keys(params).find((k) => req.path.endsWith('/load') && typeof params[k] !== 'string');
    if (notString) return json(res, 400, { error: `Unable to parse '${notString}': attempt to access JSON non-string as string` });
    json(res, 200, {});
  });
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('load refuses a parameter that is no string, naming it, nothing sent', () => {
  it('a number', async () => {
    const err = await expectRefused(server, () => loadModel(client(), 'm', { parameters: { priority: 1 }, waitUntilReady: false }), /^parameters\.priority$/);
    expect(err.message).toMatch(/^oip\.deployments\.load: parameters\.priority must be a string/);
  });

  it('a boolean, through the OIP client too', async () => {
    const oip = createOipClient({ baseURL: server.url, retry: false });
    const err = await expectRefused(server, () => oip.load('m', { parameters: { 'file:1/model.onnx': 'AAEC', strict: true }, waitUntilReady: false }), /^parameters\.strict$/);
    expect(err.operation).toBe('oip.deployments.load');
  });

  it('a config given as an object inside parameters (the `config` option takes an object)', async () => {
    await expectRefused(server, () => loadModel(client(), 'm', { parameters: bad({ config: { max_batch_size: 8 } }), waitUntilReady: false }), /^parameters\.config$/);
  });

  it('a BigInt, at its own key', async () => {
    await expectRefused(server, () => loadModel(client(), 'm', { parameters: bad({ n: 1n }), waitUntilReady: false }), /^parameters\.n$/);
  });
});

describe('what Triton takes is sent as given', () => {
  it('string parameters next to a config', async () => {
    await loadModel(client(), 'm', { parameters: { 'file:1/model.onnx': 'AAEC' }, config: { max_batch_size: 2 }, waitUntilReady: false });
    expect(server.requests.at(-1)!.json()).toEqual({ parameters: { 'file:1/model.onnx': 'AAEC', config: '{"max_batch_size":2}' } });
  });

  it('unload still sends a boolean or a number', async () => {
    await unloadModel(client(), 'm', { unloadDependents: true, parameters: { grace: 5 } });
    expect(server.requests.at(-1)!.json()).toEqual({ parameters: { grace: 5, unload_dependents: true } });
  });
});
