/**
 * docs/oip.md: a NaN or ±Infinity in `parameters` is refused with InvalidRequestError naming it,
 * since JSON would send null (another setting). The repository extension's load and unload did not
 * check theirs: `config: { dynamic_batching: { max_queue_delay_microseconds: NaN } }` reloaded the
 * model with `null` there, and a load `parameters` NaN went as null too. A config JSON cannot write
 * at all (a BigInt, a cycle) failed with a bare TypeError out of JSON.stringify instead of an
 * InvalidRequestError naming `config`.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { loadModel, unloadModel } from '../../src/oip/index.js';
import { bad, expectRefused } from '../core/_misuse.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, {}));
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('load and unload refuse what JSON cannot carry, naming it, nothing sent', () => {
  it('a NaN inside an object config', async () => {
    await expectRefused(server, () => loadModel(client(), 'm', { config: { dynamic_batching: { max_queue_delay_microseconds: NaN } }, waitUntilReady: false }), /^config\.dynamic_batching\.max_queue_delay_microseconds$/);
  });

  it('a BigInt or a cycle inside an object config', async () => {
    await expectRefused(server, () => loadModel(client(), 'm', { config: bad({ max_batch_size: 8n }), waitUntilReady: false }), /^config$/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    await expectRefused(server, () => loadModel(client(), 'm', { config: cyclic, waitUntilReady: false }), /^config$/);
  });

  it('an Infinity in load or unload parameters', async () => {
    await expectRefused(server, () => loadModel(client(), 'm', { parameters: { priority: Infinity }, waitUntilReady: false }), /^parameters\.priority$/);
    await expectRefused(server, () => unloadModel(client(), 'm', { parameters: { grace: -Infinity } }), /^parameters\.grace$/);
  });
});
