// Runs the conformance suite on the BUILT package in 9 runtimes and prints `N passed, M failed`
// (one count per runtime). `npm run test:runtimes` calls it.
//
//   node conformance/run-all.mjs [--only node20,node20.18,deno,...] [--allow-missing] [--no-build]
//
// 1. Builds dist/ when it is missing or older than src/ (conformance/build.mjs = npm run build).
// 2. Bundles the drivers that cannot load a multi-file dist (workerd, edge-runtime, Chromium) with esbuild.
// 3. Starts conformance/server.mjs on 127.0.0.1 (port 0).
// 4. Runs each runtime with a time limit; a runtime passes when it exits 0, reports no failure and
//    ran every expected check. Extra runtimes come from .ci/runtimes (own lockfile), Chromium from apt.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkNames } from './conformance.mjs';
import { startServer } from './server.mjs';
import { selfRefPlugin } from '../scripts/esbuild-self-ref.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RT = path.resolve(process.env.RUNTIMES_DIR ?? path.join(root, '.ci/runtimes'));
const NM = path.join(RT, 'node_modules');
// generated bundles, configs and the runtimes' homes: in this checkout's own .tmp, not in node_modules, which a git
// worktree links to the main checkout's (two checkouts running the matrix at once overwrote each other's bundles there)
const GEN = path.join(root, '.tmp/conformance');
const TIMEOUT_MS = Number(process.env.RUNTIME_TIMEOUT_MS ?? 120_000);
const WEB_ENTRIES = { core: 'index', oip: 'oip', replicate: 'replicate', openai: 'openai' };

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

