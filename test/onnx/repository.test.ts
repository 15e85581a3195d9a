import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR } from './helpers.js';

let base: string;
let repo: string;
let outside: string;
let local: OnnxRuntime;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'modelwire-repo-'));
  repo = join(base, 'repo');
  outside = join(base, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'mlp.onnx'));
  // versioned layout: clf/1 = mlp, clf/2 = two_io (different metadata so the chosen version is visible), clf/10 sorts after 2
  for (const [v, src] of [['1', 'mlp'], ['2', 'two_io'], ['10', 'int64']] as const) {
    mkdirSync(join(repo, 'clf', v), { recursive: true });
    copyFileSync(join(MODELS_DIR, `${src}.onnx`), join(repo, 'clf', v, 'model.onnx'));
  }
  mkdirSync(join(repo, 'clf', 'empty')); // a version dir without model.onnx is ignored
  // a real model outside the repository, and symlinks pointing at it
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(outside, 'secret.onnx'));
  symlinkSync(join(outside, 'secret.onnx'), join(repo, 'escape.onnx'));
  symlinkSync(outside, join(repo, 'escdir'));
  mkdirSync(join(repo, 'linked', '1'), { recursive: true });
  symlinkSync(join(outside, 'secret.onnx'), join(repo, 'linked', '1', 'model.onnx'));
  // an in-repo symlink is fine
  symlinkSync(join(repo, 'mlp.onnx'), join(repo, 'alias.onnx'));
  writeFileSync(join(repo, 'corrupt.onnx'), 'this is not a protobuf model');
  writeFileSync(join(repo, 'empty.onnx'), '');
  local = createOnnxRuntime({ modelRepository: repo });
});
afterAll(async () => {
  await local.dispose();
  rmSync(base, { recursive: true, force: true });
});

const req = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] };

const rejection = (p: Promise<unknown>): Promise<LocalModelError> => rejectionAs(p, LocalModelError);

describe('model repository resolution', () => {
  it.each([
    ['../outside/secret', undefined],
    ['..', undefined],
    ['.', undefined],
    ['/etc/passwd', undefined],
    ['/tmp/secret', undefined],
    ['clf/1', undefined],
    ['a\\..\\b', undefined],
    ['', undefined],
    ['clf', '..'],
    ['clf', '../../outside'],
    ['clf', '/etc'],
    ['clf', '.'],
  ])('rejects name %j version %j as outside the repository', async (name, version) => {
    const err = await rejection(local.infer(name, req, { version }));
    expect(err.model).toBe(name);
    expect(err.message).toMatch(/not a plain name inside the model repository/);
  });

  it('rejects a file symlink pointing outside the repository (realpath check)', async () => {
    const err = await rejection(local.infer('escape', req));
    expect(err.model).toBe('escape');
    expect(err.message).toMatch(/resolves outside the model repository/);
  });

  it('rejects a version file symlinked outside the repository', async () => {
    const err = await rejection(local.get('linked', { version: '1' }));
    expect(err.message).toMatch(/resolves outside the model repository/);
    await rejection(local.get('linked'));
  });

  it('rejects a model directory that is a symlink out of the repository', async () => {
    mkdirSync(join(outside, '3'), { recursive: true });
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(outside, '3', 'model.onnx'));
    const err = await rejection(local.get('escdir'));
    expect(err.message).toMatch(/resolves outside the model repository/);
    await rejection(local.get('escdir', { version: '3' }));
  });

  it('ready() and unload() also refuse traversal (they throw, not false)', async () => {
    await rejection(local.ready('../outside/secret'));
    await rejection(local.unload('../outside/secret'));
  });

  it('follows symlinks that stay inside the repository', async () => {
    const res = await local.infer('alias', req);
    expect(res.outputs[0]!.name).toBe('probs');
  });

  it('a missing model is a LocalModelError naming it; ready() says false', async () => {
    const err = await rejection(local.infer('nope', req));
    expect(err.model).toBe('nope');
    expect(err.message).toMatch(/model "nope" not found/);
    await rejection(local.infer('clf', req, { version: '7' }));
    expect(await local.ready('nope')).toBe(false);
  });

  it('a corrupt or empty file is a LocalModelError naming the model, and is not cached', async () => {
    for (const name of ['corrupt', 'empty']) {
      const err = await rejection(local.infer(name, req));
      expect(err.model).toBe(name);
      expect(err.message).toContain(`model "${name}" could not be loaded`);
      expect(await local.ready(name)).toBe(false);
    }
    // repairing the file makes the next call succeed (failures are not cached)
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'corrupt.onnx'));
    expect(await local.ready('corrupt')).toBe(true);
    writeFileSync(join(repo, 'corrupt.onnx'), 'broken again');
    await local.unload('corrupt');
  });

  it('picks the latest numeric version by default and an explicit version on request', async () => {
    const latest = await local.get('clf');
    expect(latest.versions).toEqual(['1', '2', '10']);
    expect(latest.inputs[0]!.datatype).toBe('INT64'); // version 10 = int64 model
    expect((await local.get('clf', { version: '1' })).inputs[0]!.name).toBe('x');
    expect((await local.get('clf', { version: '2' })).inputs.map((i) => i.name)).toEqual(['a', 'b']);
    const res = await local.infer('clf', req, { version: '1' });
    expect(res.model_version).toBe('1');
  });

  it('a missing repository directory is a LocalModelError', async () => {
    const other = createOnnxRuntime({ modelRepository: join(base, 'does-not-exist') });
    const err = await rejection(other.infer('mlp', req));
    expect(err.message).toMatch(/model repository .* does not exist/);
    await other.dispose();
  });

  it('list() indexes flat files and versions, with READY for loaded sessions', async () => {
    await local.unload('clf');
    await local.load('clf');
    const index = await local.list();
    const names = index.map((e) => (e.version ? `${e.name}@${e.version}` : e.name));
    expect(names).toEqual(expect.arrayContaining(['mlp', 'alias', 'clf@1', 'clf@2', 'clf@10', 'corrupt']));
    expect(names).not.toContain('clf@empty');
    expect(index.find((e) => e.name === 'clf' && e.version === '10')!.state).toBe('READY');
    expect(index.find((e) => e.name === 'clf' && e.version === '1')!.state).toBe('UNAVAILABLE');
    await local.unload('clf');
    expect((await local.list()).find((e) => e.name === 'clf' && e.version === '10')!.state).toBe('UNAVAILABLE');
  });

  it('list() leaves out what resolves outside the repository (loading it is refused), and keeps in-repository symlinks', async () => {
    mkdirSync(join(outside, '3'), { recursive: true });
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(outside, '3', 'model.onnx'));
    const names = (await local.list()).map((e) => (e.version ? `${e.name}@${e.version}` : e.name));
    expect(names).toContain('alias');
    expect(names).toContain('clf@2');
    for (const escaped of ['escape', 'linked@1', 'escdir@3']) expect(names).not.toContain(escaped);
  });
});
