/**
 * Replicate benchmark: `predictions.get` calls/s through modelwire (undici transport, validated
 * response) ÷ the official `replicate` npm client 1.4.0, on the same loopback server (its own
 * process), in the same run, sequentially and with 32 in flight; rounds interleaved, medians of
 * per-round ratios. Raw undici (Agent.request + JSON.parse) is printed for context.
 *
 * Prints `metric replicate.get_vs_official_seq`, `metric replicate.get_vs_official_32`, and the
 * context lines `metric replicate.get_vs_undici_seq` / `_32`, `metric replicate.official_vs_undici_seq` / `_32`.
 * Then `metric replicate.input_check_vs_stringify`: how fast a create's input check (every value of
 * `input` walked, src/replicate/shared.ts checkInput) is against the `JSON.stringify` of the same
 * input that sends it, for an input of a million numbers and 20,000 small objects (> 1: the check
 * costs less than the serialization it guards).
 * Run: `npm run bench -- replicate` (env BENCH_ROUNDS, BENCH_SEQ_N, BENCH_CONC_N).
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import Replicate from 'replicate';
import { Agent } from 'undici';
import { createReplicateClient } from 'modelwire/replicate';
import { undiciTransport } from 'modelwire/undici';
// internal (not exported): the source, which tsx runs as tsup would build it
import { checkInput } from '../src/replicate/shared.js';
import { callsPerSecond, interleavedRatio, largeRequestValues, median, metric, startServerProcess, stringifyVsCheck } from './support/harness.js';

const PREDICTION = Buffer.from(
  JSON.stringify({
    id: 'abc',
    model: 'a/b',
    version: '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa',
    input: { prompt: 'hi' },
    logs: '',
    output: ['Hello', ' world'],
    data_removed: false,
    error: null,
    status: 'succeeded',
    source: 'api',
    created_at: '2025-01-01T00:00:00.000Z',
    started_at: '2025-01-01T00:00:00.100Z',
    completed_at: '2025-01-01T00:00:01.000Z',
    urls: { cancel: 'https://api.replicate.com/v1/predictions/abc/cancel', get: 'https://api.replicate.com/v1/predictions/abc' },
    metrics: { predict_time: 0.9, total_time: 1.0 },
  }),
);

if (process.argv.includes('--server')) {
  // Child process: the loopback "Replicate" serving GET /v1/predictions/abc.
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/predictions/abc') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': PREDICTION.length });
      res.end(PREDICTION);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not found"}');
  });
  server.keepAliveTimeout = 120_000;
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    console.log(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}`);
  });
  process.on('SIGTERM', () => process.exit(0));
} else {
  await main();
}

async function main(): Promise<void> {
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
  const SEQ_N = Number(process.env.BENCH_SEQ_N ?? 5000);
  const CONC_N = Number(process.env.BENCH_CONC_N ?? 10000);
  const server = await startServerProcess(fileURLToPath(import.meta.url), ['--server']);
  const origin = server.origin;
  try {
    const official = new Replicate({ auth: 'x', baseUrl: `${origin}/v1` });
    const viaOfficial = (): Promise<unknown> => official.predictions.get('abc');

    const replicate = createReplicateClient({ apiKey: 'x', baseURL: `${origin}/v1`, transport: undiciTransport() });
    const viaModelwire = (): Promise<unknown> => replicate.predictions.get('abc');

    const rawAgent = new Agent({ keepAliveTimeout: 4_000, connections: null, pipelining: 1 });
    const viaUndici = async (): Promise<unknown> => {
      const res = await rawAgent.request({ origin, path: '/v1/predictions/abc', method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer x' } });
      const data = JSON.parse(await res.body.text()) as { id?: string };
      if (res.statusCode !== 200 || data.id !== 'abc') throw new Error('bad response');
      return data;
    };

    // Sanity: all three read the same prediction.
    for (const f of [viaOfficial, viaModelwire, viaUndici]) {
      const p = (await f()) as { id: string; status: string };
      if (p.id !== 'abc' || p.status !== 'succeeded') throw new Error('bench fixture mismatch');
    }
    for (let i = 0; i < 1000; i++) {
      await viaOfficial();
      await viaModelwire();
      await viaUndici();
    }

    // The raw-undici context run sits inside the baseline half of each pair, before the official
    // client in even rounds and after it in odd ones: always after it, modelwire never ran right
    // after the official client (O R M | M O R | ...), while the official client followed modelwire
    // every other round and could pay its leftover GC; alternated, each follows the other in turn.
    const officialThenRaw = async (off: number[], raw: number[], n: number, concurrency: number): Promise<number> => {
      const rawFirst = off.length % 2 === 0;
      if (rawFirst) raw.push(await callsPerSecond(viaUndici, n, concurrency));
      const v = await callsPerSecond(viaOfficial, n, concurrency);
      off.push(v);
      if (!rawFirst) raw.push(await callsPerSecond(viaUndici, n, concurrency));
      return v;
    };
    const seqMw: number[] = [];
    const seqOff: number[] = [];
    const seqRaw: number[] = [];
    const seq = await interleavedRatio(
      () => officialThenRaw(seqOff, seqRaw, SEQ_N, 1),
      async () => {
        const v = await callsPerSecond(viaModelwire, SEQ_N, 1);
        seqMw.push(v);
        return v;
      },
      ROUNDS,
    );
    const concMw: number[] = [];
    const concOff: number[] = [];
    const concRaw: number[] = [];
    const conc = await interleavedRatio(
      () => officialThenRaw(concOff, concRaw, CONC_N, 32),
      async () => {
        const v = await callsPerSecond(viaModelwire, CONC_N, 32);
        concMw.push(v);
        return v;
      },
      ROUNDS,
    );
    const ratios = (a: number[], b: number[]): number => median(a.map((x, i) => x / b[i]!));
    console.log(
      `# sequential (N=${SEQ_N}, ${ROUNDS} rounds): modelwire ${median(seqMw).toFixed(0)}/s, official ${median(seqOff).toFixed(0)}/s, raw undici ${median(seqRaw).toFixed(0)}/s`,
    );
    console.log(`# 32 in flight (N=${CONC_N}): modelwire ${median(concMw).toFixed(0)}/s, official ${median(concOff).toFixed(0)}/s, raw undici ${median(concRaw).toFixed(0)}/s`);
    metric('replicate.get_vs_official_seq', seq.ratio);
    metric('replicate.get_vs_official_32', conc.ratio);
    metric('replicate.get_vs_undici_seq', ratios(seqMw, seqRaw));
    metric('replicate.get_vs_undici_32', ratios(concMw, concRaw));
    metric('replicate.official_vs_undici_seq', ratios(seqOff, seqRaw));
    metric('replicate.official_vs_undici_32', ratios(concOff, concRaw));
    measureInputCheck();
    await rawAgent.close();
  } finally {
    server.stop();
  }
  process.exit(0);
}

/** `replicate.input_check_vs_stringify`: a create's input check against the JSON.stringify of one large input. */
function measureInputCheck(): void {
  const { replicateInput } = largeRequestValues();
  metric('replicate.input_check_vs_stringify', stringifyVsCheck(replicateInput, (v) => checkInput(v, 'bench.input')));
}