// ---- 1. build
const distIndex = path.join(root, 'dist/index.js');
const srcNewest = Math.max(newestMtime(path.join(root, 'src')), statSync(path.join(root, 'tsup.config.ts')).mtimeMs);
if (!flag('--no-build') && (!existsSync(distIndex) || statSync(distIndex).mtimeMs < srcNewest)) {
  console.log('dist/ is missing or older than src/: building');
  const b = spawnSync(process.execPath, [path.join(here, 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}
const entries = Object.keys(WEB_ENTRIES).filter((k) => existsSync(path.join(root, `dist/${WEB_ENTRIES[k]}.js`)));
// undici too: without it the undici checks and the examples would drop out of the expected list
const missing = [...Object.keys(WEB_ENTRIES).filter((k) => !entries.includes(k)), ...['onnx', 'undici'].filter((k) => !existsSync(path.join(root, `dist/${k}.js`)))];
const hasOnnx = !missing.includes('onnx');
if (missing.length) {
  console.log(`${flag('--allow-missing') ? 'WARNING' : 'FAIL'}: dist/ lacks entry points: ${missing.join(', ')}`);
  if (!flag('--allow-missing')) process.exit(1);
}

// ---- 2. bundles
// The examples (examples/*) run inside the matching runtime: node-basic in node20 and node20.18, the Cloudflare
// Worker in workerd, the Vercel Edge Function in edge-runtime, the browser page in Chromium.
const withExamples = ['oip', 'replicate', 'openai'].every((e) => entries.includes(e)) && existsSync(path.join(root, 'dist/undici.js'));
rmSync(GEN, { recursive: true, force: true });
mkdirSync(GEN, { recursive: true });
const esbuild = await import('esbuild');
const sdkModule = [
  ...entries.map((k) => `import * as ${k} from ${JSON.stringify(path.join(root, `dist/${WEB_ENTRIES[k]}.js`))};`),
  `export const sdk = { ${entries.join(', ')} };`,
].join('\n');
const virtualSdk = {
  name: 'modelwire-conformance-sdk',
  setup(build) {
    build.onResolve({ filter: /^modelwire-conformance-sdk$/ }, () => ({ path: 'sdk', namespace: 'conformance-sdk' }));
    build.onLoad({ filter: /.*/, namespace: 'conformance-sdk' }, () => ({ contents: sdkModule, resolveDir: root, loader: 'js' }));
  },
};
const selfRef = selfRefPlugin(root);
async function bundle(entry, outfile, extra) {
  const result = await esbuild.build({
    entryPoints: [path.resolve(here, entry)],
    outfile: path.join(GEN, outfile),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    // tsup's code splitting leaves ordering-only `import './chunk-x.js'` lines; with sideEffects:false they are dropped, which is fine.
    logOverride: { 'ignored-bare-import': 'silent' },
    metafile: true,
    plugins: [virtualSdk, selfRef],
    ...extra,
  });
  const nodeImports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.path.startsWith('node:')).map((i) => i.path));
  if (nodeImports.length) throw new Error(`${outfile} imports ${nodeImports.join(', ')}: not web-standard`);
}
await Promise.all([
  bundle('worker.mjs', 'worker.js', { format: 'esm', conditions: ['workerd', 'worker', 'browser'] }),
  bundle('edge-entry.mjs', 'edge.js', { format: 'iife', conditions: ['edge-light', 'worker', 'browser'] }),
  bundle('browser-entry.mjs', 'browser.mjs', { format: 'esm' }),
  esbuild.build({ entryPoints: [path.join(root, 'scripts/model-weights.ts')], outfile: path.join(GEN, 'model-weights.mjs'), format: 'esm', logLevel: 'warning' }),
  ...(withExamples
    ? [
        bundle('../examples/cloudflare-worker/worker.mjs', 'example-worker.js', { format: 'esm', conditions: ['workerd', 'worker', 'browser'] }),
        bundle('../examples/vercel-edge/api/chat.mjs', 'example-edge.js', { format: 'iife', globalName: '__example', conditions: ['edge-light', 'worker', 'browser'] }),
        bundle('../examples/browser/app.mjs', 'example/app.js', { format: 'esm' }),
      ]
    : []),
]);
if (withExamples) copyFileSync(path.join(root, 'examples/browser/index.html'), path.join(GEN, 'example/index.html'));
writeFileSync(
  path.join(GEN, 'workerd.capnp'),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),${withExamples ? '\n    (name = "example", worker = .exampleWorker),' : ''}
    # workerd's default "internet" service allows only public addresses; the suite talks to 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private"], deny = [])),
  ],
);
# Before compatibility date 2026-03-03, workerd reports a rejection as unhandled when its handler comes later in the
# same microtask checkpoint: cancelling a fetch body (or aborting its fetch) while a read is pending then logs one from
# workerd's own promises, with or without modelwire (docs/runtimes.md, workerd). The flag gives the standard semantics,
# so core.early_break sees only rejections that really are unhandled.
const mainWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["unhandled_rejection_after_microtask_checkpoint"],
  bindings = [
    (name = "BASE", fromEnvironment = "BASE"),
    # a loopback port nothing listens on (workerd.fetch_handler's refused primary)
    (name = "DEAD", fromEnvironment = "DEAD"),
    # the worker's own fetch() handler, called by its test() handler as a client would (workerd.fetch_handler)
    (name = "SELF", service = "main")${withExamples ? ',\n    (name = "EXAMPLE", service = "example")' : ''}
  ],
);
${
  withExamples
    ? `# examples/cloudflare-worker/worker.mjs, configured as it would be with wrangler (vars + a secret).
const exampleWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "example-worker.js") ],
  compatibilityDate = "2025-01-01",
  bindings = [
    (name = "OPENAI_BASE_URL", fromEnvironment = "EXAMPLE_OPENAI_BASE_URL"),
    (name = "OPENAI_API_KEY", text = "sk-example-secret"),
    (name = "MODEL", text = "local"),
  ],
);
`
    : ''
}`,
);

// ---- 3. server
const server = await startServer({ roots: [here, GEN] });
const base = server.url;
// a loopback port that refuses connections: one was listened on and closed
const dead = await new Promise((resolve, reject) => {
  const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(`http://127.0.0.1:${port}`));
  });
});

