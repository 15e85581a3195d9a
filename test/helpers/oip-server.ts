/**
 * A loopback Open Inference Protocol platform on node:http (127.0.0.1, port 0) that serves the committed
 * ONNX models through onnxruntime-node directly. Implements: REST v2 health / server metadata / model
 * metadata / ready / infer (JSON and Triton's binary tensor data extension, both directions), the model
 * repository extension (index / load with config override / unload), model config and statistics, and
 * generate + generate_stream with a toy generator. Errors are `{"error": "..."}` with proper statuses.
 * Built on the fault-injecting test server, so `server.faults` works as in every other suite.
 *
 * Its codec is written independently of src/oip (Buffer-based), so a symmetric client bug cannot hide.
 *
 * @example
 * ```ts
 * const oip = await startOipServer();
 * const client = createOipClient({ baseURL: oip.url });
 * await client.infer('mlp', { inputs: [x] });
 * await oip.close();
 * ```
 * @module
 */
import type { ServerResponse } from 'node:http';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { startTestServer, json, type RecordedRequest, type TestServer, type TestServerOptions } from './test-server.js';

/** Directory of the committed test models. */
export const MODELS_DIR: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');

/** Model served without ONNX: echoes every input back as `<name>` output (any datatype, any shape). */
export const ECHO_MODEL = 'echo';
/** Toy text generator for the generate extension. */
export const TOY_LLM = 'toy-llm';

// BF16 as Triton carries it (bfloat16 bits); the ONNX models served here have no BF16 tensor
type DT = 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FP16' | 'FP32' | 'FP64' | 'BF16' | 'BYTES';

const ORT_OF: Record<Exclude<DT, 'BF16'>, ort.Tensor.Type> = {
  BOOL: 'bool', UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', INT8: 'int8', INT16: 'int16', INT32: 'int32',
  INT64: 'int64', FP16: 'float16', FP32: 'float32', FP64: 'float64', BYTES: 'string',
};
const DT_OF: Record<string, DT> = Object.fromEntries(Object.entries(ORT_OF).map(([k, v]) => [v, k as DT]));

type Ctor = { new (n: number): ArrayBufferView & ArrayLike<number | bigint>; BYTES_PER_ELEMENT: number };
const CTOR: Record<Exclude<DT, 'BYTES'>, Ctor> = {
  BOOL: Uint8Array, UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, UINT64: BigUint64Array as unknown as Ctor, INT8: Int8Array,
  INT16: Int16Array, INT32: Int32Array, INT64: BigInt64Array as unknown as Ctor, FP16: Uint16Array, FP32: Float32Array, FP64: Float64Array,
  BF16: Uint16Array,
};

/** A server-side tensor. */
interface Tensor {
  name: string;
  datatype: DT;
  shape: number[];
  data: ArrayBufferView | string[];
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

// ---- server-side codec (independent of src/oip) ---------------------------------------------

function half2float(h: number): number {
  const s = h >> 15 ? -1 : 1;
  const e = (h >> 10) & 31;
  const f = h & 1023;
  if (e === 0) return s * Math.pow(2, -14) * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * Math.pow(2, e - 15) * (1 + f / 1024);
}
function float2half(v: number): number {
  // Through a Float32 round trip, then by DataView bit surgery (round to nearest).
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, v);
  const x = buf.getUint32(0);
  const sign = (x >>> 31) << 15;
  const exp = ((x >>> 23) & 255) - 127 + 15;
  const mant = x & 0x7fffff;
  if (((x >>> 23) & 255) === 255) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) / Math.pow(2, 14 - exp);
    const t = Math.floor(m);
    const frac = m - t;
    return sign | (frac > 0.5 || (frac === 0.5 && t % 2 === 1) ? t + 1 : t);
  }
  let h = (exp << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** bfloat16 bits from a number: the float32's upper half, rounded to nearest even on the lower half. */
function float2bf16(v: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, v);
  const x = buf.getUint32(0);
  if (Number.isNaN(v)) return 0x7fc0;
  const low = x & 0xffff;
  return (x >>> 16) + (low > 0x8000 || (low === 0x8000 && (x >>> 16) & 1) ? 1 : 0);
}
function bf162float(b: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setUint32(0, b << 16);
  return buf.getFloat32(0);
}

