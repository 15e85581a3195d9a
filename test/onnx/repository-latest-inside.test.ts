/**
 * The default (latest) version of a model when one of its versions is a symlink out of the
 * repository (src/onnx/repository.ts): list() leaves that version out, and so do get() and infer().
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR } from './helpers.js';

let base: string;
let local: OnnxRuntime;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'modelwire-latest-'));
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(join(repo, 'clf', '1'), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'clf', '1', 'model.onnx'));
  mkdirSync(outside);
  copyFileSync(join(MODELS_DIR, 'two_io.onnx'), join(outside, 'model.onnx'));
  symlinkSync(outside, join(repo, 'clf', '2')); // version 2 lies outside the repository
  local = createOnnxRuntime({ modelRepository: repo, warmup: false });
});
afterAll(async () => {
  await local.dispose();
  rmSync(base, { recursive: true, force: true });
});

const req = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] };

describe('latest version with a version symlinked out of the repository', () => {
  // docs/onnx.md: what lies outside the repository is rejected "and models.list() leaves them out";
  // "without version, the latest version is used". list() showed clf@1 only, but the latest was
  // still picked among every directory, so get('clf') and infer('clf') failed on version 2 (and
  // get() listed it in versions) although the repository holds a loadable version 1.
  it('the latest version is the latest one inside the repository, as list() shows', async () => {
    const listed = (await local.list()).map((e) => `${e.name}@${e.version}`);
    expect(listed).toEqual(['clf@1']);
    const meta = await local.get('clf');
    expect(meta.versions).toEqual(['1']);
    expect(meta.inputs.map((t) => t.name)).toEqual(['x']);
    const res = await local.infer('clf', req);
    expect(res.model_version).toBe('1');
  });

  it('asking for the outside version by name is still refused', async () => {
    const err = await rejectionAs(local.get('clf', { version: '2' }), LocalModelError);
    expect(err.message).toMatch(/resolves outside the model repository/);
  });
});
