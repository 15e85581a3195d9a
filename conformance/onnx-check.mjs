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
    return [{ name, pass: true, detail: `mlp.onnx [2,4] -> probs [2,3], max error vs reference ${maxErr.toExponential(1)}`, ms: Date.now() - t0 }];
  } catch (e) {
    return [{ name, pass: false, detail: String(e?.stack ?? e), ms: Date.now() - t0 }];
  } finally {
    await runtime?.dispose().catch(() => {});
  }
}
