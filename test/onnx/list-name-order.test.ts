/**
 * docs/onnx.md (The OIP interfaces): `models.list()` gives the repository's models in name order,
 * each model's versions oldest first (numeric versions numerically). The index was sorted by file
 * name, so a flat file's `.onnx` suffix took part in the order: `a-b.onnx` came before `a.onnx`
 * ('-' sorts before '.'), and model `a-b` before model `a`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'mw-onnx-order-'));
  for (const flat of ['b', 'a-b', 'a', 'a0']) copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, `${flat}.onnx`));
  for (const v of ['10', '2', '1']) {
    mkdirSync(join(repo, 'a_c', v), { recursive: true });
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(repo, 'a_c', v, 'model.onnx'));
  }
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('onnx: models.list() order', () => {
  it('is by model name, then version (numeric versions numerically), whatever the file names', async () => {
    const rt = runtime({ modelRepository: repo });
    const names = (await rt.models.list()).map((e) => (e.version ? `${e.name}@${e.version}` : e.name));
    expect(names).toEqual(['a', 'a-b', 'a0', 'a_c@1', 'a_c@2', 'a_c@10', 'b']);
  });
});
