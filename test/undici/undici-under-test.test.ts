/**
 * Which undici the transport runs on: under test/undici8.vitest.config.ts, every `undici` import
 * must be the undici 8 package that config names (an alias that did not take would test undici 7
 * twice and say nothing about 8).
 */
import { createRequire } from 'node:module';
import * as undici from 'undici';
import { expect, it } from 'vitest';
import { ON_BUN } from '../helpers/runtime.js';

const underTest = process.env.MODELWIRE_UNDICI_UNDER_TEST;

it.runIf(underTest)('every undici import is the package the config names', () => {
  const named = createRequire(import.meta.url)(underTest!) as typeof undici;
  expect(undici.Agent).toBe(named.Agent);
  expect(undici.ProxyAgent).toBe(named.ProxyAgent);
});

// Bun's require('undici') is its built-in stand-in, whatever the alias gives the imports
it.skipIf(underTest || ON_BUN)('by default, undici is the root package of the lockfile (7.x)', () => {
  const named = createRequire(import.meta.url)('undici') as typeof undici;
  expect(undici.Agent).toBe(named.Agent);
  expect((createRequire(import.meta.url)('undici/package.json') as { version: string }).version).toMatch(/^7\./);
});
