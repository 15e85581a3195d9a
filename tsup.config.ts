import { defineConfig } from 'tsup';

/**
 * Two builds:
 * - ESM, unbundled: one dist file per source file, so a user's bundler drops whole modules it does
 *   not use ("sideEffects": false). A bundled ESM file per entry kept every module-level schema of
 *   that entry alive and cost ~50 % more gzip in edge bundles (measured with scripts/size.mjs).
 *   Its types come from `tsc -p tsconfig.build.json` (one .d.ts per file).
 * - CJS, one bundle per public entry with its .d.cts; it carries the ESM-only p-retry so that
 *   `require('modelwire')` works on every Node version in `engines`.
 */
const entry = {
  index: 'src/index.ts',
  undici: 'src/undici/index.ts',
  oip: 'src/oip/index.ts',
  onnx: 'src/onnx/index.ts',
  replicate: 'src/replicate/index.ts',
  openai: 'src/openai/index.ts',
};
const external = ['undici', 'onnxruntime-node', 'onnxruntime-web'];

export default defineConfig([
  {
    entry: ['src/**/*.ts'],
    format: ['esm'],
    bundle: false,
    dts: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
    external,
    noExternal: ['p-retry', 'is-network-error'],
  },
]);
