/**
 * Worker mode when a model's file is replaced on disk while the model is loaded (docs/onnx.md,
 * "Model repository layout"). Each worker creates its own copy of a session on its first run of the
 * model, from the path: a worker that had none yet read the new file while the others ran the old
 * one, so calls answered from two different models depending on the worker they went to (and were
 * checked against the old one's metadata). A worker now refuses to load a file that is not the one
 * the model was loaded from; `unload` picks the new file up, as for a new version directory.
 */
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { MLP_B2 } from '../../scripts/model-weights.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'modelwire-onnx-replaced-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const runtime = useRuntimes();

/** mlp.onnx with other output biases: the same inputs and outputs, other answers (a retrained model). */
function retrainedMlp(): Buffer {
  const bytes = readFileSync(join(MODELS_DIR, 'mlp.onnx'));
  const bias = Buffer.from(MLP_B2.buffer, MLP_B2.byteOffset, MLP_B2.byteLength);
  const at = bytes.indexOf(bias);
  expect(at).toBeGreaterThan(0);
  const other = Float32Array.from(MLP_B2, (v, i) => v + (i + 1));
  Buffer.from(other.buffer).copy(bytes, at);
  return bytes;
}

const x = () => ({ inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] });

describe('onnx worker mode: a model file replaced on disk', () => {
  it('a worker without a copy refuses the new file (LocalModelError naming the model) instead of running another model; unload picks it up', async () => {
    copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(dir, 'm.onnx'));
    const rt = runtime({ modelRepository: dir, execution: 'worker', workers: 2, warmup: false });
    await rt.get('m'); // the session exists in the first worker only
    const before = Array.from((await rt.infer('m', x())).outputs[0]!.data as Float32Array); // the second worker makes its copy
    const third = runtime({ modelRepository: dir, execution: 'worker', workers: 2, warmup: false });
    await third.get('m');

    // a deploy replaces the file (written beside it, then renamed over it)
    writeFileSync(join(dir, 'm.new'), retrainedMlp());
    renameSync(join(dir, 'm.new'), join(dir, 'm.onnx'));

    // `rt`: both workers hold the old model, which keeps answering until unload
    expect(Array.from((await rt.infer('m', x())).outputs[0]!.data as Float32Array)).toEqual(before);
    // `third`: its second worker has no copy yet, and must not make one of the new file
    const err = await third.infer('m', x()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocalModelError);
    expect((err as LocalModelError).model).toBe('m');
    expect((err as Error).message).toMatch(/^onnx\.infer: model "m" could not be loaded from .*m\.onnx: its file changed on disk after the model was loaded/);
    // the first worker still answers with the model the runtime was loaded with
    expect(Array.from((await third.infer('m', x())).outputs[0]!.data as Float32Array)).toEqual(before);

    await third.unload('m');
    const after = await Promise.all([third.infer('m', x()), third.infer('m', x())]); // both workers, the new file
    for (const res of after) expect(Array.from(res.outputs[0]!.data as Float32Array)).not.toEqual(before);
    expect(Array.from(after[0]!.outputs[0]!.data as Float32Array)).toEqual(Array.from(after[1]!.outputs[0]!.data as Float32Array));
  });
});