// ---- 4. runtimes
const bunBin = () => {
  const shim = path.join(NM, 'bun/bin/bun.exe');
  return spawnSync(shim, ['--version']).status === 0 ? shim : path.join(NM, '@oven/bun-linux-x64/bin/bun');
};
const cli = path.join(here, 'cli.mjs');
// a node_modules linked from elsewhere (a git worktree's, linked to the main checkout's) is read, and
// its addon loaded, at its real path, which Deno's permissions must name too
const modules = [...new Set([path.join(root, 'node_modules'), realpathSync(path.join(root, 'node_modules'))])];
const hasUndici = existsSync(path.join(root, 'dist/undici.js'));
const runtimes = [
  { name: 'node20', cmd: [process.execPath, cli], onnx: 'node', undici: true },
  // the lowest Node that package.json's engines allow (>=20.18), where the machine's Node 20 is a later 20.x
  { name: 'node20.18', cmd: [path.join(NM, 'node20.18/bin/node'), cli], onnx: 'node', undici: true },
  { name: 'node22', cmd: [path.join(NM, 'node22/bin/node'), cli], onnx: 'node', undici: true },
  { name: 'node24', cmd: [path.join(NM, 'node24/bin/node'), cli], onnx: 'node', undici: true },
  {
    name: 'deno',
    cmd: [path.join(NM, '@deno/linux-x64-glibc/deno'), 'run', '--cached-only', '--allow-net=127.0.0.1', '--allow-env', `--allow-read=${[root, ...modules].join(',')}`, `--allow-ffi=${modules.map((dir) => path.join(dir, 'onnxruntime-node')).join(',')}`, cli],
    // onnxruntime-web, and the native onnxruntime-node through Deno's Node-API layer (FFI allowed for its addon only)
    onnx: 'web,node',
    // Deno runs the npm undici package (node:net through its Node layer): the undici checks run there too
    undici: true,
  },
  // Bun resolves `undici` to its own stand-in: modelwire/undici must refuse it with a typed error
  { name: 'bun', cmd: () => [bunBin(), cli], onnx: 'web,node', env: hasUndici ? { UNDICI_REFUSED: '1' } : {}, extra: hasUndici ? ['undici.refused_in_bun'] : [] },
  // and, through the worker's own fetch() handler, the calls of an edge handler with clients kept at module scope (workerd.fetch_handler)
  { name: 'workerd', cmd: [path.join(NM, 'workerd/bin/workerd'), 'test', path.join(GEN, 'workerd.capnp')], version: [path.join(NM, 'workerd/bin/workerd'), '--version'], extra: ['oip', 'openai'].every((e) => entries.includes(e)) ? ['workerd.fetch_handler'] : [] },
  { name: 'edge-runtime', cmd: [process.execPath, path.join(here, 'run-edge.mjs'), RT, path.join(GEN, 'edge.js'), ...(withExamples ? [path.join(GEN, 'example-edge.js')] : [])] },
  // and, from the page, calls to the server's listener of another origin that exposes no header (browser.cross_origin)
  { name: 'chromium', cmd: [process.execPath, path.join(here, 'run-chromium.mjs'), RT, ...(withExamples ? ['/example/index.html'] : [])], extra: ['browser.cross_origin'] },
];
const only = opt('--only')?.split(',');
const selected = runtimes.filter((r) => !only || only.includes(r.name));
// "node20" is this process's Node: the matrix's Node 20 only when run by Node 20 (as CI does)
if (selected.some((r) => r.name === 'node20') && !process.versions.node.startsWith('20.')) {
  console.log(`FAIL: the node20 row runs on this process's Node, which is ${process.version}: run run-all with Node 20, or leave node20 out with --only`);
  process.exit(1);
}
if (!existsSync(NM)) console.log(`WARNING: ${NM} is missing; run \`npm ci --prefix .ci/runtimes\``);

const expected = checkNames(entries);
const undiciNames = checkNames(['undici']).filter((n) => n.startsWith('undici.'));
const home = path.join(GEN, 'home');
mkdirSync(home, { recursive: true });
const childEnv = {
  ...process.env,
  BASE: base,
  DEAD: dead,
  XORIGIN: server.crossOriginUrl,
  EXAMPLE_OPENAI_BASE_URL: `${base}/v1`,
  ENTRIES: entries.join(','),
  GEN,
  DENO_DIR: path.join(home, 'deno'),
  DENO_NO_UPDATE_CHECK: '1',
  NO_COLOR: '1',
  BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_CACHE_HOME: path.join(home, 'cache'),
};

