// Builds dist/ with the repo's tsup.config.ts, skipping entry points whose source does not exist yet
// (so the harness can run while platform clients are still landing). Once every entry exists this is
// exactly `npx tsup`. Usage: node --import tsx conformance/build.mjs
import { existsSync } from 'node:fs';
import { build } from 'tsup';
import config from '../tsup.config.ts';

const base = Array.isArray(config) ? config[0] : config;
const entry = Object.fromEntries(Object.entries(base.entry).filter(([, file]) => existsSync(file)));
const skipped = Object.keys(base.entry).filter((k) => !(k in entry));
if (skipped.length) console.log(`build: skipping missing entries: ${skipped.join(', ')}`);
await build({ ...base, entry, silent: true });
console.log(`build: dist/ has ${Object.keys(entry).join(', ')}`);