function count(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fromJson(name: string, datatype: DT, shape: number[], data: unknown): Tensor {
  if (!Array.isArray(data)) throw new HttpError(400, `input '${name}': data must be an array`);
  const flat = (data as unknown[]).flat(Infinity);
  if (flat.length !== count(shape)) {
    throw new HttpError(400, `input '${name}': ${flat.length} elements do not match shape [${shape.join(',')}]`);
  }
  if (datatype === 'BYTES') return { name, datatype, shape, data: flat.map((v) => String(v)) };
  const out = new CTOR[datatype](flat.length) as unknown as (number | bigint)[];
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (datatype === 'INT64' || datatype === 'UINT64') out[i] = BigInt(v as string | number);
    else if (datatype === 'BOOL') {
      if (typeof v !== 'boolean') throw new HttpError(400, `input '${name}': BOOL data must be true/false`);
      out[i] = v ? 1 : 0;
    } else if (datatype === 'FP16') out[i] = float2half(v as number);
    else if (datatype === 'BF16') out[i] = float2bf16(v as number);
    else {
      if (typeof v !== 'number') throw new HttpError(400, `input '${name}': ${datatype} data must be numbers`);
      out[i] = v;
    }
  }
  return { name, datatype, shape, data: out as unknown as ArrayBufferView };
}

function fromBytes(name: string, datatype: DT, shape: number[], bytes: Buffer): Tensor {
  const n = count(shape);
  if (datatype === 'BYTES') {
    const items: string[] = [];
    let p = 0;
    while (p < bytes.length) {
      const len = bytes.readUInt32LE(p);
      items.push(bytes.subarray(p + 4, p + 4 + len).toString('utf8'));
      p += 4 + len;
    }
    if (items.length !== n) throw new HttpError(400, `input '${name}': ${items.length} BYTES elements do not match shape`);
    return { name, datatype, shape, data: items };
  }
  const C = CTOR[datatype];
  if (bytes.length !== n * C.BYTES_PER_ELEMENT) {
    throw new HttpError(400, `input '${name}': binary_data_size ${bytes.length} does not match shape [${shape.join(',')}] of ${datatype}`);
  }
  const copy = new C(n);
  new Uint8Array(copy.buffer).set(bytes);
  return { name, datatype, shape, data: copy };
}

function jsonData(t: Tensor): string {
  const d = t.data as unknown as ArrayLike<number | bigint> & { join(s: string): string };
  if (t.datatype === 'BYTES') return JSON.stringify(t.data);
  if (t.datatype === 'BOOL') return `[${Array.from(d as ArrayLike<number>, (v) => (v ? 'true' : 'false')).join(',')}]`;
  const text = (v: number | bigint): string => (Object.is(v, -0) ? '-0' : String(v));
  if (t.datatype === 'FP16') return `[${Array.from(d as ArrayLike<number>, (h) => text(half2float(h))).join(',')}]`;
  if (t.datatype === 'BF16') return `[${Array.from(d as ArrayLike<number>, (b) => text(bf162float(b))).join(',')}]`;
  if ((t.datatype === 'FP32' || t.datatype === 'FP64') && Array.prototype.some.call(d, (v: number) => Object.is(v, -0))) {
    return `[${Array.from(d, text).join(',')}]`;
  }
  return `[${d.join(',')}]`;
}

