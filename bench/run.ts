/**
 * Runs every `bench/*.bench.ts` in its own Node process, one after another, and passes their
 * `metric <name> <value>` lines through. Usage: `npm run bench` or `npm run bench -- oip` (filter).
 * The benches import the package by name ('modelwire', 'modelwire/undici', …), which resolves to
 * the built dist/ (the script builds first): what users run, not the sources through tsx.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`# ${file}`);
  // tsx would map 'modelwire' to src/ through tsconfig.json's `paths` (there for the type check);
  // bench/tsconfig.run.json has none, so Node resolves the package to the built dist/
  const env = { ...process.env, TSX_TSCONFIG_PATH: join(here, 'tsconfig.run.json') };
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file)], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    console.log(`# ${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
