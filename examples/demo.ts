/**
 * modelwire demo: one typed inference call, answered remotely over the Open Inference Protocol and,
 * once the platform is gone, locally by ONNX Runtime through withFallback.
 *
 *   npm run demo                       # offline: starts a loopback OIP server with models/mlp.onnx
 *   MODELWIRE_OIP_URL=http://triton:8000 MODELWIRE_MODEL=mlp npm run demo
 *                                      # a real KServe / Triton / MLServer / OVMS instead (no server is
 *                                      # started or stopped; the local fallback uses MODELWIRE_MODEL_DIR)
 *
 * Env: MODELWIRE_OIP_URL, MODELWIRE_MODEL (default mlp), MODELWIRE_MODEL_DIR (default ./models),
 *      MODELWIRE_API_KEY (sent as a bearer token), MODELWIRE_BINARY=1 (binary tensor extension).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFallback, type FallbackTarget } from '../src/core/fallback.js';
import { isModelwireError } from '../src/core/errors.js';
import { createOipClient, type InferenceRequest, type InferenceResponse, type InputTensor, type ModelMetadata, type OipTarget } from '../src/oip/index.js';
import { createOnnxRuntime } from '../src/onnx/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const remoteUrl = process.env.MODELWIRE_OIP_URL;
const model = process.env.MODELWIRE_MODEL ?? 'mlp';
const modelDir = path.resolve(process.env.MODELWIRE_MODEL_DIR ?? path.join(root, 'models'));
const binary = process.env.MODELWIRE_BINARY === '1';

const t0 = performance.now();
const log = (msg: string): void => console.log(`[${((performance.now() - t0) / 1000).toFixed(2)}s] ${msg}`);

/** A deterministic request for any model, from its metadata (-1 dims become 2 for the batch, else 1). */
function requestFor(meta: ModelMetadata): InferenceRequest {
  const inputs = meta.inputs.map((t, k): InputTensor => {
    const shape = t.shape.map((d, i) => (d >= 0 ? d : i === 0 ? 2 : 1));
    const n = shape.reduce((a, b) => a * b, 1);
    const num = (i: number): number => Math.round(Math.sin(i * 1.7 + k) * 100) / 100;
    switch (t.datatype) {
      case 'FP32': return { name: t.name, datatype: 'FP32', shape, data: Float32Array.from({ length: n }, (_, i) => num(i)) };
      case 'FP64': return { name: t.name, datatype: 'FP64', shape, data: Float64Array.from({ length: n }, (_, i) => num(i)) };
      case 'INT64': return { name: t.name, datatype: 'INT64', shape, data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) };
      case 'INT32': return { name: t.name, datatype: 'INT32', shape, data: Int32Array.from({ length: n }, (_, i) => i) };
      case 'BOOL': return { name: t.name, datatype: 'BOOL', shape, data: Uint8Array.from({ length: n }, (_, i) => i % 2) };
      case 'BYTES': return { name: t.name, datatype: 'BYTES', shape, data: Array.from({ length: n }, (_, i) => `text ${i}`) };
      default: throw new Error(`demo: no sample input for datatype ${t.datatype} (input ${t.name})`);
    }
  });
  return { inputs };
}

function show(label: string, res: InferenceResponse & { source?: string; sourceName?: string }, ms: number): void {
  log(`${label}: answered by ${res.source ?? '?'} (${res.sourceName ?? '?'}) in ${ms.toFixed(1)} ms`);
  for (const out of res.outputs) {
    const rows = out.shape.length >= 2 ? out.shape[0]! : 1;
    const per = out.data.length / rows;
    for (let r = 0; r < rows; r++) {
      const row = Array.from((out.data as ArrayLike<number | bigint | string>)).slice(r * per, (r + 1) * per);
      const text = row.map((v) => (typeof v === 'number' ? v.toFixed(4) : String(v))).join(', ');
      console.log(`           ${out.name}[${r}] ${out.datatype} = [${text}]`);
    }
  }
}

