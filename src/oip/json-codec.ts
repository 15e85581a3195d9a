/**
 * OIP JSON tensor codec: typed arrays to the JSON request body, JSON response tensors back to typed
 * arrays. Numbers are written through `JSON.stringify` of a plain array; 64-bit integers are
 * written exactly and read back exactly even beyond 2^53.
 * @module
 */
import { InvalidRequestError, ResponseValidationError } from '../core/errors.js';
import { bf16ToFp32, elementCount, floatToBf16, floatToHalf, fp16ToFp32, inputError, TYPED_ARRAY_CONSTRUCTORS } from './tensor.js';
import type { Datatype, InferenceRequest, InputTensor, NumericDatatype, OutputArrayMap } from './types.js';

// ignoreBOM: an element's leading EF BB BF is data (U+FEFF), not a byte order mark to drop
const utf8Fatal = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Encodes the `data` of one input tensor as the text of a flat JSON array. Numbers go through
 * `JSON.stringify` of a plain array (about twice as fast as a typed array's `join` in V8); 64-bit
 * integers are written as exact decimal literals; `-0` keeps its sign. Throws
 * {@link InvalidRequestError} for values JSON cannot carry (NaN, ±Infinity, non-UTF-8 BYTES).
 *
 * @example
 * ```ts
 * encodeJsonData({ name: 'x', datatype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) }, 0); // '[true,false]'
 * ```
 */
export function encodeJsonData(tensor: InputTensor, index: number): string {
  const { datatype: dt, data } = tensor;
  if (dt === 'BYTES') return bytesText(data, tensor.name, index);
  if (dt === 'BOOL') return JSON.stringify(Array.from(data, (v) => v !== 0));
  if (dt === 'FP16' || dt === 'FP32' || dt === 'FP64' || dt === 'BF16') {
    // JSON.stringify writes NaN/±Infinity as null (rejected) and -0 as 0 (patched).
    const floats = dt === 'FP16' ? fp16ToFp32(data) : dt === 'BF16' ? bf16ToFp32(data) : data;
    const values = dt === 'FP32' ? Array.from(floats, short32) : Array.from(floats);
    const text = JSON.stringify(values);
    if (text.includes('null')) throw unsendable(tensor.name, index, '', 'holds NaN or Infinity');
    // the shortened FP32 values here too: a -0 must not bring back 17 digits for the others
    return floats.some((v) => v === 0 && 1 / v < 0) ? `[${values.map((v) => (v === 0 && 1 / v < 0 ? '-0' : v)).join(',')}]` : text;
  }
  // 64-bit integers as exact decimal literals, beyond 2^53 included.
  return dt === 'INT64' || dt === 'UINT64' ? `[${data.join(',')}]` : JSON.stringify(Array.from(data));
}

function unsendable(name: string, index: number, field: string, what: string): InvalidRequestError {
  return inputError(index, `.data${field}`, `${what}, which JSON cannot carry (use inferBinary)`, name);
}

const POW10 = /* @__PURE__ */ Array.from({ length: 81 }, (_, i) => Number(`1e${i}`));

/**
 * A float32 value as the double closest to its 9-significant-digit decimal (9 digits always
 * identify a float32), e.g. 0.1f → 0.100000001 instead of 0.10000000149011612. Verified with
 * `Math.fround`, else the exact value. The JSON is ~40% shorter and, for most data, faster to
 * write; a server reading it as FP32 gets exactly the same bits.
 */
function short32(v: number): number {
  if (v === (v | 0)) return v;
  const k = 8 - Math.floor(Math.log10(v < 0 ? -v : v));
  const c = k >= 0 ? Math.round(v * POW10[k]!) / POW10[k]! : Math.round(v / POW10[-k]!) * POW10[-k]!;
  return Math.fround(c) === v ? c : v;
}

function bytesText(data: string[] | Uint8Array[], name: string, index: number): string {
  if ((data as unknown[]).every((v) => typeof v === 'string')) return JSON.stringify(data);
  // byte arrays as the UTF-8 text they hold
  return JSON.stringify(
    Array.from(data as (string | Uint8Array)[], (v, i) => {
      if (typeof v === 'string') return v;
      try {
        return utf8Fatal.decode(v);
      } catch {
        throw unsendable(name, index, `[${i}]`, 'is not valid UTF-8');
      }
    }),
  );
}

/** Per-input override of the JSON header: parameters to add and whether to leave `data` out (binary inputs). */
export interface HeaderInputExtra {
  binaryDataSize: number;
}

/**
 * Builds the JSON text of an inference request. With `binarySizes`, each input carries
 * `parameters.binary_data_size` and no `data` (the binary tensor extension header);
 * `extraParameters` are merged into the request's `parameters`.
 *
 * @example
 * ```ts
 * const text = encodeInferRequestJson({ inputs: [x] }); // '{"inputs":[{"name":"x",...,"data":[...]}]}'
 * ```
 */
export function encodeInferRequestJson(
  request: InferenceRequest,
  binarySizes?: readonly number[],
  extraParameters?: Readonly<Record<string, boolean>>,
): string {
  const params = extraParameters ? { ...request.parameters, ...extraParameters } : request.parameters;
  // id, parameters and the opening of the inputs (`{...,"inputs":[`), which are spliced in as text
  // (tensor data is never stringified twice)
  const head = JSON.stringify({ id: request.id, parameters: params, inputs: [] }).slice(0, -2);
  const inputs = request.inputs.map((t, i) => {
    const size = binarySizes?.[i];
    const parameters = size === undefined ? t.parameters : { ...t.parameters, binary_data_size: size };
    const text = JSON.stringify({ name: t.name, datatype: t.datatype, shape: t.shape, parameters });
    return size === undefined ? `${text.slice(0, -1)},"data":${encodeJsonData(t, i)}}` : text;
  });
  const outputs = request.outputs === undefined ? '' : `,"outputs":${JSON.stringify(request.outputs)}`;
  return `${head}${inputs.join(',')}]${outputs}}`;
}

// ---- decoding -------------------------------------------------------------------------------

function flatten(data: unknown[]): unknown[] {
  return data.length > 0 && Array.isArray(data[0]) ? (data.flat(Infinity) as unknown[]) : data;
}

function toBigInt(v: unknown): bigint {
  // a string only as a plain decimal integer (BigInt('') is 0n, BigInt('0x10') 16n, BigInt(' 7 ') 7n)
  if (typeof v === 'bigint' || typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v))) return BigInt(v);
  throw new TypeError(`not an integer: ${String(v)}`);
}

