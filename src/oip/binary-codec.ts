/**
 * Triton's binary tensor data extension: the JSON header followed by raw little-endian tensor
 * bytes (`Inference-Header-Content-Length` gives the header length; `binary_data_size` each
 * tensor's byte size; BYTES elements are a 4-byte little-endian length then the bytes).
 * @module
 */
import { ResponseValidationError } from '../core/errors.js';
import { encodeInferRequestJson } from './json-codec.js';
import { elementCount, TYPED_ARRAY_CONSTRUCTORS } from './tensor.js';
import type { Datatype, InferenceRequest, InputTensor, NumericDatatype, OutputArrayMap } from './types.js';

/** Header naming the JSON header's byte length in a binary request or response. @example `headers[INFERENCE_HEADER] = '120'` */
export const INFERENCE_HEADER = 'inference-header-content-length';

const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();

/**
 * Raw bytes of one input tensor in the binary layout. Numeric tensors are a view on the typed
 * array's own memory (no copy); BYTES tensors are length-prefixed.
 *
 * @example
 * ```ts
 * tensorBytes({ name: 's', datatype: 'BYTES', shape: [1], data: ['hi'] }); // [2,0,0,0,104,105]
 * ```
 */
export function tensorBytes(tensor: InputTensor): Uint8Array {
  if (tensor.datatype !== 'BYTES') {
    const d = tensor.data;
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  }
  const items = tensor.data;
  const encoded = new Array<Uint8Array>(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    const b = typeof v === 'string' ? encoder.encode(v) : v;
    encoded[i] = b;
    total += 4 + b.byteLength;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let off = 0;
  for (const b of encoded) {
    view.setUint32(off, b.byteLength, true);
    out.set(b, off + 4);
    off += 4 + b.byteLength;
  }
  return out;
}

/**
 * Encodes a whole binary inference request body. `binaryOutputs` adds `binary_data_output: true`
 * so the server answers with binary tensors too.
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
): { body: Uint8Array; headerLength: number } {
  const inputs = request.inputs;
  const chunks = new Array<Uint8Array>(inputs.length);
  const sizes = new Array<number>(inputs.length);
  let dataBytes = 0;
  for (let i = 0; i < inputs.length; i++) {
    const b = tensorBytes(inputs[i]!);
    chunks[i] = b;
    sizes[i] = b.byteLength;
    dataBytes += b.byteLength;
  }
  const header = encoder.encode(
    encodeInferRequestJson(request, sizes, binaryOutputs ? { binary_data_output: true } : undefined),
  );
  const body = new Uint8Array(header.byteLength + dataBytes);
  body.set(header, 0);
  let off = header.byteLength;
  for (const c of chunks) {
    body.set(c, off);
    off += c.byteLength;
  }
  return { body, headerLength: header.byteLength };
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
      out[i] = decoder.decode(bytes.subarray(offset + p, offset + p + n));
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
 * Splits a response body into its JSON header text and the binary tail, per the extension.
 *
 * @example
 * ```ts
 * const { headerText, binaryOffset } = splitBinaryBody(bytes, 120);
 * ```
 */
export function splitBinaryBody(bytes: Uint8Array, headerLength: number): { headerText: string; binaryOffset: number } {
  return { headerText: decoder.decode(bytes.subarray(0, headerLength)), binaryOffset: headerLength };
}

/**
 * Replaces the `data` of every binary output (those with `parameters.binary_data_size`) in a parsed
 * response header with the typed array read from the tail, in order. Throws
 * {@link ResponseValidationError} when sizes or counts do not add up.
 *
 * @example
 * ```ts
 * attachBinaryOutputs(header, bytes, headerLength, 'oip.infer');
 * ```
 */
export function attachBinaryOutputs(
  outputs: { name: string; datatype: Datatype; shape: number[]; data?: unknown; parameters?: Record<string, unknown> | undefined }[],
  bytes: Uint8Array,
  offset: number,
  body: unknown,
  operation: string,
): void {
  let off = offset;
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    const size = o.parameters?.binary_data_size;
    if (size === undefined) continue;
    const fail = (message: string): never => {
      throw new ResponseValidationError([{ path: ['outputs', i, 'parameters', 'binary_data_size'], message }], body, { operation });
    };
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail('must be a non-negative integer');
    if (off + (size as number) > bytes.byteLength) {
      fail(`output "${o.name}" needs ${size as number} bytes but only ${bytes.byteLength - off} remain in the body`);
    }
    let count: number;
    try {
      count = elementCount(o.shape);
    } catch {
      return fail('invalid shape');
    }
    try {
      o.data = decodeTensorBytes(o.datatype, bytes, off, size as number, count);
    } catch (error) {
      fail(`output "${o.name}": ${(error as Error).message}`);
    }
    off += size as number;
  }
  if (off !== bytes.byteLength) {
    throw new ResponseValidationError([{ path: ['outputs'], message: `${bytes.byteLength - off} unclaimed bytes after the binary outputs` }], body, {
      operation,
    });
  }
}
