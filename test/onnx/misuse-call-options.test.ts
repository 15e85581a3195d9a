/**
 * The local runtime takes the remote OIP client's call options (a fallback chain passes the same
 * ones to both sides), but a misspelt one (`{ timeout: 2000 }`) was ignored in silence: the call
 * ran without a deadline. Each local call refuses an option name it does not know, as the remote
 * operations do (path = the name; the message names the call and lists the names it knows), before
 * it looks the model up; every documented option (remote-only ones included) is still taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import type { InferenceRequest } from '../../src/oip/index.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { bad } from '../core/_misuse.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR } from './helpers.js';

let local: OnnxRuntime;
beforeAll(() => {
  local = createOnnxRuntime({ modelRepository: MODELS_DIR });
});
afterAll(() => local?.dispose());

const mlp: InferenceRequest = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] };
const CALL = 'signal timeoutMs headers idempotencyKey validation retry';

describe('onnx.infer', () => {
  it.each(['timeout', 'timeoutMS'])('refuses %s before looking the model up, naming the known names', async (name) => {
    // a model that does not exist: a check after the look-up would fail with a LocalModelError
    const err = await rejectionAs(local.infer('no-such-model', mlp, bad({ [name]: 2000 })), InvalidRequestError);
    expect(err.path).toBe(name);
    expect(err.operation).toBe('onnx.infer');
    expect(err.message).toBe(`onnx.infer: ${name} is not an option (known: ${CALL} version binary)`);
  });

  it('refuses it through the inference API too', async () => {
    const err = await rejectionAs(local.inference.infer('mlp', mlp, bad({ timeout: 2000 })), InvalidRequestError);
    expect(err.path).toBe('timeout');
  });

  it('takes every documented option, the remote-only ones included, and null options', async () => {
    const options = { signal: new AbortController().signal, timeoutMs: 10_000, headers: { 'x-a': '1' }, idempotencyKey: 'k', validation: 'strict', retry: false, version: undefined, binary: true } as const;
    expect((await local.infer('mlp', mlp, options)).outputs).toHaveLength(1);
    expect((await local.infer('mlp', mlp, bad(null))).outputs).toHaveLength(1);
  });
});

describe('the other local calls', () => {
  it.each<[string, () => Promise<unknown>, string, string]>([
    ['onnx.get', () => local.get('mlp', bad({ versoin: '1' })), 'versoin', ' version'],
    ['onnx.ready', () => local.ready('mlp', bad({ timeout: 1 })), 'timeout', ' version'],
    ['onnx.list', () => local.list(bad({ timeout: 1 })), 'timeout', ' ready'],
    ['onnx.load', () => local.load('mlp', bad({ waitUntilready: false })), 'waitUntilready', ' config parameters waitUntilReady'],
    ['onnx.unload', () => local.unload('mlp', bad({ unload_dependents: true })), 'unload_dependents', ' parameters unloadDependents'],
  ])('%s refuses a name it does not know', async (operation, call, name, own) => {
    const err = await rejectionAs(call(), InvalidRequestError);
    expect(err.path).toBe(name);
    expect(err.message).toBe(`${operation}: ${name} is not an option (known: ${CALL}${own})`);
  });
});
