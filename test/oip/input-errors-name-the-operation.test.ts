/**
 * docs/core.md, "Errors": an error names the operation that failed (`operation`), and a refused
 * input's message starts with it (`oip.infer: inputs[0].data ...`), as Replicate's and OpenAI's do.
 * Every OIP operation refused a bad input before sending (a model name that is no path segment, a
 * tensor that does not match its shape, a NaN JSON would send as null, load options of the wrong
 * kind) with an InvalidRequestError without `operation`, while its status and validation errors
 * name it. (generate and generateStream: generate-input-errors-name-the-operation.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  createOipClient,
  generate,
  getModel,
  infer,
  inferBinary,
  listModels,
  loadModel,
  modelConfig,
  modelReady,
  modelStats,
  unloadModel,
  waitUntilReady,
} from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const oip = () => createOipClient({ baseURL: box.server.url, retry: false });
const x = { name: 'x', datatype: 'FP32' as const, shape: [1, 2], data: Float32Array.of(1, 2) };
const req = (over: object = {}) => ({ inputs: [x], ...over });

type Case = [what: string, call: () => unknown, path: RegExp];

const CASES: Record<string, Case[]> = {
  'oip.infer': [
    ['infer: a model that is no path segment', () => infer(client(), '..', req()), /^model$/],
    ['infer: a version that is no path segment', () => infer(client(), 'm', req(), { version: '.' }), /^version$/],
    ['infer: no inputs', () => infer(client(), 'm', bad({ inputs: [] })), /^inputs$/],
    ['infer: a request that is no object', () => infer(client(), 'm', bad(null)), /^inputs$/],
    ['infer: data that does not fill the shape', () => infer(client(), 'm', { inputs: [{ ...x, shape: [2, 2] }] }), /^inputs\[0\]\.data$/],
    ['infer: an unknown datatype', () => infer(client(), 'm', { inputs: [{ ...x, datatype: bad('FP8') }] }), /^inputs\[0\]\.datatype$/],
    ['infer: a NaN in FP32 data (JSON)', () => infer(client(), 'm', { inputs: [{ ...x, data: Float32Array.of(1, NaN) }] }), /^inputs\[0\]\.data$/],
    ['infer: a NaN parameter', () => infer(client(), 'm', req({ parameters: { temperature: NaN } })), /^parameters\.temperature$/],
    ['infer: outputs without names', () => infer(client(), 'm', req({ outputs: [{}] })), /^outputs$/],
    ['infer: binary on a connection without a codec', () => infer(client(), 'm', req(), { binary: true }), /^binary$/],
    ['OipClient infer: a model that is no path segment', () => oip().infer('..', req()), /^model$/],
    ['OipClient infer: data that does not fill the shape', () => oip().infer('m', { inputs: [{ ...x, shape: [3] }] }), /^inputs\[0\]\.data$/],
    ['OipClient infer: a NaN input parameter', () => oip().infer('m', { inputs: [{ ...x, parameters: { p: Infinity } }] }), /^inputs\[0\]\.parameters\.p$/],
    ['inferBinary: a model that is no path segment', () => inferBinary(client(), '.', req()), /^model$/],
    ['inferBinary: a duplicate input', () => inferBinary(client(), 'm', { inputs: [x, x] }), /^inputs\[1\]\.name$/],
    ['inferBinary: a NaN output parameter', () => inferBinary(client(), 'm', req({ outputs: [{ name: 'y', parameters: { k: NaN } }] })), /^outputs\[0\]\.parameters\.k$/],
  ],
  'oip.models.get': [['getModel: a model that is no path segment', () => getModel(client(), '..'), /^model$/]],
  'oip.models.ready': [['modelReady: a version that is no path segment', () => modelReady(client(), 'm', { version: '..' }), /^version$/]],
  'oip.models.config': [['modelConfig: a model that is no path segment', () => modelConfig(client(), '.'), /^model$/]],
  'oip.models.stats': [['modelStats: a model that is no path segment', () => modelStats(client(), '..'), /^model$/]],
  'oip.models.list': [['listModels: a ready that is no boolean', () => listModels(client(), { ready: bad('false') }), /^ready$/]],
  'oip.models.waitUntilReady': [['waitUntilReady: a model that is no path segment', () => waitUntilReady(client(), '..', { timeoutMs: 1000 }), /^model$/]],
  'oip.deployments.load': [
    ['loadModel: a model that is no path segment', () => loadModel(client(), '..', { waitUntilReady: false }), /^model$/],
    ['loadModel: a config of the wrong kind', () => loadModel(client(), 'm', { config: bad(42) }), /^config$/],
    ['loadModel: parameters that are no object', () => loadModel(client(), 'm', { parameters: bad('abc') }), /^parameters$/],
    ['loadModel: a NaN in the config', () => loadModel(client(), 'm', { config: { max_batch_size: NaN } }), /^config\.max_batch_size$/],
    ['loadModel: a BigInt parameter (no string, as every load parameter must be)', () => loadModel(client(), 'm', { parameters: bad({ n: 1n }) }), /^parameters\.n$/],
    ['OipClient load: a NaN parameter', () => oip().load('m', { parameters: { p: NaN } }), /^parameters\.p$/],
  ],
  'oip.deployments.unload': [
    ['unloadModel: a model that is no path segment', () => unloadModel(client(), '.'), /^model$/],
    ['unloadModel: an unloadDependents that is no boolean', () => unloadModel(client(), 'm', { unloadDependents: bad('yes') }), /^unloadDependents$/],
    ['unloadModel: a NaN parameter', () => unloadModel(client(), 'm', { parameters: { p: -Infinity } }), /^parameters\.p$/],
  ],
  // the text_input refusal was already named (3a36b49); the others carried the operation without it in their message
  'oip.generate': [['generate: a NaN parameter', () => generate(client(), 'llm', { text_input: 'x', parameters: { temperature: NaN } }), /^parameters\.temperature$/]],
};

describe.each(Object.entries(CASES))('%s', (operation, cases) => {
  it.each(cases)('%s: refused before sending, naming the operation', async (_what, call, path) => {
    const err = await expectRefused(box.server, call, path);
    const op = operation.replace(/\./g, '\\.');
    expect({ operation: err.operation, message: err.message }).toMatchObject({ operation, message: expect.stringMatching(new RegExp(`^${op}: (?!${op})`)) });
  });
});
