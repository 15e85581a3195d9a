/**
 * OIP benchmarks. Prints:
 * - oip.binary_vs_json: speedup of a 1M-element FP32 infer round trip (client encode → HTTP → server
 *   decode → server encode → HTTP → client decode) with the binary tensor data extension over JSON,
 *   same server (the loopback OIP platform's `echo` model, in a child process), interleaved rounds, median.
 * - oip.json_encode_mb_s: JSON request encode throughput of the client codec (encodeInferRequestJson)
 *   for a 1M-element FP32 tensor, in MB of tensor data (4 MB) encoded per second, median of rounds.
 * - oip.json_encode_vs_join: speedup of that encode over a naive `'[' + typedArray.join(',') + ']'` request
 *   built in the same run (the codec also writes FP32 with 9 significant digits: ~40% less JSON).
 */
import { fileURLToPath } from 'node:url';
import { createOipClient, encodeInferRequestJson, type InferenceRequest } from 'modelwire/oip';
import { undiciTransport } from 'modelwire/undici';
import { interleavedRatio, median, metric, startServerProcess } from './support/harness.js';

const N = Number(process.env.BENCH_OIP_N ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const data = new Float32Array(N);
for (let i = 0; i < N; i++) data[i] = Math.sin(i) * 1000;
const request: InferenceRequest = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, N], data }] };

const server = await startServerProcess(fileURLToPath(new URL('./support/oip-server.ts', import.meta.url)));
try {
  const oip = createOipClient({ baseURL: server.origin, transport: undiciTransport(), timeoutMs: 120_000, retry: false });
  const check = (res: Awaited<ReturnType<typeof oip.infer>>): void => {
    const out = res.outputs[0]?.data as Float32Array;
    if (!(out instanceof Float32Array) || out.length !== N || out[N - 1] !== data[N - 1]) throw new Error('echo mismatch');
  };
  const timed = async (binary: boolean, reps: number): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) check(await oip.infer('echo', request, { binary }));
    return (performance.now() - t0) / reps;
  };
  await timed(false, 1);
  await timed(true, 2);
  // ratio = JSON time ÷ binary time (subject ÷ baseline with the "baseline" being the binary run).
  const r = await interleavedRatio(() => timed(true, 3), () => timed(false, 1), ROUNDS);
  console.log(`# 1M FP32 echo round trip: binary ${r.baseline.toFixed(1)} ms, JSON ${r.subject.toFixed(1)} ms`);
  metric('oip.binary_vs_json', r.ratio, 2);
} finally {
  server.stop();
}

// JSON encode throughput of the client codec.
const MB = (N * 4) / 1e6;
const encodeTimes: number[] = [];
const joinTimes: number[] = [];
{
  // correctness once, outside the timing: the encoded JSON reads back to the same float32 values
  const back = Float32Array.from((JSON.parse(encodeInferRequestJson(request)) as { inputs: { data: number[] }[] }).inputs[0]!.data);
  for (let i = 0; i < N; i++) if (back[i] !== data[i]) throw new Error(`encode mismatch at ${i}`);
}
for (let r = 0; r < ROUNDS * 2; r++) {
  let t0 = performance.now();
  const a = encodeInferRequestJson(request);
  encodeTimes.push(performance.now() - t0);
  t0 = performance.now();
  const b = `{"inputs":[{"name":"x","datatype":"FP32","shape":[1,${N}],"data":[${data.join(',')}]}]}`;
  joinTimes.push(performance.now() - t0);
  if (a.length === 0 || b.length === 0) throw new Error('empty encode');
}
const enc = median(encodeTimes);
const jsonMB = encodeInferRequestJson(request).length / 1e6;
console.log(
  `# JSON encode of 1M FP32: ${enc.toFixed(1)} ms (naive join ${median(joinTimes).toFixed(1)} ms); ` +
    `${jsonMB.toFixed(1)} MB of JSON text = ${(jsonMB / (enc / 1000)).toFixed(1)} MB/s of output`,
);
metric('oip.json_encode_mb_s', MB / (enc / 1000), 1);
metric('oip.json_encode_vs_join', median(joinTimes) / enc, 2);
