/**
 * `backend: 'web'` with the default loader (src/onnx/loader.ts) imports onnxruntime-web and never
 * the native onnxruntime-node (docs/onnx.md, Backends: "no native addon ... useful where the native
 * binary cannot load"). Checked in a fresh process, where nothing else has loaded either package:
 * the model runs, and neither onnxruntime-node's module nor its native library was loaded.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TAKES_NODE_FLAGS } from '../helpers/runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe("backend: 'web' with the default loader", () => {
  it.skipIf(!TAKES_NODE_FLAGS)('runs the model without loading onnxruntime-node or its native library (fresh process)', () => {
    const script = `import('./src/onnx/index.ts').then(async (m) => {
      const rt = m.createOnnxRuntime({ modelRepository: 'models', backend: 'web', warmup: false });
      const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
      await rt.dispose();
      const nodeModule = Object.keys(require('module')._cache).some((k) => k.includes('onnxruntime-node'));
      const nativeLib = process.report.getReport().sharedObjects.some((s) => /onnxruntime/.test(s));
      console.log(JSON.stringify({ shape: res.outputs[0].shape, nodeModule, nativeLib }));
    })`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ shape: [1, 3], nodeModule: false, nativeLib: false });
  });
});
