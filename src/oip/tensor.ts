/**
 * Tensor helpers shared by the remote client and the local runtime: element counts, data checks
 * with errors naming the tensor, typed-array constructors per datatype, FP16 and BF16 conversion.
 * @module
 */
import { isObject } from '../core/check.js';
import { InvalidRequestError } from '../core/errors.js';
import type {
  Datatype,
  DatatypeArrayMap,
  InputTensor,
  NumericDatatype,
} from './types.js';

/**
 * A typed-array constructor (the shape `TYPED_ARRAY_CONSTRUCTORS` holds).
 *
 * @example
 * ```ts
 * const ctor: ArrayCtor<Float32Array> = Float32Array;
 * ```
 */
export type ArrayCtor<T> = {
  /** A zero-filled array of `length` elements. */
  new (length: number): T;
  /** A view over `buffer` (`byteOffset` must be a multiple of `BYTES_PER_ELEMENT`). */
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  /** Bytes per element. */
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * The typed-array constructor of every numeric datatype.
 *
 * @example
 * ```ts
 * const data = new TYPED_ARRAY_CONSTRUCTORS.FP32(8); // Float32Array(8)
 * ```
 */
export const TYPED_ARRAY_CONSTRUCTORS: { readonly [D in NumericDatatype]: ArrayCtor<DatatypeArrayMap[D]> } = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
  BF16: Uint16Array,
};

/**
 * True when `value` names an OIP datatype.
 *
 * @example
 * ```ts
 * isDatatype('FP32'); // true
 * isDatatype('FLOAT'); // false
 * ```
 */
export function isDatatype(value: unknown): value is Datatype {
  return value === 'BYTES' || (typeof value === 'string' && Object.hasOwn(TYPED_ARRAY_CONSTRUCTORS, value));
}

/**
 * Bytes per element in the binary encoding, or `undefined` for BYTES (variable length).
 *
 * @example
 * ```ts
 * bytesPerElement('FP16'); // 2
 * ```
 */
export function bytesPerElement(datatype: Datatype): number | undefined {
  return datatype === 'BYTES' ? undefined : TYPED_ARRAY_CONSTRUCTORS[datatype].BYTES_PER_ELEMENT;
}

/**
 * Allocates a zeroed typed array for a numeric datatype.
 *
 * @example
 * ```ts
 * const ids = createTensorData('INT64', 3); // BigInt64Array(3)
 * ```
 */
export function createTensorData<D extends NumericDatatype>(datatype: D, length: number): DatatypeArrayMap[D] {
  return new TYPED_ARRAY_CONSTRUCTORS[datatype](length) as DatatypeArrayMap[D];
}

/**
 * Number of elements a concrete shape holds. Throws {@link InvalidRequestError} for a negative or
 * non-integer dimension.
 *
 * @example
 * ```ts
 * elementCount([2, 3]); // 6
 * elementCount([]); // 1 (a scalar)
 * ```
 */
export function elementCount(shape: readonly number[], path = 'shape'): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isSafeInteger(d) || d < 0) throw refused(`${path}[${i}]`, `must be a non-negative integer, got ${String(d)}`);
    n *= d;
  }
  return n;
}

/** @internal A code point of category Cs: in a `u` regex a surrogate pair is one code point, so only a lone half matches. */
export const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when `data` is the container the datatype expects (a BYTES tensor accepts strings or byte arrays).
 *
 * @example
 * ```ts
 * matchesDatatype('INT64', new BigInt64Array(1)); // true
 * matchesDatatype('FP32', new Float64Array(1)); // false
 * ```
 */
export function matchesDatatype(datatype: Datatype, data: unknown): boolean {
  return datatype === 'BYTES' ? Array.isArray(data) : data instanceof (TYPED_ARRAY_CONSTRUCTORS[datatype] as unknown as typeof Uint8Array);
}

/** @internal The {@link InvalidRequestError} `<path> <message>`, at `path` (e.g. `inputs[0].shape[1]`). */
export function refused(path: string, message: string, what = path): InvalidRequestError {
  return new InvalidRequestError(`${what} ${message}`, { path });
}

/**
 * @internal The error of input `index` at `field` (e.g. `.data`): `input "x" (inputs[0].data) <message>`,
 * or `inputs[0].name <message>` while the tensor has no name.
 */
export function inputError(index: number, field: string, message: string, name?: string): InvalidRequestError {
  const path = `inputs[${index}]${field}`;
  return refused(path, message, name === undefined ? path : `input "${name}" (${path})`);
}

