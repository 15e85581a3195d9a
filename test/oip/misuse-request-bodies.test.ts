/**
 * OIP request fields of the wrong kind (outputs, parameters, load config, unload and list flags)
 * are refused before sending instead of being sent mangled.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { infer, listModels, loadModel, unloadModel } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) };

describe('oip infer: request fields besides inputs', () => {
  it('outputs as names (["probs"]) instead of [{ name }] is refused (sent as "outputs":["probs"] now)', async () => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], outputs: bad(['probs']) }), /^outputs/);
  });

  it('outputs as a string is refused', async () => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], outputs: bad('probs') }), /^outputs/);
  });

  it('request parameters that are not an object are refused (sent as "parameters":"p" now)', async () => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], parameters: bad('p') }), /^parameters/);
  });

  it.each([['a string', 'np'], ['null', null], ['an array', ['np']]])('an input\'s or a requested output\'s parameters as %s are refused, as the request\'s are', async (_what, value) => {
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [{ ...x, parameters: bad(value) }] }), /^inputs\[0\]\.parameters$/);
    await expectRefused(box.server, () => infer(client(), 'm', { inputs: [x], outputs: [{ name: 'y', parameters: bad(value) }] }), /^outputs\[0\]\.parameters$/);
  });
});

describe('oip loadModel / unloadModel / listModels options', () => {
  it('config as a function is refused, not dropped (the model is reloaded without the override now)', async () => {
    const before = box.server.requests.length;
    await expectRefused(box.server, () => loadModel(client(), 'm', { config: bad(() => ({ max_batch_size: 8 })), waitUntilReady: false }), /^config$/);
    expect(box.server.requests.slice(before).map((r) => r.text())).not.toContain('{"parameters":{}}');
  });

  it('config null is refused, not sent as the text "null"', async () => {
    await expectRefused(box.server, () => loadModel(client(), 'm', { config: bad(null), waitUntilReady: false }), /^config$/);
  });

  it('parameters as a string is refused, not spread into {"0":"a","1":"b",…}', async () => {
    await expectRefused(box.server, () => loadModel(client(), 'm', { parameters: bad('abc'), waitUntilReady: false }), /^parameters$/);
  });

  it('unloadDependents "yes" is refused, not sent as a string', async () => {
    await expectRefused(box.server, () => unloadModel(client(), 'm', { unloadDependents: bad('yes') }), /^unloadDependents$/);
  });

  it('listModels ready "false" is refused, not sent as the truthy string "false"', async () => {
    await expectRefused(box.server, () => listModels(client(), { ready: bad('false') }), /^ready$/);
  });
});
