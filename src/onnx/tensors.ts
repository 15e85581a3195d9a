/**
 * OIP tensors <-> ONNX Runtime tensors. Typed arrays pass through untouched (no copy): ORT keeps a
 * reference to the caller's buffer and hands back its own output arrays, which are returned as-is.
 * Requests are checked against the model's metadata before ORT sees them.
 * @module
 */
import type * as Ort from 'onnxruntime-common';
import { InvalidRequestError, LocalModelError } from '../core/errors.js';
import type { Datatype, InferenceRequest, OutputTensor, TensorMetadata } from '../oip/types.js';
import { LONE_SURROGATE, TYPED_ARRAY_CONSTRUCTORS } from '../oip/tensor.js';

/** ONNX Runtime tensor element type names. @example `const t: OrtType = 'float32';` */
export type OrtType = Ort.Tensor.Type;

// no BF16: ONNX Runtime's JavaScript API has no bfloat16 tensors (a model using them cannot be run here)
const TO_ORT: Record<Exclude<Datatype, 'BF16'>, OrtType> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
};

const FROM_ORT: Partial<Record<string, Datatype>> = {};
for (const [k, v] of Object.entries(TO_ORT)) FROM_ORT[v] = k as Datatype;

/**
 * OIP datatype of an ORT element type (`float32` -> `FP32`, `string` -> `BYTES`), or `undefined`
 * for types OIP cannot carry (int4, float8, ...).
 *
 * @example
 * ```ts
 * datatypeOf('int64'); // 'INT64'
 * ```
 */
export function datatypeOf(type: string): Datatype | undefined {
  return FROM_ORT[type];
}

/**
 * ORT element type of an OIP datatype, or `undefined` for `BF16` (ONNX Runtime's JavaScript API has
 * no bfloat16 tensors).
 *
 * @example
 * ```ts
 * ortTypeOf('FP16'); // 'float16' (data is a Uint16Array of raw half bits)
 * ```
 */
export function ortTypeOf(datatype: Datatype): OrtType | undefined {
  return datatype === 'BF16' ? undefined : TO_ORT[datatype];
}

const CTORS = TYPED_ARRAY_CONSTRUCTORS;

/** Shape as OIP metadata expresses it: symbolic or unknown dimensions become -1. */
export function metadataShape(shape: readonly (number | string)[] | undefined): number[] {
  if (!shape) return [];
  return shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
}