/**
 * Checks one input tensor before it is sent or run: known datatype, container matching it, shape
 * integers, element count equal to the shape's product, and BYTES strings without a lone surrogate
 * (which has no UTF-8 form). Errors are
 * {@link InvalidRequestError}s naming the tensor with `path` like `inputs[0].data`.
 *
 * @example
 * ```ts
 * checkInputTensor({ name: 'x', datatype: 'FP32', shape: [2, 4], data: new Float32Array(6) }, 0);
 * // throws InvalidRequestError: input "x" (inputs[0].data) has 6 elements but shape [2,4] needs 8
 * ```
 */
export function checkInputTensor(tensor: InputTensor, index: number): void {
  if (tensor === null || typeof tensor !== 'object') throw inputError(index, '', 'must be a tensor object');
  const { name, datatype, shape } = tensor;
  if (typeof name !== 'string' || !name) throw inputError(index, '.name', 'must be a non-empty string');
  const fail = (field: string, message: string): never => {
    throw inputError(index, field, message, name);
  };
  if (!isDatatype(datatype)) fail('.datatype', `has unknown datatype ${JSON.stringify(datatype)}`);
  if (!Array.isArray(shape)) fail('.shape', 'must be an array');
  const expected = elementCount(shape, `inputs[${index}].shape`);
  const data: unknown = tensor.data;
  if (!matchesDatatype(datatype, data)) {
    const got = Object.prototype.toString.call(data).slice(8, -1); // Float64Array, Array, Null, …
    const want = datatype === 'BYTES' ? 'string[] or Uint8Array[]' : TYPED_ARRAY_CONSTRUCTORS[datatype].name;
    fail('.data', `must be a ${want} for datatype ${datatype}, got ${got}`);
  }
  const length = (data as ArrayLike<unknown>).length;
  if (length !== expected) fail('.data', `has ${length} elements but shape [${shape.join(',')}] needs ${expected}`);
  if (datatype === 'BYTES') {
    // a lone surrogate has no UTF-8 form: TextEncoder would send EF BF BD instead, JSON an escape
    const bad = (data as unknown[]).findIndex((v) => (typeof v === 'string' ? LONE_SURROGATE.test(v) : !(v instanceof Uint8Array)));
    if (bad >= 0) fail(`.data[${bad}]`, 'must be a Uint8Array or a string without a lone surrogate (UTF-8 cannot carry one)');
  }
}

/**
 * Checks every input of a request (see {@link checkInputTensor}); also rejects an empty or duplicate input list.
 *
 * @example
 * ```ts
 * checkInputs(request.inputs);
 * ```
 */
export function checkInputs(inputs: readonly InputTensor[] | undefined): void {
  if (!Array.isArray(inputs) || inputs.length === 0) throw refused('inputs', 'must be a non-empty array of tensors');
  const seen = new Set<string>();
  inputs!.forEach((t, i) => {
    checkInputTensor(t, i);
    if (seen.has(t.name)) throw inputError(i, '.name', 'appears twice', t.name);
    seen.add(t.name);
  });
}

/**
 * @internal Throws {@link InvalidRequestError} at the first NaN, ±Infinity or BigInt in `value` (plain objects
 * and arrays walked), or where it refers back to an object that holds it (`up`: those objects; a cycle
 * would otherwise overflow the stack, a bare RangeError).
 */
export function checkFinite(value: unknown, path: string, up: unknown[] = []): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw refused(path, `is ${value}, which JSON cannot carry (it would be sent as null)`);
  } else if (typeof value === 'bigint') {
    throw refused(path, 'is a BigInt, which JSON cannot carry (send it as a string)');
  } else if (value && typeof value === 'object') {
    if (up.includes(value)) throw refused(path, 'is a cycle, which JSON cannot carry');
    up.push(value);
    if (Array.isArray(value)) value.forEach((v, i) => checkFinite(v, `${path}[${i}]`, up));
    else for (const k of Object.keys(value)) checkFinite((value as Record<string, unknown>)[k], `${path}.${k}`, up);
    up.pop();
  }
}

/**
 * Builds an input tensor, checking shape × data now. The datatype is given, not guessed from the
 * data: its literal types the result (`InputTensor<'FP32'>`) and `data` (a `Float32Array` for
 * `'FP32'`). A refusal names the tensor with a path at index 0 (`input "x" (inputs[0].data) …`): the
 * tensor has no place in a request yet.
 *
 * @example
 * ```ts
 * const x = tensor('x', 'FP32', [1, 4], new Float32Array([1, 2, 3, 4])); // InputTensor<'FP32'>
 * ```
 */
export function tensor<D extends Datatype>(
  name: string,
  datatype: D,
  shape: readonly number[],
  data: DatatypeArrayMap[D],
): InputTensor<D> {
  const t = { name, datatype, shape, data } as unknown as InputTensor<D>;
  checkInputTensor(t as InputTensor, 0);
  return t;
}