/**
 * Converts the JSON `data` of one response output into its typed array, checking the element
 * count against the shape. Nested (row-major) arrays are flattened; a `null` in a float tensor is
 * NaN (how orjson and `JSON.stringify` write NaN and ±Infinity). Throws
 * {@link ResponseValidationError} with path `outputs[i].data` on a mismatch; given the output's
 * `name`, its message names it (`output "probs": has 3 elements but shape [2,2] needs 4`).
 *
 * @example
 * ```ts
 * decodeJsonData('FP32', [1, 2], [2], 0, body, 'oip.infer', 'probs'); // Float32Array [1, 2]
 * ```
 */
export function decodeJsonData<D extends Datatype>(
  datatype: D,
  data: unknown,
  shape: readonly number[],
  index: number,
  body: unknown,
  operation: string,
  name?: string,
): OutputArrayMap[D] {
  const fail = (field: string, message: string): never => {
    throw new ResponseValidationError([{ path: ['outputs', index, field], message: name === undefined ? message : `output ${JSON.stringify(name)}: ${message}` }], body, { operation });
  };
  if (!Array.isArray(data)) fail('data', data === undefined ? 'no data (expected an array)' : 'expected an array');
  const flat = flatten(data as unknown[]);
  let expected = 0;
  try {
    expected = elementCount(shape);
  } catch {
    fail('shape', 'invalid shape');
  }
  if (flat.length !== expected) fail('data', `has ${flat.length} elements but shape [${shape.join(',')}] needs ${expected}`);
  try {
    if (datatype === 'BYTES' || datatype === 'BOOL') {
      const bytes = datatype === 'BYTES';
      const bad = flat.findIndex(bytes ? (v) => typeof v !== 'string' : (v) => typeof v !== 'boolean' && v !== 0 && v !== 1);
      if (bad >= 0) throw new TypeError(`element ${bad} is not a ${bytes ? 'string' : 'boolean'}`);
      return (bytes ? flat : new Uint8Array(flat as number[])) as OutputArrayMap[D];
    }
    const Ctor = TYPED_ARRAY_CONSTRUCTORS[datatype as NumericDatatype] as unknown as typeof Float64Array & typeof BigInt64Array;
    // One pass checks and stores each element (FP16 and BF16 as their bits: a Uint16Array). A
    // decimal string can only come from parseJsonExact (a 16+ digit integer literal). An integer
    // element must read back as stored: a typed array would wrap or truncate it silently.
    const big = datatype === 'INT64' || datatype === 'UINT64';
    const toBits = datatype === 'FP16' ? floatToHalf : datatype === 'BF16' ? floatToBf16 : undefined;
    const exact = datatype[0] !== 'F' && !toBits; // not FP16, FP32, FP64 or BF16: an integer type
    const out = new Ctor(flat.length);
    for (let i = 0; i < flat.length; i++) {
      let v = flat[i];
      if (big) v = toBigInt(v);
      else {
        // NaN and ±Infinity as quoteNonFinite leaves Triton's bare tokens, in a float
        if (typeof v === 'string' && (/^-?\d{16,}$/.test(v) || (!exact && /^(-?Infinity|NaN)$/.test(v)))) v = Number(v);
        // a float's NaN or ±Infinity as an encoder writes it (orjson, JSON.stringify): read as NaN, as NumPy does
        if (v === null && !exact) v = NaN;
        if (typeof v !== 'number') throw new TypeError(`element ${i} is ${JSON.stringify(v)}`);
      }
      out[i] = toBits ? toBits(v as number) : (v as number);
      if (exact && out[i] !== v) throw new TypeError(`element ${i} (${v}) does not fit`);
    }
    return out as OutputArrayMap[D];
  } catch (error) {
    return fail('data', `cannot be read as ${datatype}: ${(error as Error).message}`);
  }
}

