/**
 * Triton's binary tensor data extension: the JSON header followed by raw little-endian tensor
 * bytes (`Inference-Header-Content-Length` gives the header length; `binary_data_size` each
 * tensor's byte size; BYTES elements are a 4-byte little-endian length then the bytes).
 * Only code that asks for binary imports this module (`inferBinary`, `binaryTensorCodec`,
 * `createOipClient`), so a JSON `infer` bundle does not carry it.
 * @module
 */
import { coreOf, toBinaryMode, type BinaryTensorCodec, type OipClientLike, type OipConnection } from './connection.js';
import type { RawOutput } from './envelope.js';
import { readBytes } from '../core/response.js';
import { named } from '../core/errors.js';
import { checkRequest, decodeResponse, INFERENCE_HEADER, invalidBody, OPERATION, sendInfer, type InferBody } from './infer.js';
import { encodeInferRequestJson } from './json-codec.js';
import { elementCount, TYPED_ARRAY_CONSTRUCTORS } from './tensor.js';
import type { Datatype, InferenceRequest, InferenceResponse, InferOptions, InputTensor, NumericDatatype, OutputArrayMap } from './types.js';

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();
// a BYTES element's leading EF BB BF is data (U+FEFF), not a byte order mark to drop
const elementDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Raw bytes of one input tensor in the binary layout. Numeric tensors are a view on the typed
 * array's own memory (no copy; a BOOL byte other than 0 or 1 is sent as 1, in a copy); BYTES
 * tensors are length-prefixed.
 *
 * @example
 * ```ts
 * tensorBytes({ name: 's', datatype: 'BYTES', shape: [1], data: ['hi'] }); // [2,0,0,0,104,105]
 * ```
 */
export function tensorBytes(tensor: InputTensor): Uint8Array {
  if (tensor.datatype !== 'BYTES') {
    const d = tensor.data;
    const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
    // a BOOL byte is 0 or 1 on the wire: any other counts as true (as JSON's `true`), sent as 1 in a
    // copy made at the first such byte. A plain loop: `some` and `map` with a callback took 6 to 9
    // times as long (16M elements: 110 ms for 0/1 data, 17 ms now).
    let copy = bytes;
    if (tensor.datatype === 'BOOL') for (let i = 0; i < copy.length; i++) if (copy[i]! > 1) (copy = copy === bytes ? bytes.slice() : copy)[i] = 1;
    return copy;
  }
  // Every element written into one buffer (encodeInto), not a Uint8Array each joined after: 2M
  // short strings took about 2 s and 840 MB at the peak, 0.4 s and 110 MB now. The buffer starts at
  // the size ASCII text takes and grows when a string needs more (3 bytes a UTF-16 unit at most).
  const data: Array<string | Uint8Array> = tensor.data;
  let out = new Uint8Array(data.reduce((n: number, v) => n + 4 + v.length, 0));
  let view = new DataView(out.buffer);
  let end = 0;
  const room = (need: number): void => {
    if (need > out.length) {
      const bigger = new Uint8Array(Math.max(need, 2 * out.length));
      bigger.set(out.subarray(0, end));
      view = new DataView((out = bigger).buffer);
    }
  };
  for (const v of data) {
    room(end + 4 + v.length);
    let n = v.length;
    if (typeof v === 'string') {
      let r = encoder.encodeInto(v, out.subarray(end + 4));
      // out of room: the whole string again, with room for its worst case
      if (r.read < n) room(end + 4 + 3 * n), (r = encoder.encodeInto(v, out.subarray(end + 4)));
      n = r.written;
    } else out.set(v, end + 4);
    view.setUint32(end, n, true); // its 4-byte little-endian length before it
    end += 4 + n;
  }
  // a buffer of its exact length
  return end < out.length ? out.slice(0, end) : out;
}

