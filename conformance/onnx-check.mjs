// ONNX checks on the built dist/onnx.js: the committed models/mlp.onnx, run with the native backend
// (onnxruntime-node) or the WASM backend (onnxruntime-web), compared with a plain-JS forward pass of
// the same weights (scripts/model-weights.ts, bundled by run-all.mjs into GEN/model-weights.mjs).
const MODELS = new URL('../models/', import.meta.url);

export async function onnxChecks(backend, gen) {
  const name = `onnx.${backend}`;
  const t0 = Date.now();
  let runtime;
  try {
    const { mlpReference } = await import(new URL('model-weights.mjs', `file://${gen.replace(/\/?$/, '/')}`).href);
    const { createOnnxRuntime } = await import(new URL('../dist/onnx.js', import.meta.url).href);
    runtime = createOnnxRuntime({ modelRepository: decodeURIComponent(MODELS.pathname), backend });
    const meta = await runtime.get('mlp');
    if (meta.inputs?.[0]?.name !== 'x' || meta.outputs?.[0]?.name !== 'probs') throw new Error(`bad metadata ${JSON.stringify(meta)}`);
    const x = Float32Array.of(0.1, -0.2, 0.3, 0.4, 1, 2, -3, 0.5);
    const res = await runtime.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 4], data: x }] });
    const probs = res.outputs.find((o) => o.name === 'probs');
    if (!probs || !(probs.data instanceof Float32Array) || probs.data.length !== 6) throw new Error(`bad output ${JSON.stringify(probs)}`);
    const ref = mlpReference(x, 2);
    let maxErr = 0;
    for (let i = 0; i < 6; i++) maxErr = Math.max(maxErr, Math.abs(probs.data[i] - ref[i]));
    if (!(maxErr < 1e-5)) throw new Error(`max error vs plain-JS reference ${maxErr}`);
    const types = await dtypesRoundTrip(runtime);
    return [{ name, pass: true, detail: `mlp.onnx [2,4] -> probs [2,3], max error vs reference ${maxErr.toExponential(1)}; dtypes.onnx: ${types} datatypes round-trip`, ms: Date.now() - t0 }];
  } catch (e) {
    return [{ name, pass: false, detail: String(e?.stack ?? e), ms: Date.now() - t0 }];
  } finally {
    await runtime?.dispose().catch(() => {});
  }
}

// models/dtypes.onnx: each input comes back as its output (out_bool = Not(in_bool)). FP16 is the one
// to watch: where the runtime has a global Float16Array (Node 24+, Deno), onnxruntime re-views it.
const DTYPES = [
  ['FP16', Uint16Array.of(0x3e00, 0xc000, 0x7bff)],
  ['FP32', Float32Array.of(1.5, -0, 3.4e38)],
  ['FP64', Float64Array.of(Math.PI, -1e300, 5e-324)],
  ['UINT8', Uint8Array.of(0, 128, 255)],
  ['UINT16', Uint16Array.of(0, 40000, 65535)],
  ['UINT32', Uint32Array.of(0, 3e9, 4294967295)],
  ['UINT64', BigUint64Array.of(0n, 2n ** 63n, 2n ** 64n - 1n)],
  ['INT8', Int8Array.of(-128, 0, 127)],
  ['INT16', Int16Array.of(-32768, 1, 32767)],
  ['INT32', Int32Array.of(-(2 ** 31), 7, 2 ** 31 - 1)],
  ['INT64', BigInt64Array.of(-(2n ** 63n), 0n, 2n ** 63n - 1n)],
  ['BYTES', ['a', 'ü', '日本']],
  ['BOOL', Uint8Array.of(1, 0, 1)],
];

async function dtypesRoundTrip(runtime) {
  const name = (dt) => `${dt === 'BYTES' ? 'string' : dt.toLowerCase()}`;
  const inputs = DTYPES.map(([datatype, data]) => ({ name: `in_${name(datatype)}`, datatype, shape: [3], data }));
  const res = await runtime.infer('dtypes', { inputs });
  for (const [datatype, data] of DTYPES) {
    const out = res.outputs.find((o) => o.name === `out_${name(datatype)}`);
    const want = datatype === 'BOOL' ? Array.from(data, (v) => (v ? 0 : 1)) : Array.from(data);
    const got = out && (datatype === 'BYTES' ? out.data : Array.from(out.data));
    const sameType = datatype === 'BYTES' || Object.getPrototypeOf(out?.data) === Object.getPrototypeOf(data);
    if (!out || out.datatype !== datatype || !sameType || JSON.stringify(got, big) !== JSON.stringify(want, big)) {
      throw new Error(`dtypes.onnx ${datatype}: sent ${JSON.stringify(want, big)}, got ${out ? `${out.datatype} ${out.data?.constructor?.name} ${JSON.stringify(got, big)}` : 'no output'}`);
    }
  }
  return DTYPES.length;
}

const big = (_k, v) => (typeof v === 'bigint' ? `${v}n` : v);
