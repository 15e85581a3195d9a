/**
 * Model repository lookup at its edges (src/onnx/repository.ts, through the runtime and the exported
 * resolver): a sibling directory that shares the repository's name prefix is still outside, a flat
 * file wins over a directory, a version directory must hold model.onnx, non-numeric versions sort
 * after numeric ones, list() is in name order, and the errors name the model and the version.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { compareVersions, resolveModel, scanRepository } from '../../src/onnx/repository.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR } from './helpers.js';

let base: string;
let repo: string;
let local: OnnxRuntime;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'modelwire-lookup-'));
  repo = join(base, 'repo');
  mkdirSync(repo);
  // a sibling whose path starts with the repository's path ("<base>/repo" + "-other")
  const sibling = join(base, 'repo-other');
  mkdirSync(join(sibling, '1'), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(sibling, 'secret.onnx'));
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(sibling, '1', 'model.onnx'));
  symlinkSync(join(sibling, 'secret.onnx'), join(repo, 'prefix.onnx'));
  symlinkSync(sibling, join(repo, 'prefixdir'));
  // flat file and directory of the same name: the flat file (mlp) wins over the directory (two_io)
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'both.onnx'));
  mkdirSync(join(repo, 'both', '1'), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'two_io.onnx'), join(repo, 'both', '1', 'model.onnx'));
  // a model directory whose only version lacks model.onnx
  mkdirSync(join(repo, 'hollow', '1'), { recursive: true });
  writeFileSync(join(repo, 'hollow', '1', 'other.onnx'), '');
  // mixed version names: numeric ones sort numerically and before the others, which sort lexically
  for (const [v, src] of [['b', 'int64'], ['10', 'two_io'], ['a', 'mlp'], ['2', 'mlp']] as const) {
    mkdirSync(join(repo, 'mixed', v), { recursive: true });
    copyFileSync(join(MODELS_DIR, `${src}.onnx`), join(repo, 'mixed', v, 'model.onnx'));
  }
  // not models: a bare ".onnx", a directory named like a model file, another extension
  writeFileSync(join(repo, '.onnx'), '');
  mkdirSync(join(repo, 'dir.onnx'));
  writeFileSync(join(repo, 'notes.txt'), 'x');
  // a directory whose name no model can have (a backslash): skipped, it does not break list()
  mkdirSync(join(repo, 'odd\\name', '1'), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'odd\\name', '1', 'model.onnx'));
  local = createOnnxRuntime({ modelRepository: repo, warmup: false });
});
afterAll(async () => {
  await local.dispose();
  rmSync(base, { recursive: true, force: true });
});

describe('model repository lookup', () => {
  it('a symlink into a sibling directory that shares the repository path as a prefix is outside', async () => {
    const file = await rejectionAs(local.get('prefix'), LocalModelError);
    expect(file.model).toBe('prefix');
    expect(file.message).toMatch(/resolves outside the model repository/);
    const dir = await rejectionAs(local.get('prefixdir'), LocalModelError);
    expect(dir.message).toMatch(/resolves outside the model repository/);
    const versioned = await rejectionAs(local.get('prefixdir', { version: '1' }), LocalModelError);
    expect(versioned.message).toMatch(/resolves outside the model repository/);
  });

  it('a flat <name>.onnx wins over a <name>/ directory', async () => {
    const meta = await local.get('both');
    expect(meta.inputs.map((i) => i.name)).toEqual(['x']); // mlp, not two_io
    const res = await local.infer('both', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
    expect(res.model_version).toBeUndefined();
    // the version is still reachable explicitly
    expect((await local.get('both', { version: '1' })).inputs.map((i) => i.name)).toEqual(['a', 'b']);
  });

  it('a missing version is a LocalModelError naming the model and the version', async () => {
    const err = await rejectionAs(local.get('mixed', { version: '7' }), LocalModelError);
    expect(err.model).toBe('mixed');
    expect(err.message).toContain('"mixed"');
    expect(err.message).toContain('"7"');
    expect(err.message).toMatch(/not found/);
  });

  it('a model directory without any <version>/model.onnx is "not found", naming the model', async () => {
    const err = await rejectionAs(local.get('hollow'), LocalModelError);
    expect(err.model).toBe('hollow');
    expect(err.message).toMatch(/model "hollow" not found/);
    expect(await local.ready('hollow')).toBe(false);
  });

  it('numeric versions sort numerically and before non-numeric ones, which sort lexically; the last is the default', async () => {
    const meta = await local.get('mixed');
    expect(meta.versions).toEqual(['2', '10', 'a', 'b']);
    expect(meta.inputs[0]!.datatype).toBe('INT64'); // version "b" = the int64 model
    expect(['b', '10', 'a', '2', '1', 'a'].sort(compareVersions)).toEqual(['1', '2', '10', 'a', 'a', 'b']);
    expect(compareVersions('a', 'a')).toBe(0);
    expect(compareVersions('3', '3')).toBe(0);
    expect(compareVersions('9', 'a')).toBeLessThan(0);
    expect(compareVersions('a', '9')).toBeGreaterThan(0);
    // "1a" is not a number: it sorts with the names
    expect(['1a', '2', '1'].sort(compareVersions)).toEqual(['1', '2', '1a']);
    expect(['v2', '3'].sort(compareVersions)).toEqual(['3', 'v2']);
    // every digit counts: 100 > 20 (lexically it would be the other way round)
    expect(['100', '20', '3'].sort(compareVersions)).toEqual(['3', '20', '100']);
    // only plain digit strings are numbers (not what Number() would also read: 1e3, 0x10)
    for (const [name, num] of [['1e3', '2000'], ['0x10', '20'], ['1a', '2'], ['-beta', '9']]) {
      expect(compareVersions(name!, num!)).toBeGreaterThan(0);
      expect(compareVersions(num!, name!)).toBeLessThan(0);
    }
    expect(compareVersions('b', 'a')).toBeGreaterThan(0);
    expect(compareVersions('a', 'b')).toBeLessThan(0);
  });

  it('list() is in name order and skips what is not a model', async () => {
    const index = await local.list();
    const names = index.map((e) => (e.version === undefined ? e.name : `${e.name}@${e.version}`)).filter((n) => !n.startsWith('prefix'));
    // entries in file-name order ("both/" before "both.onnx"), versions oldest first
    expect(names).toEqual(['both@1', 'both', 'mixed@2', 'mixed@10', 'mixed@a', 'mixed@b']);
    expect(await scanRepository(repo)).toEqual(index.map(({ name, version }) => (version === undefined ? { name } : { name, version })));
  });

  it('a repository that cannot be read is a LocalModelError naming it (list and lookups)', async () => {
    const missing = join(base, 'nowhere');
    const scan = await rejectionAs(scanRepository(missing), LocalModelError);
    expect(scan.message).toContain(JSON.stringify(missing));
    expect((scan.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const lookup = await rejectionAs(resolveModel(missing, 'mlp'), LocalModelError);
    expect(lookup.model).toBe('mlp');
    expect(lookup.message).toContain(JSON.stringify(missing));
    expect(lookup.message).toContain('"mlp"');
  });

  it('a name that is not a string is a LocalModelError, not a TypeError', async () => {
    for (const bad of [42, undefined, null, { toString: () => 'mlp' }]) {
      const err = await rejectionAs(resolveModel(repo, bad as unknown as string), LocalModelError);
      expect(err.message).toMatch(/name \S+ is not a plain name/);
    }
    const version = await rejectionAs(resolveModel(repo, 'mixed', 2 as unknown as string), LocalModelError);
    expect(version.message).toMatch(/version 2 is not a plain name/);
  });
});