/** Input/output metadata of a model, as read from the session. */
export interface IoMetadata {
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** One entry of `session.inputMetadata` (structural: worker replies are plain objects). */
export interface ValueMetadataLike {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: readonly (number | string)[] | undefined;
}

/** What {@link readMetadata} reads from a session. */
export interface SessionMetadataSource {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly ValueMetadataLike[] | undefined;
  readonly outputMetadata?: readonly ValueMetadataLike[] | undefined;
}

/** Reads OIP metadata from `session.inputMetadata` / `outputMetadata` (ORT >= 1.22). */
export function readMetadata(session: SessionMetadataSource, model: string): IoMetadata {
  const map = (list: readonly ValueMetadataLike[] | undefined, names: readonly string[]): TensorMetadata[] => {
    if (!list) throw new LocalModelError(`model ${JSON.stringify(model)}: this onnxruntime version has no session metadata; use onnxruntime >= 1.22`, { model });
    return list.map((m, i) => {
      const name = m.name ?? names[i]!;
      if (!m.isTensor) throw new LocalModelError(`model ${JSON.stringify(model)}: value ${JSON.stringify(name)} is not a tensor (sequences and maps are not supported)`, { model });
      const datatype = datatypeOf(m.type ?? '');
      if (!datatype) throw new LocalModelError(`model ${JSON.stringify(model)}: tensor ${JSON.stringify(name)} has type ${m.type}, which OIP cannot carry`, { model });
      return { name, datatype, shape: metadataShape(m.shape) };
    });
  };
  return { inputs: map(session.inputMetadata, session.inputNames), outputs: map(session.outputMetadata, session.outputNames) };
}

/** One input ready for ORT (plain data: it can also cross a worker boundary). */
export interface Feed {
  name: string;
  type: OrtType;
  dims: readonly number[];
  data: ArrayBufferView | string[];
}

/**
 * @internal Builds the ORT tensor of one feed. onnxruntime-common re-views float16 data as the
 * global `Float16Array` where one exists (Node 24+), and onnxruntime-node's binding reads that as
 * 0 bytes ("not enough space: expected 4, got 0"): the tensor is handed back the Uint16Array of
 * half bits it was given (the worker script does the same).
 */
export function ortTensor<T extends { readonly data: unknown }>(Tensor: new (type: string, data: unknown, dims: readonly number[]) => T, f: Feed): T {
  const t = new Tensor(f.type, f.data, f.dims);
  if (f.type === 'float16' && t.data !== f.data) (t as { cpuData?: unknown }).cpuData = f.data;
  return t;
}

/** One output as ORT produced it (`name` is absent on ORT tensors, present in worker replies). */
export interface Fetched {
  name?: string;
  type: string;
  dims: readonly number[];
  data: unknown;
}

// fatal: ORT string tensors hold JS strings, so bytes that are not UTF-8 cannot be carried unchanged (refused, as the remote JSON codec does);
// ignoreBOM: an element's leading EF BB BF is data (U+FEFF), not a byte order mark to drop
const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isKind(data: unknown, ctor: (typeof CTORS)[keyof typeof CTORS]): boolean {
  if (data instanceof ctor) return true;
  // Typed arrays from another realm (vm context) fail instanceof; compare the tag.
  return ArrayBuffer.isView(data) && Object.prototype.toString.call(data) === `[object ${ctor.name}]`;
}

function bytesToStrings(data: readonly unknown[], path: string): string[] {
  const out = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v === 'string') {
      // ORT would store U+FFFD for it (as the remote client's TextEncoder would send): refused there and here
      if (LONE_SURROGATE.test(v)) throw new InvalidRequestError(`${path}[${i}] holds a lone surrogate, which UTF-8 cannot carry`, { path: `${path}[${i}]` });
      out[i] = v;
    } else if (isKind(v, Uint8Array)) {
      try {
        out[i] = decoder.decode(v as Uint8Array);
      } catch {
        throw new InvalidRequestError(`${path}[${i}] is not valid UTF-8 (BYTES run locally as ONNX string tensors, which hold text only)`, { path: `${path}[${i}]` });
      }
    } else throw new InvalidRequestError(`${path}[${i}] must be a string or a Uint8Array`, { path: `${path}[${i}]` });
  }
  return out;
}

/**
 * Checks a request against the model metadata and turns it into ORT feeds and fetch names
 * (`undefined` when the request names no outputs: all of them, in model order).
 * Throws {@link InvalidRequestError} (with `path`) for an unknown or missing input, a datatype or
 * container mismatch, a shape that does not fit the model, a shape whose element count differs
 * from the data length, an input that is no object, or `outputs` that are no array of `{ name }`, name an unknown output or ask for Triton's
 * `classification` (BYTES class strings the platform makes; the model's own tensor would come back); nothing is sent
 * to ORT in that case. The errors name no operation: the runtime names them after its call (`onnx.infer`).
 *
 * @example
 * ```ts
 * const { feeds, fetches } = toFeeds(request, meta, 'mlp');
 * ```
 */
