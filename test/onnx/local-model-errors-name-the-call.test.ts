/**
 * A LocalModelError a local call ends with names that call, as its refusals, timeouts and aborts
 * do and as the remote client's errors do (`oip.models.get failed with HTTP 404`): `operation` is
 * set and starts the message (src/onnx/runtime.ts, docs/onnx.md "Errors"). An error that concurrent
 * calls share (one failed session creation) names each call's own operation.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const dir = mkdtempSync(join(tmpdir(), 'mw-onnx-op-'));
const whole = readFileSync(join(MODELS_DIR, 'mlp.onnx'));
writeFileSync(join(dir, 'cut.onnx'), whole.subarray(0, whole.length >> 1));
writeFileSync(join(dir, 'mlp.onnx'), whole);
mkdirSync(join(dir, 'folder.onnx')); // a directory, not a model file
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const x = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

function expectNamed(err: LocalModelError, operation: string, model: string | undefined, text: RegExp): void {
  expect(err.operation).toBe(operation);
  expect(err.message.startsWith(`${operation}: `)).toBe(true);
  expect(err.model).toBe(model);
  expect(err.message).toMatch(text);
}

describe.each(['inline', 'worker'] as const)('onnx %s: a LocalModelError names its call', (execution) => {
  it('a model that is missing, a directory, or a file ORT cannot load', async () => {
    const rt = runtime({ modelRepository: dir, execution });
    expectNamed(await rejectionAs(rt.infer('missing', x()), LocalModelError), 'onnx.infer', 'missing', /model "missing" not found/);
    expectNamed(await rejectionAs(rt.get('folder'), LocalModelError), 'onnx.get', 'folder', /model "folder" not found/);
    expectNamed(await rejectionAs(rt.load('cut'), LocalModelError), 'onnx.load', 'cut', /model "cut" could not be loaded from .*Protobuf parsing failed/);
    expectNamed(await rejectionAs(rt.get('mlp', { version: '7' }), LocalModelError), 'onnx.get', 'mlp', /version "7" not found/);
    expectNamed(await rejectionAs(rt.ready('../mlp'), LocalModelError), 'onnx.ready', '../mlp', /not a plain name/);
  });

  it('concurrent calls sharing one failed creation each name their own operation', async () => {
    const rt = runtime({ modelRepository: dir, execution });
    const [a, b] = await Promise.all([rejectionAs(rt.infer('cut', x()), LocalModelError), rejectionAs(rt.get('cut'), LocalModelError)]);
    expectNamed(a, 'onnx.infer', 'cut', /could not be loaded/);
    expectNamed(b, 'onnx.get', 'cut', /could not be loaded/);
    expect(b.cause).toBe(a.cause); // ORT's one error
  });

  it('a run that fails inside ORT, and every call after dispose', async () => {
    const rt = runtime({ execution, warmup: false });
    const failed = await rejectionAs(rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: new Float32Array(6) }] }), LocalModelError);
    expectNamed(failed, 'onnx.infer', 'matmul_chain', /model "matmul_chain" failed to run: /);
    await rt.dispose();
    expectNamed(await rejectionAs(rt.infer('mlp', x()), LocalModelError), 'onnx.infer', 'mlp', /disposed/);
    expectNamed(await rejectionAs(rt.get('mlp'), LocalModelError), 'onnx.get', 'mlp', /disposed/);
    expectNamed(await rejectionAs(rt.load('mlp'), LocalModelError), 'onnx.load', 'mlp', /disposed/);
    expectNamed(await rejectionAs(rt.unload('mlp'), LocalModelError), 'onnx.unload', 'mlp', /disposed/);
    expectNamed(await rejectionAs(rt.list(), LocalModelError), 'onnx.list', undefined, /disposed/);
  });
});

it('onnx: a missing model repository names the call', async () => {
  const rt = createOnnxRuntime({ modelRepository: join(dir, 'nowhere') });
  expectNamed(await rejectionAs(rt.list(), LocalModelError), 'onnx.list', undefined, /cannot be read/);
  expectNamed(await rejectionAs(rt.infer('mlp', x()), LocalModelError), 'onnx.infer', 'mlp', /does not exist/);
  await rt.dispose();
});
