// Runs the edge bundle inside Vercel's edge-runtime (EdgeRuntime VM from .ci/runtimes).
// Usage: node run-edge.mjs <runtimes-dir> <bundle.js>   (BASE in the environment)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [rtDir, bundle] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(rtDir), 'package.json'));
const { EdgeRuntime } = require('edge-runtime');
const runtime = new EdgeRuntime({ initialCode: readFileSync(bundle, 'utf8') });
const leaked = runtime.evaluate('[typeof process, typeof require, typeof Buffer].join(",")');
if (leaked !== 'undefined,undefined,undefined') {
  console.log(`FAIL edge isolation: process/require/Buffer visible (${leaked})\n0 passed, 1 failed`);
  process.exit(1);
}
console.log(`runtime-version: edge-runtime ${require('edge-runtime/package.json').version}`);
const rep = await runtime.evaluate(`__conformance(${JSON.stringify(process.env.BASE)})`);
console.log(rep.text);
process.exit(rep.failed ? 1 : 0);
