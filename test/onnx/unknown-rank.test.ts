/**
 * An ONNX input that declares no shape (unknown rank, reported by ONNX Runtime as [] like a scalar)
 * takes an input of any rank, inline and in worker mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DT, encodeModel } from '../../scripts/gen-models.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';

type GraphSpec = Parameters<typeof encodeModel>[0];

// y = Identity(x), both declared as FLOAT tensors without a shape (unknown rank)
const noShape = (name: string) => ({ name, type: { tensorType: { elemType: DT.FLOAT } } }) as unknown as GraphSpec['input'][number];
const dir = mkdtempSync(join(tmpdir(), 'mw-audit7-norank-'));
writeFileSync(
  join(dir, 'norank.onnx'),
  encodeModel({
    name: 'norank',
    node: [{ opType: 'Identity', input: ['x'], output: ['y'], attribute: [], name: 'y' }],
    input: [noShape('x')],
    output: [noShape('y')],
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('onnx: an input of unknown rank', () => {
  it('onnxruntime-node itself runs the model on a [2,3] tensor', async () => {
    const ort = await import('onnxruntime-node');
    const s = await ort.InferenceSession.create(join(dir, 'norank.onnx'), { logSeverityLevel: 3 });
    try {
      const r = await s.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]) });
      expect(r.y!.dims).toEqual([2, 3]);
    } finally {
      await s.release();
    }
  });

  it.each(['inline', 'worker'] as const)('%s: infer accepts a rank-2 input for an input of unknown rank', async (execution) => {
    const rt = createOnnxRuntime({ modelRepository: dir, execution, warmup: false });
    try {
      const res = await rt.infer('norank', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }] });
      expect(res.outputs[0]!.shape).toEqual([2, 3]);
      expect(Array.from(res.outputs[0]!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await rt.dispose();
    }
  });
});
