// The installed tarball bundled as an edge or browser app's bundler would, with esbuild's own resolver
// reading node_modules/modelwire/package.json's exports under each platform's conditions (scripts/size.mjs and
// conformance/run-all.mjs map `modelwire/*` to dist/ themselves): the three examples must take only the ESM
// build (dist/*.js) and no `node:` module.
// Usage: node bundle-edge.mjs <app dir with the tarball installed and the examples copied in> <repo root>
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [app, root] = process.argv.slice(2).map((p) => path.resolve(p));
const esbuild = await import(pathToFileURL(path.join(root, 'node_modules/esbuild/lib/main.js')).href);
const cases = [
  // wrangler's conditions and platform for a Worker; Next.js's for an Edge Function; a browser app's
  { entry: 'cloudflare-worker/worker.mjs', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'] },
  { entry: 'vercel-edge/api/chat.mjs', platform: 'browser', conditions: ['edge-light', 'worker', 'browser'] },
  { entry: 'browser/app.mjs', platform: 'browser', conditions: [] },
];
let failed = 0;
for (const c of cases) {
  const r = await esbuild.build({
    entryPoints: [path.join(app, 'examples', c.entry)],
    absWorkingDir: app,
    bundle: true,
    write: false,
    format: 'esm',
    platform: c.platform,
    mainFields: c.platform === 'neutral' ? ['module', 'main'] : undefined,
    conditions: c.conditions,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(r.metafile.inputs);
  const ours = inputs.filter((i) => i.includes('node_modules/modelwire/'));
  const wrong = ours.filter((i) => !/node_modules\/modelwire\/dist\/[\w./-]+(?<!\.c)js$/.test(i));
  const nodeImports = Object.values(r.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.path.startsWith('node:')).map((i) => i.path));
  const ok = ours.length > 0 && wrong.length === 0 && nodeImports.length === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'NOT OK'} ${c.entry} [${c.conditions.join(', ') || 'default conditions'}]: ${ours.length} modules of dist/*.js${wrong.length ? `, also ${wrong.join(', ')}` : ''}${nodeImports.length ? `, node: imports ${nodeImports.join(', ')}` : ''}${ours.length ? '' : ', none from node_modules/modelwire'}`);
}
process.exit(failed ? 1 : 0);
