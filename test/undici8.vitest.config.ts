/**
 * The undici transport's tests on undici 8, the newest major the peer range (`>=7 <9`) admits
 * (docs/runtimes.md): undici 8 needs Node 22.19 or newer, so this runs on Node 24 from .ci/runtimes,
 * whose lockfile pins `undici8` (npm:undici@8):
 *   .ci/runtimes/node_modules/node24/bin/node node_modules/vitest/vitest.mjs run --config test/undici8.vitest.config.ts
 * Every `undici` import, the tests' and src/undici's, resolves to that package.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { common } from '../vitest.config.js';

const UNDICI8 = fileURLToPath(new URL('../.ci/runtimes/node_modules/undici8/index.js', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...common,
    // the transport's own tests, whose files share worker processes as in vitest.config.ts;
    // UNDICI8_TESTS='test/**/*.test.ts' for the whole suite, each file then in a process of its own
    include: (process.env.UNDICI8_TESTS ?? 'test/undici/**/*.test.ts').split(','),
    isolate: process.env.UNDICI8_TESTS !== undefined,
    env: { MODELWIRE_UNDICI_UNDER_TEST: UNDICI8 },
  },
  resolve: { alias: [{ find: /^undici$/, replacement: UNDICI8 }] },
});

