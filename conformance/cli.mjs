// Driver for runtimes that run ES modules from disk: Node 20/22/24, Deno, Bun.
// Imports the built dist/ modules directly (bare imports such as `zod/mini` resolve from the repo's
// node_modules, as in a user's project), runs the conformance checks and, when asked, the ONNX checks.
// Env: BASE (server URL), ENTRIES (comma list: core,undici,oip,replicate,openai), ONNX (comma list of node, web; or empty),
//      GEN (folder with the generated model-weights.mjs), UNDICI_REFUSED (set in Bun: modelwire/undici
//      must refuse the runtime's `undici` stand-in with a typed error).
import { addResults, format, runConformance } from './conformance.mjs';

const env = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process.env[name]) ?? '';
const exit = (code) => (globalThis.Deno ? globalThis.Deno.exit(code) : globalThis.process.exit(code));

const FILES = { core: 'index.js', undici: 'undici.js', oip: 'oip.js', replicate: 'replicate.js', openai: 'openai.js' };
const sdk = {};
for (const name of env('ENTRIES').split(',').filter(Boolean)) sdk[name] = await import(new URL(`../dist/${FILES[name]}`, import.meta.url).href);

const report = await runConformance(env('BASE'), sdk);
for (const backend of env('ONNX').split(',').filter(Boolean)) {
  const { onnxChecks } = await import('./onnx-check.mjs');
  addResults(report, await onnxChecks(backend, env('GEN')));
}
if (env('UNDICI_REFUSED')) {
  const { undiciRefusedCheck } = await import('./conformance.mjs');
  addResults(report, [await undiciRefusedCheck(sdk.core, await import(new URL('../dist/undici.js', import.meta.url).href))]);
}
console.log(format(report));
exit(report.failed ? 1 : 0);
