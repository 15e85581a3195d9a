import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import { encodeModel, MODELS } from '../../scripts/gen-models.js';
import { INT64_ADD, INT64_MUL, mlpReference } from '../../scripts/model-weights.js';
import { MODELS_DIR } from './helpers.js';

const local = createOnnxRuntime({ modelRepository: MODELS_DIR });
afterAll(() => local.dispose());

describe('committed models', () => {
  it('are exactly what scripts/gen-models.ts writes (deterministic, < 10 KB)', () => {
    for (const [name, graph] of Object.entries(MODELS)) {
      const committed = readFileSync(join(MODELS_DIR, `${name}.onnx`));
      expect(committed.byteLength, name).toBeLessThan(10_240);
      expect(Buffer.from(encodeModel(graph)).equals(committed), `${name}.onnx differs from the generator output`).toBe(true);
    }
  });

  it('mlp: softmax(relu(x·W1+b1)·W2+b2) matches a plain-JS float64 computation, batch 1 and 3 (dynamic batch)', async () => {
    for (const batch of [1, 3]) {
      const x = Float32Array.from({ length: batch * 4 }, (_, i) => Math.sin(i * 1.7) * 2);
      const res = await local.infer('mlp', { id: `b${batch}`, inputs: [{ name: 'x', datatype: 'FP32', shape: [batch, 4], data: x }] });
      expect(res.model_name).toBe('mlp');
      expect(res.id).toBe(`b${batch}`);
      const out = res.outputs[0]!;
      expect(out).toMatchObject({ name: 'probs', datatype: 'FP32', shape: [batch, 3] });
      expect(out.data).toBeInstanceOf(Float32Array);
      const want = mlpReference(x, batch);
      expect(out.data.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs((out.data[i] as number) - want[i]!)).toBeLessThan(1e-6);
      for (let b = 0; b < batch; b++) expect((out.data as Float32Array).slice(b * 3, b * 3 + 3).reduce((a, c) => a + c, 0)).toBeCloseTo(1, 5);
    }
  });

  it('mlp metadata: dynamic batch is -1', async () => {
    const meta = await local.get('mlp');
    expect(meta).toEqual({
      name: 'mlp',
      versions: undefined,
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
    });
  });

  it('int64: y = 3x + 2^40 with BigInt64Array in and out, beyond 2^53', async () => {
    const x = BigInt64Array.of(0n, 1n, -7n, 9_007_199_254_740_993n, -(2n ** 50n));
    const res = await local.infer('int64', { inputs: [{ name: 'x', datatype: 'INT64', shape: [5], data: x }] });
    const y = res.outputs[0]!;
    expect(y.datatype).toBe('INT64');
    expect(y.data).toBeInstanceOf(BigInt64Array);
    expect(Array.from(y.data as BigInt64Array)).toEqual(Array.from(x, (v) => v * INT64_MUL + INT64_ADD));
  });

  it('two_io: two inputs of different dtypes, two outputs (FP32 sum, BOOL a > b)', async () => {
    const a = Float32Array.of(1.5, -2, 3, 0, 10, 0.25);
    const b = Int32Array.of(1, -3, 4, 0, -1, 0);
    const res = await local.infer('two_io', {
      inputs: [
        { name: 'b', datatype: 'INT32', shape: [3, 2], data: b },
        { name: 'a', datatype: 'FP32', shape: [3, 2], data: a },
      ],
    });
    const byName = Object.fromEntries(res.outputs.map((o) => [o.name, o]));
    expect(byName.sum).toMatchObject({ datatype: 'FP32', shape: [3, 2] });
    expect(Array.from(byName.sum!.data as Float32Array)).toEqual(Array.from(a, (v, i) => v + b[i]!));
    expect(byName.gt).toMatchObject({ datatype: 'BOOL', shape: [3, 2] });
    expect(byName.gt!.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(byName.gt!.data as Uint8Array)).toEqual(Array.from(a, (v, i) => (v > b[i]! ? 1 : 0)));
  });

  it('two_io: requested outputs only', async () => {
    const res = await local.infer('two_io', {
      inputs: [
        { name: 'a', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(1, 2) },
        { name: 'b', datatype: 'INT32', shape: [1, 2], data: Int32Array.of(2, 1) },
      ],
      outputs: [{ name: 'gt' }],
    });
    expect(res.outputs.map((o) => o.name)).toEqual(['gt']);
    expect(Array.from(res.outputs[0]!.data as Uint8Array)).toEqual([0, 1]);
  });

  it('strings: BYTES in (string or UTF-8 bytes) and out, upper-cased (locale C.UTF-8)', async () => {
    const words = ['héllo', 'World', 'straße', ''];
    const res = await local.infer('strings', {
      inputs: [{ name: 'text', datatype: 'BYTES', shape: [4], data: words }],
    });
    expect(res.outputs[0]).toMatchObject({ name: 'upper', datatype: 'BYTES', shape: [4] });
    // ICU-free C.UTF-8 upper-casing: per character; 'ß' has no single-char upper case and stays.
    expect(res.outputs[0]!.data).toEqual(['HÉLLO', 'WORLD', 'STRAßE', '']);
    const enc = new TextEncoder();
    const asBytes = await local.infer('strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [4], data: words.map((w) => enc.encode(w)) }] });
    expect(asBytes.outputs[0]!.data).toEqual(['HÉLLO', 'WORLD', 'STRAßE', '']);
  });

  it('dtypes: every OIP datatype maps to its typed array and round-trips through ORT unchanged', async () => {
    const inputs = [
      { name: 'in_fp16', datatype: 'FP16', data: Uint16Array.of(0x3e00, 0xc000, 0x7bff) },
      { name: 'in_fp32', datatype: 'FP32', data: Float32Array.of(1.5, -0, 3.4e38) },
      { name: 'in_fp64', datatype: 'FP64', data: Float64Array.of(Math.PI, -1e300, 5e-324) },
      { name: 'in_uint8', datatype: 'UINT8', data: Uint8Array.of(0, 128, 255) },
      { name: 'in_uint16', datatype: 'UINT16', data: Uint16Array.of(0, 40000, 65535) },
      { name: 'in_uint32', datatype: 'UINT32', data: Uint32Array.of(0, 3e9, 4294967295) },
      { name: 'in_uint64', datatype: 'UINT64', data: BigUint64Array.of(0n, 2n ** 63n, 2n ** 64n - 1n) },
      { name: 'in_int8', datatype: 'INT8', data: Int8Array.of(-128, 0, 127) },
      { name: 'in_int16', datatype: 'INT16', data: Int16Array.of(-32768, 1, 32767) },
      { name: 'in_int32', datatype: 'INT32', data: Int32Array.of(-(2 ** 31), 7, 2 ** 31 - 1) },
      { name: 'in_int64', datatype: 'INT64', data: BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 63n - 1n) },
      { name: 'in_string', datatype: 'BYTES', data: ['a', 'ü', '日本'] },
      { name: 'in_bool', datatype: 'BOOL', data: Uint8Array.of(1, 0, 1) },
    ] as const;
    const res = await local.infer('dtypes', { inputs: inputs.map((t) => ({ ...t, shape: [3] })) as never });
    const ctors: Record<string, unknown> = {
      FP16: Uint16Array, FP32: Float32Array, FP64: Float64Array, UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, UINT64: BigUint64Array,
      INT8: Int8Array, INT16: Int16Array, INT32: Int32Array, INT64: BigInt64Array, BOOL: Uint8Array,
    };
    for (const t of inputs) {
      const out = res.outputs.find((o) => o.name === t.name.replace('in_', 'out_'))!;
      expect(out.datatype, t.name).toBe(t.datatype);
      expect(out.shape).toEqual([3]);
      if (t.datatype === 'BYTES') expect(out.data).toEqual(t.data);
      else {
        expect(out.data).toBeInstanceOf(ctors[t.datatype] as never);
        const want = t.datatype === 'BOOL' ? Array.from(t.data as Uint8Array, (v) => (v ? 0 : 1)) : Array.from(t.data as ArrayLike<unknown>);
        expect(Array.from(out.data as ArrayLike<unknown>), t.name).toEqual(want);
      }
    }
    const meta = await local.get('dtypes');
    expect(meta.inputs.map((i) => i.datatype)).toEqual(inputs.map((t) => t.datatype));
    expect(meta.inputs.every((i) => i.shape.length === 1 && i.shape[0] === -1)).toBe(true);
  });

  it('matmul_chain: y = x^5 for a small matrix', async () => {
    const x = Float32Array.of(1, 1, 0, 1); // [[1,1],[0,1]]^5 = [[1,5],[0,1]]
    const res = await local.infer('matmul_chain', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: x }] });
    expect(Array.from(res.outputs[0]!.data as Float32Array)).toEqual([1, 5, 0, 1]);
  });
});
