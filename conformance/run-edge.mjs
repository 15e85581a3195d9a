// Runs the edge bundle inside Vercel's edge-runtime (EdgeRuntime VM from .ci/runtimes), where
// process, require and Buffer do not exist; then the Vercel Edge Function example
// (examples/vercel-edge, bundled to an IIFE) in a second VM that, like Vercel, has process.env.
// Usage: node run-edge.mjs <runtimes-dir> <bundle.js> [<example.js>]   (BASE in the environment)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [rtDir, bundle, example] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(rtDir), 'package.json'));
const { EdgeRuntime } = require('edge-runtime');
const base = process.env.BASE;
const runtime = new EdgeRuntime({ initialCode: readFileSync(bundle, 'utf8') });
const leaked = runtime.evaluate('[typeof process, typeof require, typeof Buffer].join(",")');
if (leaked !== 'undefined,undefined,undefined') {
  console.log(`FAIL edge.isolation (0 ms): process/require/Buffer visible (${leaked})\n0 passed, 1 failed`);
  process.exit(1);
}
console.log(`runtime-version: edge-runtime ${require('edge-runtime/package.json').version}`);
const rep = await runtime.evaluate(`__conformance(${JSON.stringify(base)})`);
const lines = rep.text.split('\n');
let { failed } = rep;
let passed = lines.filter((l) => l.startsWith('PASS ')).length;

if (example) {
  const env = { OIP_BASE_URL: base, REPLICATE_BASE_URL: `${base}/v1`, REPLICATE_API_TOKEN: 'r8_example' };
  const vm = new EdgeRuntime({ initialCode: readFileSync(example, 'utf8'), extend: (ctx) => Object.assign(ctx, { process: { env } }) });
  const t0 = Date.now();
  let line;
  try {
    const res = await vm.evaluate(
      `__example.default(new Request(${JSON.stringify(`${base}/api/chat`)}, { method: 'POST', body: JSON.stringify({ values: [1, 2, 3, 4], prompt: 'edge' }) }))
        .then(async (r) => ({ status: r.status, body: await r.json() }))`,
    );
    const ok = res.status === 200 && res.body.scores?.join() === '10,4' && res.body.output?.[0] === 'echo: edge';
    line = `${ok ? 'PASS' : 'FAIL'} example.vercel-edge (${Date.now() - t0} ms): ${ok ? 'OIP infer + Replicate run answered' : ''} ${res.status} ${JSON.stringify(res.body)}`;
  } catch (e) {
    line = `FAIL example.vercel-edge (${Date.now() - t0} ms): ${e?.stack ?? e}`;
  }
  if (line.startsWith('PASS')) passed++;
  else failed++;
  lines.splice(lines.length - 1, 0, line);
  lines[lines.length - 1] = `${passed} passed, ${failed} failed`;
}
console.log(lines.join('\n'));
process.exit(failed ? 1 : 0);
