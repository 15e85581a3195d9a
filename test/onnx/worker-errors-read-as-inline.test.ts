/**
 * A model that fails inside ONNX Runtime reads the same in both execution modes (src/onnx/runtime.ts,
 * src/onnx/worker-pool.ts; docs/onnx.md "Errors"): a file ORT cannot load is `model "m" could not be
 * loaded from <path>: <ORT's message>` (the model named once), a run that fails inside ORT is
 * `model "m" failed to run: <ORT's message>` with `operation`, and the cause is an Error carrying
 * ORT's message (each after the call's name, `onnx.get: `). Worker mode named the model twice on a load failure, and a failed run read
 * `model "m": ...` with no operation and a plain object as its cause.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { rejectionAs } from '../core/_support.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const dir = mkdtempSync(join(tmpdir(), 'mw-onnx-worker-errors-'));
const whole = readFileSync(join(MODELS_DIR, 'mlp.onnx'));
writeFileSync(join(dir, 'cut.onnx'), whole.subarray(0, whole.length >> 1));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['inline', 'worker'] as const)('onnx %s: errors from inside ONNX Runtime', (execution) => {
  it('a truncated file: "could not be loaded from <path>: <ORT>", the model named once, an Error as cause; nothing cached', async () => {
    const rt = runtime({ modelRepository: dir, execution });
    const err = await rejectionAs(rt.get('cut'), LocalModelError);
    expect(err.model).toBe('cut');
    expect(err.cause).toBeInstanceOf(Error);
    const ort = (err.cause as Error).message;
    expect(err.cause).not.toBeInstanceOf(LocalModelError);
    expect(ort).toMatch(/^Load model from .*Protobuf parsing failed/);
    expect(err.message).toBe(`onnx.get: model "cut" could not be loaded from ${join(dir, 'cut.onnx')}: ${ort}`);
    // the failed creation is not kept: the mended file loads on the next call
    writeFileSync(join(dir, 'cut.onnx'), whole);
    expect((await rt.get('cut')).inputs[0]!.shape).toEqual([-1, 4]);
    writeFileSync(join(dir, 'cut.onnx'), whole.subarray(0, whole.length >> 1));
  });

  it('a run that fails inside ORT: "failed to run: <ORT>", operation onnx.infer, an Error as cause; the next run works', async () => {
    const rt = runtime({ execution, warmup: false });
    // [2,3] passes validation (both dims of matmul_chain are symbolic) but x·x fails inside ORT
    const err = await rejectionAs(rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 3], data: new Float32Array(6) }] }), LocalModelError);
    expect(err.model).toBe('matmul_chain');
    expect(err.operation).toBe('onnx.infer');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause).not.toBeInstanceOf(LocalModelError);
    expect(err.message).toBe(`onnx.infer: model "matmul_chain" failed to run: ${(err.cause as Error).message}`);
    expect((err.cause as Error).message).toMatch(/MatMul/);
    const ok = await rt.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: Float32Array.of(1, 0, 0, 1) }] });
    expect(Array.from(ok.outputs[0]!.data as Float32Array)).toEqual([1, 0, 0, 1]);
  });
});