export function toFeeds(request: InferenceRequest, meta: IoMetadata, model: string): { feeds: Feed[]; fetches: string[] | undefined } {
  const inputs = request?.inputs;
  if (!Array.isArray(inputs)) throw new InvalidRequestError('request.inputs must be an array of tensors', { path: 'inputs' });
  const feeds = new Array<Feed>(inputs.length);
  const expected = meta.inputs;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    const path = `inputs[${i}]`;
    // as the remote client refuses it (a null used to be refused as an unknown input name, at inputs[i].name)
    if (t === null || typeof t !== 'object') throw new InvalidRequestError(`${path} must be a tensor object`, { path });
    for (let j = 0; j < i; j++) {
      if (inputs[j]!.name === t?.name) throw new InvalidRequestError(`${path}: input ${JSON.stringify(t.name)} is given more than once`, { path: `${path}.name` });
    }
    const spec = findByName(expected, t?.name);
    if (!spec) {
      throw new InvalidRequestError(
        `${path}: model ${JSON.stringify(model)} has no input named ${JSON.stringify(t?.name)} (inputs: ${expected.map((e) => e.name).join(', ')})`,
        { path: `${path}.name` },
      );
    }
    if (t.datatype !== spec.datatype) {
      throw new InvalidRequestError(`${path} (${t.name}): datatype ${t.datatype} does not match the model's ${spec.datatype}`, { path: `${path}.datatype` });
    }
    const shape = t.shape;
    if (!Array.isArray(shape)) throw new InvalidRequestError(`${path} (${t.name}): shape must be an array of integers`, { path: `${path}.shape` });
    let count = 1;
    for (let d = 0; d < shape.length; d++) {
      const n = shape[d]!;
      // a safe integer, as on the remote client (beyond 2^53 − 1 the element count is inexact)
      if (!Number.isSafeInteger(n) || n < 0) throw new InvalidRequestError(`${path} (${t.name}): shape[${d}] = ${n} is not a non-negative integer`, { path: `${path}.shape[${d}]` });
      count *= n;
    }
    const want = spec.shape;
    // ONNX Runtime reports an input of unknown rank (no shape in the model) as [], like a scalar:
    // such an input takes any rank, and ORT itself checks what it runs
    if (want.length > 0 && want.length !== shape.length) {
      throw new InvalidRequestError(`${path} (${t.name}): shape [${shape.join(',')}] has rank ${shape.length}; the model expects [${want.join(',')}]`, { path: `${path}.shape` });
    }
    for (let d = 0; d < want.length; d++) {
      const w = want[d]!;
      if (w >= 0 && w !== shape[d]) {
        throw new InvalidRequestError(`${path} (${t.name}): shape [${shape.join(',')}] does not fit the model's [${want.join(',')}] at dimension ${d}`, { path: `${path}.shape[${d}]` });
      }
    }
    let data: ArrayBufferView | string[];
    if (t.datatype === 'BYTES') {
      if (!Array.isArray(t.data)) throw new InvalidRequestError(`${path} (${t.name}): BYTES data must be string[] or Uint8Array[]`, { path: `${path}.data` });
      data = bytesToStrings(t.data, `${path}.data`);
    } else {
      const ctor = CTORS[t.datatype];
      if (!isKind(t.data, ctor)) {
        throw new InvalidRequestError(`${path} (${t.name}): ${t.datatype} data must be a ${ctor.name}`, { path: `${path}.data` });
      }
      // one from another realm is re-viewed (no copy) so ONNX Runtime's instanceof check accepts it
      data = t.data instanceof ctor ? t.data : new ctor((t.data as ArrayBufferView).buffer as ArrayBuffer, (t.data as ArrayBufferView).byteOffset, (t.data as { length: number }).length);
      // ORT's bool kernels work on the byte (Not(2) = 3): any non-zero byte is true, as on the remote
      // client; 0/1 data (the documented form) passes through untouched, anything else is normalised into a copy
      if (t.datatype === 'BOOL') data = boolBytes(data as Uint8Array);
    }
    const len = (data as { length: number }).length;
    if (len !== count) {
      throw new InvalidRequestError(`${path} (${t.name}): shape [${shape.join(',')}] needs ${count} elements but data has ${len}`, { path: `${path}.data` });
    }
    // the model's datatype came from ORT (datatypeOf), so it is never BF16
    feeds[i] = { name: t.name, type: TO_ORT[t.datatype as keyof typeof TO_ORT], dims: shape, data };
  }
  if (feeds.length !== expected.length) {
    for (const e of expected) {
      if (!inputs.some((t) => t?.name === e.name)) {
        throw new InvalidRequestError(`model ${JSON.stringify(model)} needs input ${JSON.stringify(e.name)} (${e.datatype} [${e.shape.join(',')}]), which the request lacks`, { path: 'inputs' });
      }
    }
  }
  // undefined = every output: ORT's run is measurably faster without a fetch list.
  let fetches: string[] | undefined;
  const requested = request.outputs;
  // an object would read as "every output" (its length undefined), a string as names of its letters, and
  // null as every output: the remote client refuses them all, and entries without a non-empty name
  if (requested !== undefined && !(Array.isArray(requested) && requested.every((o) => typeof o?.name === 'string' && o.name !== ''))) {
    throw new InvalidRequestError('request.outputs must be an array of { name } with non-empty names', { path: 'outputs' });
  }
  if (requested && requested.length > 0) {
    fetches = new Array<string>(requested.length);
    for (let i = 0; i < requested.length; i++) {
      const name = requested[i]?.name;
      if (!findByName(meta.outputs, name)) {
        throw new InvalidRequestError(
          `outputs[${i}]: model ${JSON.stringify(model)} has no output named ${JSON.stringify(name)} (outputs: ${meta.outputs.map((e) => e.name).join(', ')})`,
          { path: `outputs[${i}].name` },
        );
      }
      // Triton's classification extension: the platform answers BYTES class strings ("<value>:<index>", shape
      // [batch, count]); run here, the model's own tensor would come back in their place, another datatype and shape
      if ((requested[i]!.parameters as { classification?: unknown } | null | undefined)?.classification !== undefined) {
        throw new InvalidRequestError(
          `outputs[${i}] (${name}): the classification parameter (Triton's classification extension) is not supported locally: the model's own ${findByName(meta.outputs, name)!.datatype} output would come back instead of BYTES class strings`,
          { path: `outputs[${i}].parameters.classification` },
        );
      }
      fetches[i] = name!;
    }
  }
  return { feeds, fetches };
}

