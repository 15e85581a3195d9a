/**
 * Entry file of `modelwire/openai`: the published ESM build keeps one file per module, and this file
 * is what the package's `exports` map names for the subpath.
 * @module
 */
export * from './openai/index.js';
