/**
 * Where `core.sse_vs_raw` goes, one side at a time: reads the bench server's 20,000-event stream
 * with the baseline or with modelwire only (`raw` or `modelwire`, 400 reads by default), so that a
 * CPU profile holds one of them; or (`ratio`) three medians of 41 interleaved rounds of the two, the
 * metric's own comparison, printed as `metric sse_profile.ratio_<n>`.
 *
 * Not part of `npm run bench`; after `npm run build`:
 *   TSX_TSCONFIG_PATH=bench/tsconfig.run.json node --import tsx bench/sse-profile.ts ratio
 *   TSX_TSCONFIG_PATH=bench/tsconfig.run.json node --cpu-prof --cpu-prof-dir=.tmp/prof-mw --import tsx bench/sse-profile.ts modelwire
 *   node bench/support/cpuprofile-top.mjs .tmp/prof-mw
 */
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { interleavedRatio, metric, startServerProcess } from './support/harness.js';
import { sseReads } from './support/sse-reads.js';

const [mode = 'ratio', count = '400'] = process.argv.slice(2);
const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const reads = sseReads(server.origin, () => new Agent({ keepAliveTimeout: 60_000 }));
try {
  if (mode === 'raw' || mode === 'modelwire') {
    const read = mode === 'raw' ? reads.raw : reads.forEach;
    for (let i = 0; i < Number(count); i++) await read();
  } else if (mode === 'ratio') {
    // warm-up, one read after the other as in core.bench.ts
    for (let i = 0; i < 3; i++) {
      await reads.raw();
      await reads.forEach();
    }
    for (let n = 1; n <= 3; n++) metric(`sse_profile.ratio_${n}`, (await interleavedRatio(reads.raw, reads.forEach, 41)).ratio);
  } else throw new Error(`mode: raw, modelwire or ratio, not ${mode}`);
} finally {
  await reads.close();
  server.stop();
}