/**
 * Parses a JSON inference response so 64-bit integers stay exact: a plain `JSON.parse` first,
 * then, only for an INT64/UINT64 output that holds a value beyond ±2^53, its data read again
 * exactly (large integer literals as decimal strings, which the tensor decoder makes `bigint`).
 *
 * @example
 * ```ts
 * const body = parseResponseJson('{"model_name":"m","outputs":[{"name":"y","datatype":"INT64","shape":[1],"data":[9007199254740993]}]}');
 * ```
 */
export function parseResponseJson(text: string): unknown {
  return reparseExact(JSON.parse(text) as unknown, text);
}

/**
 * @internal `value` (parsed from `text`), where the data of each INT64/UINT64 output holding an
 * integer beyond 2^53 is replaced by the same data parsed again exactly from `text`. Nothing else
 * is taken from the exact parse: a numeric parameter stays a number.
 */
export function reparseExact(value: unknown, text: string): unknown {
  const outputs = (value as { outputs?: unknown } | null)?.outputs;
  let exact: { outputs: { data: unknown }[] } | undefined;
  if (Array.isArray(outputs)) {
    outputs.forEach((o: { datatype?: unknown; data?: unknown } | null, i) => {
      const dt = o?.datatype;
      if ((dt === 'INT64' || dt === 'UINT64') && Array.isArray(o!.data) && flatten(o!.data).some((v) => Number.isInteger(v) && !Number.isSafeInteger(v))) {
        // the same document parsed again: its outputs line up index for index
        o!.data = (exact ??= parseJsonExact(text) as typeof exact)!.outputs[i]!.data;
      }
    });
  }
  return value;
}

/**
 * Like `JSON.parse`, but integer literals of 16 or more digits (the only ones that can exceed
 * 2^53) are read as decimal strings, so no precision is lost; the tensor decoder turns them into
 * `bigint` for INT64/UINT64 (and numbers elsewhere). String literals are matched first, so their
 * contents are never touched. Only used when a response needs it.
 *
 * @example
 * ```ts
 * parseJsonExact('[18446744073709551615, 1]'); // ['18446744073709551615', 1]
 * ```
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text.replace(BIG_INT_LITERAL, (m) => (m.charCodeAt(0) === 34 ? m : `"${m}"`)));
}

const BIG_INT_LITERAL = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/**
 * @internal `text` with each bare `NaN`, `Infinity` and `-Infinity` token outside a string quoted
 * (`[NaN]` → `["NaN"]`), which {@link decodeJsonData} reads back in a float tensor. Triton writes a
 * float's non-finite values so (rapidjson's kWriteNanAndInfFlag); JSON.parse refuses them.
 *
 * @example
 * ```ts
 * quoteNonFinite('{"data":[NaN,-Infinity],"note":"NaN"}'); // '{"data":["NaN","-Infinity"],"note":"NaN"}'
 * ```
 */
export function quoteNonFinite(text: string): string {
  return text.replace(NON_FINITE, (m) => (m.charCodeAt(0) === 34 ? m : `"${m}"`));
}

const NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
