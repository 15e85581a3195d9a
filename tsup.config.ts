import { defineConfig } from 'tsup';

/** One entry per public subpath; Node-only entries keep their peers external. */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    undici: 'src/undici/index.ts',
    oip: 'src/oip/index.ts',
    onnx: 'src/onnx/index.ts',
    replicate: 'src/replicate/index.ts',
    openai: 'src/openai/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: true,
  external: ['undici', 'onnxruntime-node', 'onnxruntime-web'],
});