/** The chunks one after the other, in one buffer. */
function concat(chunks: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.byteLength;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/**
 * The JSON of a request (its header in binary mode, with `sizes`). `binaryOutputs` asks every
 * output for binary: `binary_data_output: true`, and `binary_data: true` on each listed output
 * without a `binary_data` of its own (KServe reads only those once outputs are listed).
 */
function headerJson(request: InferenceRequest, binaryOutputs: boolean, sizes?: number[]): string {
  return binaryOutputs
    ? encodeInferRequestJson({ ...request, outputs: request.outputs?.map((o) => ({ ...o, parameters: { binary_data: true, ...o.parameters } })) }, sizes, { binary_data_output: true })
    : encodeInferRequestJson(request, sizes);
}

/**
 * Encodes a whole binary inference request body. `binaryOutputs` asks for every output as binary
 * (`binary_data_output: true`, and `binary_data: true` on each listed output that does not say
 * otherwise) so the server answers with binary tensors too.
 *
 * @example
 * ```ts
 * const { body, headerLength } = encodeBinaryRequest({ inputs: [x] }, true);
 * // POST body with header 'inference-header-content-length: <headerLength>'
 * ```
 */
export function encodeBinaryRequest(
  request: InferenceRequest,
  binaryOutputs: boolean,
): {
  /** The whole request body: the JSON header, then each input's raw bytes in request order. */
  body: Uint8Array;
  /** Byte length of the JSON header, sent as the `inference-header-content-length` header. */
  headerLength: number;
} {
  const chunks = request.inputs.map(tensorBytes);
  const header = encoder.encode(headerJson(request, binaryOutputs, chunks.map((c) => c.byteLength)));
  return { body: concat([header, ...chunks]), headerLength: header.byteLength };
}

/**
 * Reads `byteLength` bytes at `offset` of `bytes` as a tensor of `datatype` with `count` elements.
 * Numeric tensors are zero-copy views when the offset is aligned, else one copy.
 *
 * @example
 * ```ts
 * const data = decodeTensorBytes('FP32', bytes, 0, 8, 2); // Float32Array(2)
 * ```
 */
export function decodeTensorBytes<D extends Datatype>(
  datatype: D,
  bytes: Uint8Array,
  offset: number,
  byteLength: number,
  count: number,
): OutputArrayMap[D] {
  if (datatype === 'BYTES') {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, byteLength);
    const out = new Array<string>(count);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 4 > byteLength) throw new RangeError(`BYTES element ${i} overruns the tensor`);
      const n = view.getUint32(p, true);
      p += 4;
      if (p + n > byteLength) throw new RangeError(`BYTES element ${i} overruns the tensor`);
      out[i] = elementDecoder.decode(bytes.subarray(offset + p, offset + p + n));
      p += n;
    }
    if (p !== byteLength) throw new RangeError(`BYTES tensor has ${byteLength - p} trailing bytes`);
    return out as OutputArrayMap[D];
  }
  const Ctor = TYPED_ARRAY_CONSTRUCTORS[datatype as NumericDatatype];
  const width = Ctor.BYTES_PER_ELEMENT;
  if (byteLength !== count * width) {
    throw new RangeError(`${byteLength} bytes cannot hold ${count} ${datatype} elements (${count * width} bytes)`);
  }
  const start = bytes.byteOffset + offset;
  if (start % width === 0) return new Ctor(bytes.buffer, start, count) as OutputArrayMap[D];
  return new Ctor(bytes.buffer.slice(start, start + byteLength), 0, count) as OutputArrayMap[D];
}

/**
 * Reads the data of every binary output (those with `parameters.binary_data_size`) from the tail,
 * in order, drops that transport parameter, and returns the outputs it decoded. Throws
 * {@link ResponseValidationError} when sizes or counts do not add up. `free`: where `bytes` may be
 * written from, when they are the call's own body (the header before the tail is decoded already):
 * a numeric output its element width does not align there is moved back in place and viewed, not
 * copied (no second 64 MB for a 16M-element FP32 output), if no earlier output views those bytes.
 */