function boolBytes(data: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i++) {
    if (data[i]! > 1) {
      const copy = new Uint8Array(data.length);
      for (let j = 0; j < data.length; j++) copy[j] = data[j] === 0 ? 0 : 1;
      return copy;
    }
  }
  return data;
}

function findByName(list: readonly TensorMetadata[], name: unknown): TensorMetadata | undefined {
  for (let i = 0; i < list.length; i++) if (list[i]!.name === name) return list[i];
  return undefined;
}

/** Turns ORT outputs (worker replies, or an ORT result map read by `names`) into OIP output tensors, keeping ORT's typed arrays (no copy). */
export function toOutputs(fetched: readonly Fetched[] | Readonly<Record<string, Fetched | undefined>>, model: string, names?: readonly string[]): OutputTensor[] {
  const n = names ? names.length : (fetched as readonly Fetched[]).length;
  const out = new Array<OutputTensor>(n);
  for (let i = 0; i < n; i++) {
    const f = names ? (fetched as Readonly<Record<string, Fetched | undefined>>)[names[i]!] : (fetched as readonly Fetched[])[i];
    const name = names ? names[i]! : f!.name;
    if (!f) throw new LocalModelError(`model ${JSON.stringify(model)} returned no output ${JSON.stringify(name)}`, { model });
    const datatype = datatypeOf(f.type);
    if (!datatype) throw new LocalModelError(`model ${JSON.stringify(model)}: output ${JSON.stringify(name)} has type ${f.type}, which OIP cannot carry`, { model });
    let data = f.data;
    // onnxruntime-common returns float16 as globalThis.Float16Array where one exists (Node 24+): re-view it (no copy) as the documented Uint16Array of half bits
    if (datatype === 'FP16' && ArrayBuffer.isView(data) && Object.getPrototypeOf(data) !== Uint16Array.prototype) {
      const v = data as ArrayBufferView & { length: number };
      data = new Uint16Array(v.buffer, v.byteOffset, v.length);
    }
    out[i] = { name, datatype, shape: f.dims as number[], data } as OutputTensor;
  }
  return out;
}

/** A request of zeros (empty strings for BYTES) with every dynamic dimension set to 1; used to warm a session up. */
export function zeroRequest(meta: IoMetadata): InferenceRequest {
  return {
    inputs: meta.inputs.map((t) => {
      const shape = t.shape.map((d) => (d < 0 ? 1 : d));
      const n = shape.reduce((a, b) => a * b, 1);
      const data = t.datatype === 'BYTES' ? new Array<string>(n).fill('') : new (CTORS[t.datatype] as unknown as new (n: number) => ArrayBufferView)(n);
      return { name: t.name, datatype: t.datatype, shape, data } as InferenceRequest['inputs'][number];
    }),
  };
}
