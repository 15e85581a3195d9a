/**
 * A repository or model that is not found says where it was looked for. `modelRepository:
 * './models'` is resolved against the process's working directory, not the module that names it: a
 * program started from another directory got `model repository "./models" does not exist` and
 * `model "mlp" not found in the model repository`, neither naming the directory looked in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { rejectionAs } from '../core/_support.js';

const dir = mkdtempSync(join(tmpdir(), 'mw-onnx-where-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const x = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });

it('a relative repository that does not exist is named as given and as resolved', async () => {
  const given = relative(process.cwd(), join(dir, 'models'));
  const local = createOnnxRuntime({ modelRepository: given });
  const err = await rejectionAs(local.infer('mlp', x()), LocalModelError);
  expect(err.message).toContain(JSON.stringify(given));
  expect(err.message).toContain(resolve(given));
  expect(err.message).toMatch(/working directory/);
  await local.dispose();
});

it('a model not found names the repository it was looked for in', async () => {
  const given = relative(process.cwd(), dir);
  const local = createOnnxRuntime({ modelRepository: given });
  const err = await rejectionAs(local.get('mlp'), LocalModelError);
  expect(err.message).toMatch(/^onnx\.get: model "mlp" not found in the model repository /);
  expect(err.message).toContain(resolve(given));
  const v = await rejectionAs(local.get('mlp', { version: '3' }), LocalModelError);
  expect(v.message).toContain(resolve(given));
  await local.dispose();
});