function toBytes(t: Tensor): Buffer {
  if (t.datatype === 'BYTES') {
    const parts: Buffer[] = [];
    for (const s of t.data as string[]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32LE(b.length);
      parts.push(len, b);
    }
    return Buffer.concat(parts);
  }
  const v = t.data as ArrayBufferView;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

interface ParsedInfer {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: Tensor[];
  outputs?: { name: string; parameters?: Record<string, unknown> }[];
}

/** Quotes integer literals of 16+ digits so JSON.parse keeps them exact (for INT64/UINT64 data). */
function parseExactJson(text: string): unknown {
  return JSON.parse(text.replace(/([[,:]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

/** Decodes an inference request body (JSON or binary extension). Exported for the conformance wrapper. */
export function decodeInferRequest(body: Buffer, headerLength: string | undefined): ParsedInfer {
  const n = headerLength === undefined ? body.length : Number(headerLength);
  if (!Number.isInteger(n) || n < 0 || n > body.length) throw new HttpError(400, `bad inference-header-content-length ${headerLength}`);
  let head: { id?: string; parameters?: Record<string, unknown>; inputs?: unknown; outputs?: ParsedInfer['outputs'] };
  try {
    head = parseExactJson(body.subarray(0, n).toString('utf8')) as typeof head;
  } catch {
    throw new HttpError(400, 'failed to parse the request JSON');
  }
  if (!head || !Array.isArray(head.inputs)) throw new HttpError(400, "request must have an 'inputs' array");
  let off = n;
  const inputs = (head.inputs as { name: string; datatype: DT; shape: number[]; data?: unknown; parameters?: Record<string, unknown> }[]).map((i) => {
    if (typeof i.name !== 'string' || !(i.datatype in CTOR || i.datatype === 'BYTES') || !Array.isArray(i.shape)) {
      throw new HttpError(400, `malformed input ${JSON.stringify(i.name)}`);
    }
    const size = i.parameters?.binary_data_size;
    if (size !== undefined) {
      if (typeof size !== 'number' || off + size > body.length) throw new HttpError(400, `input '${i.name}': binary_data_size overruns the body`);
      const t = fromBytes(i.name, i.datatype, i.shape, body.subarray(off, off + size));
      off += size;
      return t;
    }
    return fromJson(i.name, i.datatype, i.shape, i.data);
  });
  if (off !== body.length) throw new HttpError(400, `${body.length - off} unclaimed bytes after the binary inputs`);
  return { id: head.id, parameters: head.parameters, inputs, outputs: head.outputs };
}

function writeInferResponse(res: ServerResponse, modelName: string, req: ParsedInfer, outputs: Tensor[]): void {
  const all = req.parameters?.binary_data_output === true;
  const wantBinary = (name: string): boolean => {
    const o = req.outputs?.find((x) => x.name === name);
    const b = o?.parameters?.binary_data;
    return typeof b === 'boolean' ? b : all;
  };
  const tails: Buffer[] = [];
  const parts = outputs.map((t) => {
    const head = `{"name":${JSON.stringify(t.name)},"datatype":"${t.datatype}","shape":[${t.shape.join(',')}]`;
    if (wantBinary(t.name)) {
      const b = toBytes(t);
      tails.push(b);
      return `${head},"parameters":{"binary_data_size":${b.length}}}`;
    }
    return `${head},"data":${jsonData(t)}}`;
  });
  const idPart = req.id !== undefined ? `,"id":${JSON.stringify(req.id)}` : '';
  const header = Buffer.from(`{"model_name":${JSON.stringify(modelName)},"model_version":"1"${idPart},"outputs":[${parts.join(',')}]}`, 'utf8');
  if (tails.length === 0) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': header.length });
    res.end(header);
    return;
  }
  const body = Buffer.concat([header, ...tails]);
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'inference-header-content-length': String(header.length),
    'content-length': body.length,
  });
  res.end(body);
}

// ---- models ---------------------------------------------------------------------------------

interface Stat {
  count: number;
  ns: number;
}

interface ModelEntry {
  name: string;
  file?: string;
  session?: ort.InferenceSession;
  state: 'READY' | 'UNAVAILABLE' | 'LOADING';
  reason: string;
  configOverride?: Record<string, unknown>;
  stats: { success: Stat; fail: Stat; last: number; inferenceCount: number; executionCount: number };
}

/** Options of {@link startOipServer}. */
export interface OipServerOptions {
  /** Directory of `<name>.onnx` files (default: the committed models/). */
  modelsDir?: string;
  /** Models loaded at start (default: every model). Others are in the index as UNAVAILABLE until loaded. */
  loaded?: string[];
  /** Time a load takes before the model turns READY (default 0), to exercise waitUntilReady. */
  loadDelayMs?: number;
  /** Passed to the underlying test server (e.g. `onRequest` for conformance). */
  testServer?: TestServerOptions;
  /** Delay between generate_stream events (default 2 ms). */
  streamDelayMs?: number;
  /** Other names a served model answers to (alias → model), for code written against names of its own (the docs' `llm`). */
  aliases?: Record<string, string>;
}

/** A running OIP test platform. */
export interface OipServer {
  readonly url: string;
  /** The underlying recording / fault-injecting server. */
  readonly http: TestServer;
  /** Current state of a model, or undefined when unknown. */
  state(model: string): string | undefined;
  /** Stops the server and releases every session. */
  close(): Promise<void>;
}

function toyTokens(text: string, max: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; out.length < max && words.length > 0; i++) out.push(`${words[words.length - 1 - (i % words.length)]!.toUpperCase()} `);
  return out;
}

/**
 * Starts the OIP platform. Each committed `models/*.onnx` is served under its file name, plus the
 * `echo` model (returns its inputs) and the `toy-llm` generator.
 *
 * @example
 * ```ts
 * const oip = await startOipServer({ loaded: ['mlp'], loadDelayMs: 100 });
 * ```
 */
export async function startOipServer(options: OipServerOptions = {}): Promise<OipServer> {
  const dir = options.modelsDir ?? MODELS_DIR;
  const models = new Map<string, ModelEntry>();
  const newStats = (): ModelEntry['stats'] => ({ success: { count: 0, ns: 0 }, fail: { count: 0, ns: 0 }, last: 0, inferenceCount: 0, executionCount: 0 });
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.onnx')).sort()) {
    const name = f.slice(0, -5);
    models.set(name, { name, file: path.join(dir, f), state: 'UNAVAILABLE', reason: 'unloaded', stats: newStats() });
  }
  models.set(ECHO_MODEL, { name: ECHO_MODEL, state: 'READY', reason: '', stats: newStats() });
  models.set(TOY_LLM, { name: TOY_LLM, state: 'READY', reason: '', stats: newStats() });
  const loadTimers = new Set<NodeJS.Timeout>();

  const load = async (m: ModelEntry, delayMs: number): Promise<void> => {
    if (!m.file) {
      m.state = 'READY';
      return;
    }
    if (!m.session) m.session = await ort.InferenceSession.create(m.file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    if (delayMs > 0) {
      m.state = 'LOADING';
      m.reason = 'loading';
      const t = setTimeout(() => {
        loadTimers.delete(t);
        if (m.state === 'LOADING') {
          m.state = 'READY';
          m.reason = '';
        }
      }, delayMs);
      loadTimers.add(t);
    } else {
      m.state = 'READY';
      m.reason = '';
    }
  };
  const unload = async (m: ModelEntry): Promise<void> => {
    const s = m.session;
    m.session = undefined;
    m.state = 'UNAVAILABLE';
    m.reason = 'unloaded';
    await s?.release();
  };
  for (const m of models.values()) {
    if (!m.file) continue;
    if (options.loaded === undefined || options.loaded.includes(m.name)) await load(m, 0);
  }

  const metadataOf = (m: ModelEntry): unknown => {
    if (m.name === TOY_LLM) {
      return { name: m.name, versions: ['1'], platform: 'toy', inputs: [{ name: 'text_input', datatype: 'BYTES', shape: [1] }], outputs: [{ name: 'text_output', datatype: 'BYTES', shape: [-1] }] };
    }
    if (!m.session) return { name: m.name, versions: ['1'], platform: 'modelwire_echo', inputs: [], outputs: [] };
    const meta = (list: readonly ort.InferenceSession.ValueMetadata[]) =>
      list.map((v) => {
        const t = v as ort.InferenceSession.ValueMetadata & { type?: string; shape?: readonly (number | string)[] };
        return { name: v.name, datatype: DT_OF[t.type ?? ''] ?? 'FP32', shape: (t.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
      });
    return { name: m.name, versions: ['1'], platform: 'onnxruntime_onnx', inputs: meta(m.session.inputMetadata), outputs: meta(m.session.outputMetadata) };
  };

  const configOf = (m: ModelEntry): Record<string, unknown> => {
    const meta = metadataOf(m) as { platform: string; inputs: unknown[]; outputs: unknown[] };
    const base: Record<string, unknown> = {
      name: m.name,
      platform: meta.platform,
      backend: m.file ? 'onnxruntime' : 'python',
      max_batch_size: 0,
      input: meta.inputs.map((t) => {
        const x = t as { name: string; datatype: string; shape: number[] };
        return { name: x.name, data_type: `TYPE_${x.datatype === 'BYTES' ? 'STRING' : x.datatype}`, dims: x.shape };
      }),
      output: meta.outputs.map((t) => {
        const x = t as { name: string; datatype: string; shape: number[] };
        return { name: x.name, data_type: `TYPE_${x.datatype === 'BYTES' ? 'STRING' : x.datatype}`, dims: x.shape };
      }),
    };
    return { ...base, ...m.configOverride };
  };

  const statOf = (m: ModelEntry): unknown => ({
    name: m.name,
    version: '1',
    last_inference: m.stats.last,
    inference_count: m.stats.inferenceCount,
    execution_count: m.stats.executionCount,
    inference_stats: { success: m.stats.success, fail: m.stats.fail, queue: { count: 0, ns: 0 } },
    batch_stats: [],
  });

  const run = async (m: ModelEntry, req: ParsedInfer): Promise<Tensor[]> => {
    if (m.name === ECHO_MODEL) {
      const want = req.outputs?.map((o) => o.name);
      return req.inputs.filter((t) => !want || want.includes(t.name));
    }
    const session = m.session!;
    const feeds: Record<string, ort.Tensor> = {};
    for (const t of req.inputs) {
      if (!session.inputNames.includes(t.name)) throw new HttpError(400, `unexpected inference input '${t.name}' for model '${m.name}'`);
      if (t.datatype === 'BF16') throw new HttpError(400, `input '${t.name}': BF16 is not supported by this backend`);
      const tensor = new ort.Tensor(ORT_OF[t.datatype], t.data as never, t.shape);
      // Node 24+: ORT re-views float16 data as the global Float16Array, which onnxruntime-node's binding reads as 0 bytes
      if (t.datatype === 'FP16' && tensor.data !== t.data) (tensor as unknown as { cpuData: unknown }).cpuData = t.data;
      feeds[t.name] = tensor;
    }
    for (const name of session.inputNames) if (!feeds[name]) throw new HttpError(400, `expected input '${name}' for model '${m.name}'`);
    const names = req.outputs?.map((o) => o.name) ?? [...session.outputNames];
    for (const n of names) if (!session.outputNames.includes(n)) throw new HttpError(400, `unexpected inference output '${n}' for model '${m.name}'`);
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await session.run(feeds, names);
    } catch (err) {
      throw new HttpError(400, `inference failed: ${(err as Error).message}`);
    }
    return names.map((n) => {
      const t = result[n]!;
      let data = t.data as ArrayBufferView | string[];
      // Node 24+: float16 comes back as the global Float16Array (values): the half bits are wanted
      if (t.type === 'float16' && ArrayBuffer.isView(data) && !(data instanceof Uint16Array)) data = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
      return { name: n, datatype: DT_OF[t.type]!, shape: [...t.dims], data };
    });
  };

  const MODEL_RE = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(infer|ready|config|stats|generate|generate_stream))?$/;
  const REPO_RE = /^\/v2\/repository\/models\/([^/]+)\/(load|unload)$/;

  const routes = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const p = req.path;
    const method = req.method;
    if (method === 'GET' && p === '/v2/health/live') return json(res, 200, {});
    if (method === 'GET' && p === '/v2/health/ready') return json(res, 200, {});
    if (method === 'GET' && (p === '/v2' || p === '/v2/')) {
      return json(res, 200, {
        name: 'modelwire-oip-test',
        version: '2.0.0',
        extensions: ['binary_tensor_data', 'model_repository', 'model_repository(unload_dependents)', 'statistics', 'model_configuration', 'generate'],
      });
    }
    if (method === 'POST' && p === '/v2/repository/index') {
      const body = req.body.length ? (req.json() as { ready?: boolean }) : {};
      const list = [...models.values()].filter((m) => !body.ready || m.state === 'READY');
      return json(res, 200, list.map((m) => ({ name: m.name, version: '1', state: m.state, reason: m.reason })));
    }
    if (method === 'GET' && p === '/v2/models/stats') {
      return json(res, 200, { model_stats: [...models.values()].filter((m) => m.state === 'READY').map(statOf) });
    }
    const repo = REPO_RE.exec(p);
    if (repo && method === 'POST') {
      const name = decodeURIComponent(repo[1]!);
      const m = models.get(options.aliases?.[name] ?? name);
      if (!m) throw new HttpError(400, `failed to load '${name}', failed to poll from model repository`);
      const body = req.body.length ? (req.json() as { parameters?: Record<string, unknown> }) : {};
      if (repo[2] === 'load') {
        const cfg = body.parameters?.config;
        if (cfg !== undefined) {
          if (typeof cfg !== 'string') throw new HttpError(400, "'config' parameter must be a JSON string");
          try {
            m.configOverride = JSON.parse(cfg) as Record<string, unknown>;
          } catch {
            throw new HttpError(400, "failed to parse 'config' parameter");
          }
        }
        await load(m, options.loadDelayMs ?? 0);
      } else {
        await unload(m);
      }
      return json(res, 200, {});
    }
    const mm = MODEL_RE.exec(p);
    if (!mm) throw new HttpError(404, `Not Found: ${method} ${p}`);
    const name = decodeURIComponent(mm[1]!);
    const version = mm[2] === undefined ? undefined : decodeURIComponent(mm[2]);
    const action = mm[3];
    const m = models.get(options.aliases?.[name] ?? name);
    if (!m || (version !== undefined && version !== '1')) {
      throw new HttpError(404, `Request for unknown model: '${name}'${version ? ` version ${version}` : ''} is not found`);
    }
    const ready = m.state === 'READY';
    if (method === 'GET' && action === 'ready') return ready ? json(res, 200, {}) : json(res, 400, { error: `model '${name}' is not ready` });
    if (method === 'GET' && action === undefined) {
      if (!ready) throw new HttpError(400, `model '${name}' is not ready`);
      return json(res, 200, metadataOf(m));
    }
    if (method === 'GET' && action === 'config') return json(res, 200, configOf(m));
    if (method === 'GET' && action === 'stats') return json(res, 200, { model_stats: [statOf(m)] });
    if (method === 'POST' && action === 'infer') {
      if (!ready) throw new HttpError(400, `model '${name}' is not ready`);
      if (m.name === TOY_LLM) throw new HttpError(400, `model '${name}' only supports generate`);
      const h = req.headers['inference-header-content-length'];
      const parsed = decodeInferRequest(req.body, Array.isArray(h) ? h[0] : h);
      const start = process.hrtime.bigint();
      try {
        const outputs = await run(m, parsed);
        const ns = Number(process.hrtime.bigint() - start);
        m.stats.success.count++;
        m.stats.success.ns += ns;
        m.stats.executionCount++;
        m.stats.inferenceCount += parsed.inputs[0]?.shape[0] ?? 1;
        m.stats.last = Date.now();
        return writeInferResponse(res, name, parsed, outputs);
      } catch (err) {
        m.stats.fail.count++;
        throw err;
      }
    }
    if (method === 'POST' && (action === 'generate' || action === 'generate_stream')) {
      if (m.name !== TOY_LLM) throw new HttpError(400, `model '${name}' does not support generate`);
      let body: { id?: string; text_input?: unknown; parameters?: { max_tokens?: number; fail_after?: number; responses?: number } };
      try {
        body = req.json() as typeof body;
      } catch {
        throw new HttpError(422, 'Input validation error: body is not JSON');
      }
      if (typeof body.text_input !== 'string') throw new HttpError(422, 'Input validation error: text_input must be a string');
      const tokens = toyTokens(body.text_input, body.parameters?.max_tokens ?? 20);
      const base = { ...(body.id !== undefined ? { id: body.id } : {}), model_name: name, model_version: '1' };
      // `responses`: how many times the (decoupled) model answers. Triton's generate sends its status
      // with the model's first response (or its final flag), so a count other than 1 comes back as
      // 200 with an error object for body (http_server.cc, GenerateRequestClass::SendChunkResponse)
      const count = body.parameters?.responses;
      if (action === 'generate' && count !== undefined && count !== 1) {
        return json(res, 200, { error: 'generate expects model to produce exactly 1 response, use generate stream for model that generates various number of responses' });
      }
      if (action === 'generate') return json(res, 200, { ...base, text_output: tokens.join('') });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      const failAfter = body.parameters?.fail_after;
      for (let i = 0; i < tokens.length; i++) {
        if (res.destroyed) return;
        if (failAfter !== undefined && i === failAfter) {
          res.end(`data: ${JSON.stringify({ error: 'Request failed during generation' })}\n\n`);
          return;
        }
        const last = i === tokens.length - 1;
        const ev = {
          ...base,
          text_output: tokens[i],
          ...(last ? { details: { finish_reason: 'length', token: { id: i, text: tokens[i], logprob: -0.5, special: false } } } : {}),
        };
        res.write(`data: ${JSON.stringify(ev)}\n\n`);
        await new Promise((r) => setTimeout(r, options.streamDelayMs ?? 2));
      }
      res.end();
      return;
    }
    throw new HttpError(405, `Method Not Allowed: ${method} ${p}`);
  };

  const http = await startTestServer(async (req, res) => {
    try {
      await routes(req, res);
    } catch (err) {
      if (err instanceof HttpError) return json(res, err.status, { error: err.message });
      throw err;
    }
  }, options.testServer);

  return {
    url: http.url,
    http,
    state: (model) => models.get(model)?.state,
    async close() {
      for (const t of loadTimers) clearTimeout(t);
      await http.close();
      for (const m of models.values()) if (m.session) await unload(m);
    },
  };
}
