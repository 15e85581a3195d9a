/**
 * Entry file of `modelwire/oip`: the published ESM build keeps one file per module, and this file
 * is what the package's `exports` map names for the subpath.
 * @module
 */
export * from './oip/index.js';
