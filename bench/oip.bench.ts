/**
 * OIP benchmarks. Prints:
 * - oip.binary_vs_json: speedup of a 1M-element FP32 infer round trip (client encode → HTTP → server
 *   decode → server encode → HTTP → client decode) with the binary tensor data extension over JSON,
 *   same server (the loopback OIP platform's `echo` model, in a child process), interleaved rounds, median.
 * - oip.json_encode_mb_s: JSON request encode throughput of the client codec (encodeInferRequestJson)
 *   for a 1M-element FP32 tensor, in MB of tensor data (4 MB) encoded per second, median of rounds.
 * - oip.json_encode_vs_join: speedup of that encode over a naive `'[' + typedArray.join(',') + ']'` request
 *   built in the same run (the codec also writes FP32 with 9 significant digits: ~40% less JSON).
 * - oip.bytes_encode_vs_naive: speedup of the binary encode of a BYTES tensor of 500k short strings
 *   (1 in 10 non-ASCII; encodeBinaryRequest writes every element into one buffer with encodeInto)
 *   over what a hand-written client does: a TextEncoder.encode per element, then one buffer with
 *   each element's 4-byte length before it. Same bytes checked once; interleaved rounds, median.
 */
import { fileURLToPath } from 'node:url';
import { createOipClient, encodeBinaryRequest, encodeInferRequestJson, type InferenceRequest } from 'modelwire/oip';
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

// Binary encode of a BYTES tensor against the per-element encode a hand-written client does.
{
  const strings = Array.from({ length: 500_000 }, (_, i) => (i % 10 ? `item-${i}` : `élément-${i}-ü`));
  const bytesRequest: InferenceRequest = { inputs: [{ name: 's', datatype: 'BYTES', shape: [strings.length], data: strings }] };
  const encoder = new TextEncoder();
  const naive = (): Uint8Array => {
    const parts = strings.map((v) => encoder.encode(v));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    const view = new DataView(out.buffer);
    let off = 0;
    for (const p of parts) {
      view.setUint32(off, p.length, true);
      out.set(p, off + 4);
      off += 4 + p.length;
    }
    return out;
  };
  {
    // correctness once, outside the timing: the body's tail is exactly the naive encoding
    const { body, headerLength } = encodeBinaryRequest(bytesRequest, false);
    const want = naive();
    const tail = body.subarray(headerLength);
    if (tail.length !== want.length || tail.some((b, i) => b !== want[i])) throw new Error('BYTES encode mismatch');
  }
  const time = (f: () => unknown): Promise<number> => {
    const t0 = performance.now();
    f();
    return Promise.resolve(performance.now() - t0);
  };
  const r = await interleavedRatio(() => time(naive), () => time(() => encodeBinaryRequest(bytesRequest, false)), ROUNDS * 2);
  console.log(`# BYTES binary encode of 500k short strings: modelwire ${r.subject.toFixed(1)} ms, per-element encode ${r.baseline.toFixed(1)} ms`);
  metric('oip.bytes_encode_vs_naive', 1 / r.ratio, 2);
}
