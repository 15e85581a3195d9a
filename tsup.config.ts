import { defineConfig, type Options } from 'tsup';

/** One entry per public subpath; optional peers (undici, onnxruntime) stay external. */
const shared: Options = {
  entry: {
    index: 'src/index.ts',
    undici: 'src/undici/index.ts',
    oip: 'src/oip/index.ts',
    onnx: 'src/onnx/index.ts',
    replicate: 'src/replicate/index.ts',
    openai: 'src/openai/index.ts',
  },
  dts: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: true,
  external: ['undici', 'onnxruntime-node', 'onnxruntime-web'],
};

export default defineConfig([
  { ...shared, format: ['esm'] },
  // p-retry (and its one dependency) ship ESM only; the CJS build carries them so that
  // `require('modelwire')` works on every Node version in `engines`, not only where require(esm) does.
  { ...shared, format: ['cjs'], noExternal: ['p-retry', 'is-network-error'] },
]);