function run(r) {
  const [cmd, ...argv] = typeof r.cmd === 'function' ? r.cmd() : r.cmd;
  const env = { ...childEnv, ONNX: hasOnnx && r.onnx ? r.onnx : '', ...(r.undici && hasUndici ? { ENTRIES: `${childEnv.ENTRIES},undici` } : {}), ...r.env };
  return new Promise((resolve) => {
    const t0 = Date.now();
    if (!existsSync(cmd)) return resolve({ code: 127, out: `missing runtime binary ${cmd}`, ms: 0 });
    const child = spawn(cmd, argv, { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\nTIMEOUT after ${TIMEOUT_MS} ms`;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

const EXAMPLES = { node20: 'example.node-basic', 'node20.18': 'example.node-basic', workerd: 'example.cloudflare-worker', 'edge-runtime': 'example.vercel-edge', chromium: 'example.browser' };
// examples/node-basic.mjs, run as a user would (`modelwire/*` resolves through the package's exports map),
// by the row's own Node binary.
async function nodeExample(res, node) {
  const ex = await run({ cmd: [node, path.join(root, 'examples/node-basic.mjs')], env: { MODELWIRE_BASE_URL: base } });
  const ok = ex.code === 0 && ex.out.includes('infer: y = [10, 4]') && ex.out.includes('chat: h\u00e9llo w\u00f6rld \u2713');
  const line = `${ok ? 'PASS' : 'FAIL'} example.node-basic (${ex.ms} ms): ${ex.out.trim().split('\n').join(' | ')}`;
  const lines = res.out.trimEnd().split('\n');
  const m = /^(\d+) passed, (\d+) failed$/.exec(lines.at(-1) ?? '');
  if (m) lines[lines.length - 1] = `${Number(m[1]) + (ok ? 1 : 0)} passed, ${Number(m[2]) + (ok ? 0 : 1)} failed`;
  lines.splice(lines.length - (m ? 1 : 0), 0, line);
  return { ...res, code: ok ? res.code : 1, out: lines.join('\n'), ms: res.ms + ex.ms };
}

const summary = [];
for (const r of selected) {
  let res = await run(r);
  if (EXAMPLES[r.name] === 'example.node-basic' && withExamples) res = await nodeExample(res, r.cmd[0]);
  const lines = res.out.split('\n');
  const passedNames = new Set(lines.map((l) => /\bPASS ([\w.+-]+) \(\d+ ms\):/.exec(l)?.[1]).filter(Boolean));
  const failedLines = lines.filter((l) => /\bFAIL [\w.+-]+/.test(l));
  const want = [...expected, ...(r.undici && hasUndici ? undiciNames : []), ...(hasOnnx && r.onnx ? r.onnx.split(',').map((b) => `onnx.${b}`) : []), ...(withExamples && EXAMPLES[r.name] ? [EXAMPLES[r.name]] : []), ...(r.extra ?? [])];
  const absent = want.filter((n) => !passedNames.has(n));
  const ok = res.code === 0 && failedLines.length === 0 && absent.length === 0;
  let runtimeLine = lines.find((l) => /runtime: /.test(l))?.replace(/^.*runtime: /, '') ?? '?';
  if (r.name === 'workerd') runtimeLine = spawnSync(r.version[0], r.version.slice(1), { encoding: 'utf8' }).stdout?.trim() || runtimeLine;
  if (r.name === 'chromium' || r.name === 'edge-runtime') runtimeLine = lines.find((l) => l.startsWith('runtime-version: '))?.slice(17) ?? runtimeLine;
  console.log(`\n=== ${r.name} (${runtimeLine}) ${ok ? 'PASS' : 'FAIL'} in ${(res.ms / 1000).toFixed(1)} s`);
  const noise = /^\s*$|dbus|unexpected operator|Fontconfig/;
  console.log(lines.filter((l) => !noise.test(l)).map((l) => `  ${l}`).join('\n'));
  if (!ok && absent.length) console.log(`  missing checks: ${absent.join(', ')}`);
  summary.push({ name: r.name, ok, ms: res.ms, checks: passedNames.size, runtime: runtimeLine });
}
await server.close();

console.log('\nruntime        result  checks  time    version');
for (const s of summary) console.log(`${s.name.padEnd(14)} ${(s.ok ? 'PASS' : 'FAIL').padEnd(7)} ${String(s.checks).padEnd(7)} ${`${(s.ms / 1000).toFixed(1)}s`.padEnd(7)} ${s.runtime}`);
const passed = summary.filter((s) => s.ok).length;
console.log(`entries: ${entries.join(', ')}${hasOnnx ? ', onnx' : ''}; examples: ${withExamples ? [...new Set(Object.values(EXAMPLES))].join(', ') : 'skipped (entry points missing)'}`);
console.log(`${passed} passed, ${summary.length - passed} failed`);
process.exit(passed === summary.length ? 0 : 1);
