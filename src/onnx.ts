/**
 * Entry file of `modelwire/onnx`: the published ESM build keeps one file per module, and this file
 * is what the package's `exports` map names for the subpath.
 * @module
 */
export * from './onnx/index.js';