function maxDiff(a: InferenceResponse, b: InferenceResponse): number {
  let d = 0;
  for (let i = 0; i < a.outputs.length; i++) {
    const x = a.outputs[i]!.data as ArrayLike<unknown>;
    const y = b.outputs[i]!.data as ArrayLike<unknown>;
    for (let j = 0; j < x.length; j++) {
      const u = x[j];
      const v = y[j];
      d = Math.max(d, typeof u === 'number' && typeof v === 'number' ? Math.abs(u - v) : u === v ? 0 : Infinity);
    }
  }
  return d;
}

async function main(): Promise<void> {
  let stopServer: (() => Promise<void>) | undefined;
  let baseURL = remoteUrl;
  if (!baseURL) {
    // Offline: the loopback OIP platform from the test suite, serving models/mlp.onnx via onnxruntime-node.
    const { startOipServer } = await import('../test/helpers/oip-server.js');
    const server = await startOipServer({ modelsDir: modelDir, loaded: [model] });
    baseURL = server.url;
    stopServer = () => server.close();
    log(`loopback OIP server on ${baseURL} serving ${model} (models/${model}.onnx)`);
  } else {
    log(`remote OIP server ${baseURL}, model ${model}`);
  }

  const remote = createOipClient({
    baseURL,
    apiKey: process.env.MODELWIRE_API_KEY,
    timeoutMs: 5_000,
    retry: { maxRetries: 1, initialDelayMs: 50 },
    binary,
  });
  const local = createOnnxRuntime({ modelRepository: modelDir });
  const target: FallbackTarget<OipTarget> = withFallback<OipTarget>(remote, local, {
    primaryName: remoteUrl ? 'oip' : 'oip-loopback',
    fallbackName: 'onnx-local',
    breaker: {
      failureThreshold: 1,
      cooldownMs: 30_000,
      onStateChange: (c) => log(`circuit ${c.from} -> ${c.to}`),
    },
    onFallback: (e) => log(`${e.method}: ${e.from} -> ${e.to} (${e.reason})${e.error ? ` ${(e.error as Error).name}: ${(e.error as Error).message}` : ''}`),
  });

  try {
    const meta = await target.get(model);
    log(`${meta.name} (${meta.platform}, from ${meta.source}): inputs ${meta.inputs.map((t) => `${t.name} ${t.datatype}[${t.shape}]`).join(', ')} -> outputs ${meta.outputs.map((t) => `${t.name} ${t.datatype}[${t.shape}]`).join(', ')}`);
    const request = requestFor(meta);

    let s = performance.now();
    const first = await target.infer(model, request);
    show('call 1 (platform up)', first, performance.now() - s);

    if (stopServer) {
      log('stopping the OIP server ...');
      await stopServer();
      stopServer = undefined;
      s = performance.now();
      const second = await target.infer(model, request);
      show('call 2 (platform gone)', second, performance.now() - s);
      s = performance.now();
      const third = await target.infer(model, request);
      show('call 3 (circuit open: no network I/O)', third, performance.now() - s);
      log(`max |remote - local| over all outputs: ${maxDiff(first, second).toExponential(2)}`);
      log(`sources: ${[first, second, third].map((r) => `${r.source}:${r.sourceName}`).join(' | ')}`);
    } else {
      // Remote mode: the platform stays up; show the same request answered locally for comparison.
      s = performance.now();
      const viaLocal = { ...(await local.infer(model, request)), source: 'local', sourceName: 'onnx-local (direct)' };
      show('same request, local runtime', viaLocal, performance.now() - s);
      log(`max |remote - local| over all outputs: ${maxDiff(first, viaLocal).toExponential(2)}`);
      log('stop the remote server and run again to see the fallback answer');
    }
  } finally {
    await stopServer?.();
    await local.dispose();
  }
}

main().then(
  () => log('done'),
  (err: unknown) => {
    console.error(isModelwireError(err) ? `demo failed: ${err.name} (${err.code}): ${err.message}` : err);
    process.exitCode = 1;
  },
);
