/**
 * Compares two builds of the package in one process: the same validated GET as
 * `core.undici_vs_raw`, one client from each `dist/`, interleaved on the same loopback server. It
 * answers "did this change make the SDK slower?" without the machine's drift between two runs of
 * the core bench (a ratio against raw undici moves with the machine's state).
 *
 * Usage, after `npm run build`:
 *   git worktree add /tmp/old <rev> && ln -s "$PWD/node_modules" /tmp/old/node_modules && (cd /tmp/old && npx tsup)
 *   node --expose-gc --import tsx bench/compare-builds.ts /tmp/old/dist [--fetch]
 * Prints `metric compare.undici_new_vs_old_32` and `_seq` (this checkout's dist ÷ the other); with
 * `--fetch`, the same through `fetchTransport` (`compare.fetch_new_vs_old_*`); with `--sse`, events/s
 * of the `core.sse_vs_raw` stream (20,000 validated events read with forEach) instead
 * (`compare.sse_new_vs_old`; `--sse-for-await` reads it with `for await`: `compare.sse_for_await_new_vs_old`); with `--checks`, the request-value checks of the input-check metrics
 * (`compare.replicate_input_check_new_vs_old`, `compare.openai_token_check_new_vs_old`: the other
 * build's check time ÷ this one's, each timed against the same JSON.stringify; `# ` lines give
 * each build's stringify ÷ check).
 */
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import * as z from 'zod/mini';
import { callsPerSecond, eventsPerSecond, interleavedRatio, largeRequestValues, metric, startServerProcess, stringifyVsCheck } from './support/harness.js';

const other = process.argv[2];
const viaFetch = process.argv.includes('--fetch');
const sseForAwait = process.argv.includes('--sse-for-await');
const sse = sseForAwait || process.argv.includes('--sse');
if (!other) {
  console.error('usage: node --expose-gc --import tsx bench/compare-builds.ts <other-dist-dir> [--fetch | --sse | --sse-for-await | --checks]');
  process.exit(2);
}
const here = fileURLToPath(new URL('../dist', import.meta.url));

if (process.argv.includes('--checks')) {
  // internal modules of each build (not exported), the same in both
  type Check = (value: unknown) => void;
  const checksOf = async (dist: string): Promise<{ replicate: Check; openai: Check }> => {
    const { checkInput } = (await import(`${dist}/replicate/shared.js`)) as typeof import('../src/replicate/shared.js');
    const { checkTokenInputs } = (await import(`${dist}/openai/internal.js`)) as typeof import('../src/openai/internal.js');
    return { replicate: (v) => checkInput(v, 'bench.input'), openai: (v) => (v as unknown[][]).forEach((list) => checkTokenInputs(list, 'input', 'bench.input')) };
  };
  const [older, newer] = [await checksOf(other), await checksOf(here)];
  const { replicateInput, tokenLists } = largeRequestValues();
  for (const [name, value, kind] of [['replicate_input_check', replicateInput, 'replicate'], ['openai_token_check', tokenLists, 'openai']] as const) {
    const old = stringifyVsCheck(value, older[kind]);
    const now = stringifyVsCheck(value, newer[kind]);
    console.log(`# ${name}: stringify ÷ check, this build ${now.toFixed(2)}, other ${old.toFixed(2)}`);
    metric(`compare.${name}_new_vs_old`, now / old, 2);
  }
  process.exit(0);
}

const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));

/** The build in `dist`: its core module and a client on its own Agent (or Node's fetch with `--fetch`). */
async function clientOf(dist: string): Promise<{ core: typeof import('modelwire'); client: import('modelwire').Client }> {
  const core = (await import(`${dist}/index.js`)) as typeof import('modelwire');
  const { undiciTransport } = (await import(`${dist}/undici.js`)) as typeof import('modelwire/undici');
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: null, pipelining: 1, connect: { timeout: 10_000 } });
  return { core, client: core.createClient({ baseURL: server.origin, transport: viaFetch ? core.fetchTransport() : undiciTransport({ dispatcher }) }) };
}

/** A validated GET through the build in `dist`. */
async function callThrough(dist: string): Promise<() => Promise<unknown>> {
  const { core, client } = await clientOf(dist);
  const Small = core.compiled(z.object({ id: z.string(), name: z.string(), ready: z.boolean(), versions: z.array(z.string()), platform: z.string() }));
  const spec = { method: 'GET', path: '/small', schema: Small, operation: 'bench.small' } as const;
  return () => core.request(client, spec);
}

/** Events/s of one 20,000-event validated stream through the build in `dist`, read with forEach (or `for await`). */
async function streamThrough(dist: string, forAwait: boolean): Promise<() => Promise<number>> {
  const { core, client } = await clientOf(dist);
  const Event = core.compiled(z.object({ i: z.number(), text: z.string() }));
  const spec = { method: 'GET', path: '/sse?n=20000', schema: Event, operation: 'bench.sse' } as const;
  return () =>
    eventsPerSecond(20_000, `sse ${dist}`, async () => {
      let count = 0;
      const stream = await core.requestStream(client, spec);
      if (forAwait) {
        for await (const e of stream) if (e.i >= 0) count++;
      } else {
        await stream.forEach((e) => {
          if (e.i >= 0) count++;
        });
      }
      return count;
    });
}

if (sse) {
  const older = await streamThrough(other, sseForAwait);
  const newer = await streamThrough(here, sseForAwait);
  for (let i = 0; i < 5; i++) {
    await older();
    await newer();
  }
  const r = await interleavedRatio(older, newer, 61);
  console.log(`# this build ${r.subject.toFixed(0)} vs other ${r.baseline.toFixed(0)} events/s`);
  metric(sseForAwait ? 'compare.sse_for_await_new_vs_old' : 'compare.sse_new_vs_old', r.ratio);
  server.stop();
  process.exit(0);
}

const older = await callThrough(other);
const newer = await callThrough(here);
for (let i = 0; i < 500; i++) {
  await older();
  await newer();
}
const conc = await interleavedRatio(() => callsPerSecond(older, 8000, 32), () => callsPerSecond(newer, 8000, 32), 11);
const seq = await interleavedRatio(() => callsPerSecond(older, 4000, 1), () => callsPerSecond(newer, 4000, 1), 5);
console.log(`# this build ${conc.subject.toFixed(0)} vs other ${conc.baseline.toFixed(0)} calls/s at 32 in flight; sequential ratio ${seq.ratio.toFixed(3)}`);
const name = viaFetch ? 'fetch' : 'undici';
metric(`compare.${name}_new_vs_old_32`, conc.ratio);
metric(`compare.${name}_new_vs_old_seq`, seq.ratio);
server.stop();
process.exit(0);
