/**
 * The suite under Bun and Deno (docs/runtimes.md, "The whole suite under Bun and Deno"):
 *   .ci/runtimes/node_modules/.bin/bun node_modules/vitest/vitest.mjs run --config test/runtimes.vitest.config.ts
 *   .ci/runtimes/node_modules/.bin/deno run -A node_modules/vitest/vitest.mjs run --config test/runtimes.vitest.config.ts
 * Bun resolves `undici` to a built-in stand-in whatever node_modules holds: the alias points the
 * tests (and `src/undici`) at the npm package. zod is inlined: Bun's module interop under vitest
 * lost the `z` export of `import { z } from 'zod'`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: { server: { deps: { inline: [/zod/] } } },
    resolve: { alias: [{ find: /^undici$/, replacement: fileURLToPath(new URL('../node_modules/undici/index.js', import.meta.url)) }] },
  }),
);