function readBinaryOutputs(outputs: RawOutput[], bytes: Uint8Array, offset: number, body: unknown, free = Infinity): Set<RawOutput> {
  const done = new Set<RawOutput>();
  let off = offset;
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    const p = o.parameters;
    const size = p?.binary_data_size;
    if (size === undefined) continue;
    const fail = (message: string): never => {
      throw invalidBody(['outputs', i, 'parameters', 'binary_data_size'], message, body);
    };
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail('must be a non-negative integer');
    const n = size as number;
    if (off + n > bytes.byteLength) fail(`output "${o.name}" needs ${n} bytes but only ${bytes.byteLength - off} remain in the body`);
    try {
      const width = TYPED_ARRAY_CONSTRUCTORS[o.datatype as NumericDatatype]?.BYTES_PER_ELEMENT; // BYTES: none
      let at = off;
      if (width) {
        const to = off - ((bytes.byteOffset + off) % width);
        if (to >= free) bytes.copyWithin((at = to), off, off + n);
        free = Math.max(free, at + n); // a view up to here, or a copy: nothing before it is moved over (Infinity: never)
      }
      o.data = decodeTensorBytes(o.datatype, bytes, at, n, elementCount(o.shape));
    } catch (error) {
      fail(`output "${o.name}": ${(error as Error).message}`);
    }
    off += n;
    // A transport detail: the output looks the same whichever encoding carried it.
    delete p!.binary_data_size;
    if (Object.keys(p!).length === 0) delete o.parameters;
    done.add(o);
  }
  if (off !== bytes.byteLength) throw invalidBody(['outputs'], `${bytes.byteLength - off} unclaimed bytes after the binary outputs`, body);
  return done;
}

/**
 * Decodes an inference response: JSON text (or the JSON header of a binary body) plus the binary
 * tail at `offset` of `bytes` when there is one. Exposed for custom transports and tests.
 *
 * @example
 * ```ts
 * const res = decodeInferBody('{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[1]}]}', undefined, 0);
 * ```
 */
export function decodeInferBody(text: string, bytes: Uint8Array | undefined, offset: number): InferenceResponse {
  return decodeResponse(text, bytes && ((outputs, raw) => readBinaryOutputs(outputs, bytes, offset, raw)));
}

/**
 * Decodes an answer that came without `Inference-Header-Content-Length`: JSON, from a server that
 * answered so. Its binary outputs can only be empty ones: Triton sends the header only when bytes
 * follow the JSON, so outputs of `binary_data_size` 0 (an empty tensor asked for as binary) come
 * without it; they are read from an empty tail. A body that is a JSON object with more than white
 * space after it is a binary answer whose header did not reach the client (a proxy dropped it, or
 * a browser hid it: a cross-origin answer shows only the headers its CORS
 * `Access-Control-Expose-Headers` lists): said so, rather than that the body is not valid JSON.
 */
function decodeJsonAnswer(bytes: Uint8Array): InferenceResponse {
  try {
    return decodeResponse(decoder.decode(bytes), (outputs, raw) => readBinaryOutputs(outputs, bytes.subarray(bytes.byteLength), 0, raw));
  } catch (err) {
    // Where the object (or array) that opens the body closes. Its structural characters are
    // ASCII, which no byte of a multi-byte UTF-8 character equals: the bytes are scanned as they are.
    let depth = 0;
    let inString = false;
    let end = 0;
    for (let i = 0; i < bytes.length && !end; i++) {
      const b = bytes[i]!;
      if (inString) {
        if (b === 92) i++; // a backslash: the next byte is escaped
        else inString = b !== 34; // a quote ends the string
      } else if (b === 34) inString = true;
      else if (b === 123 || b === 91) depth++; // { [
      else if (b === 125 || b === 93) end = --depth ? 0 : i + 1; // } ]
      else if (!depth && b > 32) break; // no JSON object (an HTML page)
    }
    // more than JSON white space after it: what JSON.parse refused the body for (this is its error)
    if (end && bytes.subarray(end).some((b) => b !== 32 && b !== 10 && b !== 13 && b !== 9)) {
      throw invalidBody([], `no ${INFERENCE_HEADER} header, but ${bytes.byteLength - end} bytes follow the JSON (dropped by a proxy, or hidden by CORS)`, { byteLength: bytes.byteLength });
    }
    throw err;
  }
}

