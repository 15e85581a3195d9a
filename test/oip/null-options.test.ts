/**
 * A JavaScript caller may pass `null` for a call's options (`infer(client, 'mlp', req, null)`). The
 * core's `request()` and the Replicate and OpenAI operations read it as no options; the OIP
 * operations threw a bare TypeError (`Cannot read properties of null`) from their `= {}` defaults,
 * which cover only `undefined`. Each OIP operation now answers a null the way it answers none.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createOipClient,
  generate,
  generateStream,
  getModel,
  infer,
  inferBinary,
  listModels,
  loadModel,
  modelConfig,
  modelReady,
  modelStats,
  serverLive,
  serverMetadata,
  serverReady,
  unloadModel,
  waitUntilReady,
  type OipClient,
} from '../../src/oip/index.js';
import { startOipServer, TOY_LLM, type OipServer } from '../helpers/oip-server.js';

let server: OipServer;
let oip: OipClient;
beforeAll(async () => {
  server = await startOipServer();
  oip = createOipClient({ baseURL: server.url, retry: false });
});
afterAll(() => server.close());

/** What a JavaScript caller passes where the options go. */
const NULL = null as unknown as undefined;
const x = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }] };

it.each([
  ['infer', () => infer(oip, 'mlp', x, NULL)],
  ['inferBinary', () => inferBinary(oip, 'mlp', x, NULL)],
  ['getModel', () => getModel(oip, 'mlp', NULL)],
  ['modelReady', () => modelReady(oip, 'mlp', NULL)],
  ['modelConfig', () => modelConfig(oip, 'mlp', NULL)],
  ['modelStats', () => modelStats(oip, 'mlp', NULL)],
  ['listModels', () => listModels(oip, NULL)],
  ['loadModel', () => loadModel(oip, 'mlp', NULL)],
  ['waitUntilReady', () => waitUntilReady(oip, 'mlp', NULL)],
  ['serverLive', () => serverLive(oip, NULL)],
  ['serverReady', () => serverReady(oip, NULL)],
  ['serverMetadata', () => serverMetadata(oip, NULL)],
  ['generate', () => generate(oip, TOY_LLM, { text_input: 'a b' }, NULL)],
  ['generateStream', async () => { for await (const e of await generateStream(oip, TOY_LLM, { text_input: 'a b' }, NULL)) void e; }],
  ['the bound client', () => oip.infer('mlp', x, NULL)],
  // last: the model is loaded again by the next test file's server, not by this one
  ['unloadModel', () => unloadModel(oip, 'mlp', NULL)],
])('%s reads null options as none', async (_name, call) => {
  const before = server.http.requests.length;
  await call(); // a TypeError before sending fails here
  expect(server.http.requests.length).toBeGreaterThan(before);
});