// ---- FP16, BF16 ----------------------------------------------------------------------------------

const f32 = /* @__PURE__ */ new Float32Array(1);
const u32 = /* @__PURE__ */ new Uint32Array(f32.buffer);

/**
 * Converts one number to IEEE 754 half-precision bits (round to nearest even; overflow to ±Infinity).
 *
 * @example
 * ```ts
 * floatToHalf(1); // 0x3c00
 * ```
 */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const abs = x & 0x7fffffff;
  if (abs > 0x7f800000) return sign | 0x7e00; // NaN
  if (abs >= 0x47800000) return sign | 0x7c00; // ±Infinity, or beyond the half range
  let half: number;
  let rem: number;
  if (abs < 0x38800000) {
    // below 2^-14: a subnormal half counts units of 2^-24 (exact in a double)
    const units = Math.abs(f32[0]!) * 2 ** 24;
    half = Math.floor(units);
    rem = units - half;
  } else {
    // rebias the exponent 127 -> 15 and keep 10 mantissa bits; a carry rounds into the exponent
    half = (abs - 0x38000000) >>> 13;
    rem = (abs & 0x1fff) / 0x2000;
  }
  // round to nearest, ties to even (see tieUp)
  return sign | (rem > 0.5 || (rem === 0.5 && tieUp(value, half)) ? half + 1 : half);
}

/**
 * Whether a tie in rounding `value`, as the float32 last written to `f32`, to fewer bits (`bits`
 * kept) goes up: to even when that float32 is `value` itself, else the way `value` lies (a tie in
 * the float32 is one in `value` only when that rounding was exact: no double rounding).
 */
function tieUp(value: number, bits: number): boolean {
  const f = f32[0]!;
  return f === value ? (bits & 1) === 1 : Math.abs(value) > Math.abs(f);
}

/**
 * Converts IEEE 754 half-precision bits to a number.
 *
 * @example
 * ```ts
 * halfToFloat(0x3c00); // 1
 * ```
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0x1f) return m !== 0 ? NaN : sign * Infinity;
  // a subnormal (e = 0) counts units of 2^-24; a normal number has the implicit leading 1
  return sign * (e ? 1024 + m : m) * 2 ** ((e || 1) - 25);
}

/**
 * Converts FP32 values to an FP16 tensor's data (half bits in a Uint16Array).
 *
 * @example
 * ```ts
 * const data = fp32ToFp16(new Float32Array([0.5, 1.5])); // Uint16Array [0x3800, 0x3e00]
 * ```
 */
export function fp32ToFp16(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(values, floatToHalf);
}

/**
 * Converts an FP16 tensor's data (half bits) to a Float32Array.
 *
 * @example
 * ```ts
 * fp16ToFp32(new Uint16Array([0x3c00])); // Float32Array [1]
 * ```
 */
export function fp16ToFp32(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, halfToFloat);
}

/**
 * Converts one number to bfloat16 bits, the upper half of its float32 bits (round to nearest even,
 * from the number itself; overflow to ±Infinity; NaN stays NaN).
 *
 * @example
 * ```ts
 * floatToBf16(1); // 0x3f80
 * ```
 */
export function floatToBf16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const high = x >>> 16;
  const rem = x & 0xffff;
  if (value !== value) return high | 0x40; // NaN, kept a NaN when its payload was in the lower half
  return rem > 0x8000 || (rem === 0x8000 && tieUp(value, high)) ? high + 1 : high;

}

/**
 * Converts bfloat16 bits to a number (exact).
 *
 * @example
 * ```ts
 * bf16ToFloat(0x3f80); // 1
 * ```
 */
export function bf16ToFloat(bits: number): number {
  u32[0] = bits << 16;
  return f32[0]!;
}

/**
 * Converts numbers to a BF16 tensor's data (bfloat16 bits in a Uint16Array).
 *
 * @example
 * ```ts
 * const data = fp32ToBf16([0.5, 1.5]); // Uint16Array [0x3f00, 0x3fc0]
 * ```
 */
export function fp32ToBf16(values: ArrayLike<number>): Uint16Array {
  return Uint16Array.from(values, floatToBf16);
}

/**
 * Converts a BF16 tensor's data (bfloat16 bits) to a Float32Array.
 *
 * @example
 * ```ts
 * bf16ToFp32(new Uint16Array([0x3f80])); // Float32Array [1]
 * ```
 */
export function bf16ToFp32(bits: Uint16Array): Float32Array {
  return Float32Array.from(bits, bf16ToFloat);
}