/**
 * The mode a call asks for: per call, else the connection's default; JSON when neither says. Async, so a
 * bad request rejects the returned promise rather than throwing out of the call.
 */
async function inferWithCodec(conn: OipConnection, model: string, request: InferenceRequest, options?: InferOptions): Promise<InferenceResponse> {
  options ??= {};
  try {
    checkRequest(request);
    const mode = toBinaryMode(options.binary, OPERATION) ?? conn.binary;
    const binOut = mode?.outputs === true;
    let body: InferBody;
    if (mode?.inputs) {
      const encoded = encodeBinaryRequest(request, binOut);
      body = { data: encoded.body, contentType: 'application/octet-stream', headers: { [INFERENCE_HEADER]: String(encoded.headerLength) } };
    } else {
      body = { data: headerJson(request, binOut), contentType: 'application/json' };
    }
    // A server without the extension may answer in JSON whatever was asked.
    return sendInfer(conn, model, request, options, body, async (res, signal) => {
      const headerLength = res.headers.get(INFERENCE_HEADER);
      const bytes = await readBytes(res, signal, OPERATION);
      // the body's bytes are this call's own (fetch's arrayBuffer() is a new buffer): outputs may be moved in them
      return headerLength === null ? decodeJsonAnswer(bytes) : decodeBinary(bytes, headerLength, 0);
    });
  } catch (err) {
    // a check before sending (the request sent returns a promise: its errors are not caught here)
    throw named(err, OPERATION);
  }
}

/**
 * The binary tensor data codec; see {@link BinaryTensorCodec}. A connection that carries it makes
 * `infer` speak binary whenever `binary` asks for it.
 *
 * @example
 * ```ts
 * const res = await infer({ core: client, binaryCodec: binaryTensorCodec }, 'mlp', request, { binary: true });
 * ```
 */
export const binaryTensorCodec: BinaryTensorCodec = {
  encode: encodeBinaryRequest,
  decode: (bytes, headerLength) => decodeBinary(bytes, headerLength),
  infer: inferWithCodec,
};

/** A binary answer: `headerLength` bytes of JSON, then the tail. `free`: see readBinaryOutputs. */
function decodeBinary(bytes: Uint8Array, headerLength: string, free?: number): InferenceResponse {
  // decimal digits only: Number() would read '' as 0 and '0x10' as 16
  const n = /^\d+$/.test(headerLength) ? Number(headerLength) : NaN;
  if (!(n <= bytes.byteLength)) {
    throw invalidBody([], `${INFERENCE_HEADER} is ${headerLength} but the body has ${bytes.byteLength} bytes`, { byteLength: bytes.byteLength });
  }
  // the header is decoded to text before any output is read (and perhaps moved over it)
  return decodeResponse(decoder.decode(bytes.subarray(0, n)), (outputs, raw) => readBinaryOutputs(outputs, bytes, n, raw, free));
}

/**
 * {@link infer} with Triton's binary tensor data extension: inputs are sent as raw tensor bytes and
 * outputs asked for as binary (`options.binary` can narrow it to one direction, or turn it off).
 * A server without the extension that answers in JSON is still read correctly. NaN, ±Infinity and
 * non-UTF-8 BYTES inputs travel unchanged (BYTES outputs are decoded as UTF-8 strings, like JSON's),
 * and a large tensor is ~50× faster than JSON.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { inferBinary } from 'modelwire/oip';
 *
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000' });
 * const res = await inferBinary(client, 'mlp', {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }],
 * });
 * ```
 */
export function inferBinary(
  client: OipClientLike,
  model: string,
  request: InferenceRequest,
  options?: InferOptions,
): Promise<InferenceResponse> {
  return inferWithCodec({ core: coreOf(client), binary: { inputs: true, outputs: true } }, model, request, options);
}
