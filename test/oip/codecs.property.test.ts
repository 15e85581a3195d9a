/**
 * OIP tensor codecs (src/oip/json-codec.ts, binary-codec.ts): for every datatype and arbitrary
 * shapes (zero-size dimensions and scalars included), a tensor encoded as a request and read back
 * as a response holds exactly the data it started with: NaN payloads, -0 and ±Infinity (binary),
 * -0 (JSON), the 64-bit integer extremes, empty and non-ASCII BYTES. The binary layout is checked
 * against one built here element by element with a DataView (little-endian; BYTES: a 4-byte length
 * then the bytes), and `binary_data_size` against the bytes each tensor takes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { binaryTensorCodec, decodeInferBody, encodeBinaryRequest, encodeJsonData, tensorBytes, type Datatype, type InputTensor } from '../../src/oip/index.js';
import { props } from '../helpers/property.js';

const NUMERIC = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'BF16', 'FP32', 'FP64'] as const;
const ALL: readonly Datatype[] = [...NUMERIC, 'BYTES'];

/** Element generators per datatype; `json` leaves out what JSON cannot carry (non-finite floats, non-UTF-8 bytes). */
function element(dt: Datatype, json: boolean): fc.Arbitrary<unknown> {
  const ints = (min: number, max: number) => fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, 0));
  const bigs = (min: bigint, max: bigint) => fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, 0n, 2n ** 53n + 1n, -(2n ** 53n) - 1n).filter((b) => b >= min && b <= max));
  const float16Bits = (inf: number) => fc.integer({ min: 0, max: 0xffff }).filter((b) => !json || (b & 0x7fff) < inf);
  switch (dt) {
    case 'BOOL':
      return fc.constantFrom(0, 1);
    case 'UINT8':
      return ints(0, 255);
    case 'UINT16':
      return ints(0, 65535);
    case 'UINT32':
      return ints(0, 2 ** 32 - 1);
    case 'INT8':
      return ints(-128, 127);
    case 'INT16':
      return ints(-32768, 32767);
    case 'INT32':
      return ints(-(2 ** 31), 2 ** 31 - 1);
    case 'UINT64':
      return bigs(0n, 2n ** 64n - 1n);
    case 'INT64':
      return bigs(-(2n ** 63n), 2n ** 63n - 1n);
    case 'FP16':
      return float16Bits(0x7c00);
    case 'BF16':
      return float16Bits(0x7f80);
    case 'FP32':
      return fc.oneof(fc.float({ noNaN: json, noDefaultInfinity: json }), fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((b) => new Float32Array(new Uint32Array([b]).buffer)[0]!).filter((v) => !json || Number.isFinite(v))).map(Number);
    case 'FP64':
      return fc.oneof(fc.double({ noNaN: json, noDefaultInfinity: json }), fc.constantFrom(-0, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 53 + 2));
    case 'BYTES':
      return fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 8 }),
        fc.constantFrom('', '"', '\\', '\u2028', '12345678901234567890', '"12345678901234567"', 'é\u0000'),
        fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => new TextEncoder().encode(s)),
        json ? fc.constant('') : fc.uint8Array({ maxLength: 8 }),
      );
  }
}

function dataOf(dt: Datatype, values: unknown[]): InputTensor['data'] {
  if (dt === 'BYTES') return values as string[];
  if (dt === 'FP16' || dt === 'BF16') return new Uint16Array(values as number[]);
  const Ctor = { BOOL: Uint8Array, UINT8: Uint8Array, UINT16: Uint16Array, UINT32: Uint32Array, UINT64: BigUint64Array, INT8: Int8Array, INT16: Int16Array, INT32: Int32Array, INT64: BigInt64Array, FP32: Float32Array, FP64: Float64Array }[dt];
  return (Ctor as unknown as { from(v: unknown[]): InputTensor['data'] }).from(values);
}

const shape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
const tensorArb = (json: boolean, name = 'x'): fc.Arbitrary<InputTensor> =>
  fc.record({ dt: fc.constantFrom(...ALL), shape }).chain(({ dt, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc.array(element(dt, json), { minLength: n, maxLength: n }).map((values) => ({ name, datatype: dt, shape, data: dataOf(dt, values) }) as InputTensor);
  });

/** What a tensor's data reads back as: numbers by their bits (NaN payloads, -0), BYTES as UTF-8 text. */
function expected(t: InputTensor): unknown[] {
  const data = t.data as ArrayLike<unknown>;
  if (t.datatype === 'BYTES') return Array.from(data, (v) => (typeof v === 'string' ? new TextEncoder().encode(v) : v)).map((b) => new TextDecoder().decode(b as Uint8Array));
  if (t.datatype === 'FP32') return Array.from(new Uint32Array(new Float32Array(data as Float32Array).buffer));
  if (t.datatype === 'FP64') return Array.from(new BigUint64Array(new Float64Array(data as Float64Array).buffer));
  return Array.from(data);
}
const bitsOf = (dt: Datatype, data: unknown): unknown[] => expected({ name: 'y', datatype: dt, shape: [], data } as InputTensor);

/** The binary layout of one tensor, built element by element. */
function layout(t: InputTensor): Uint8Array {
  if (t.datatype === 'BYTES') {
    const parts = (t.data as (string | Uint8Array)[]).map((v) => (typeof v === 'string' ? new TextEncoder().encode(v) : v));
    const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
    const view = new DataView(out.buffer);
    let at = 0;
    for (const p of parts) {
      view.setUint32(at, p.length, true);
      out.set(p, at + 4);
      at += 4 + p.length;
    }
    return out;
  }
  const width = { BOOL: 1, UINT8: 1, INT8: 1, UINT16: 2, INT16: 2, FP16: 2, BF16: 2, UINT32: 4, INT32: 4, FP32: 4, UINT64: 8, INT64: 8, FP64: 8 }[t.datatype];
  const data = t.data as ArrayLike<number | bigint>;
  const out = new Uint8Array(data.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    const at = i * width;
    switch (t.datatype) {
      case 'BOOL':
      case 'UINT8':
        view.setUint8(at, v as number);
        break;
      case 'INT8':
        view.setInt8(at, v as number);
        break;
      case 'UINT16':
      case 'FP16':
      case 'BF16':
        view.setUint16(at, v as number, true);
        break;
      case 'INT16':
        view.setInt16(at, v as number, true);
        break;
      case 'UINT32':
        view.setUint32(at, v as number, true);
        break;
      case 'INT32':
        view.setInt32(at, v as number, true);
        break;
      case 'FP32':
        out.set(new Uint8Array(new Float32Array([v as number]).buffer), at); // keeps a NaN's payload
        break;
      case 'UINT64':
        view.setBigUint64(at, v as bigint, true);
        break;
      case 'INT64':
        view.setBigInt64(at, v as bigint, true);
        break;
      case 'FP64':
        out.set(new Uint8Array(new Float64Array([v as number]).buffer), at);
        break;
    }
  }
  return out;
}

/** Nests a flat list of element texts row-major by `shape` (a scalar or a vector stays flat). */
function nested(items: string[], dims: readonly number[]): string {
  if (dims.length <= 1) return `[${items.join(',')}]`;
  const [d, ...rest] = dims;
  const size = rest.reduce((a, b) => a * b, 1);
  return `[${Array.from({ length: d! }, (_, i) => nested(items.slice(i * size, (i + 1) * size), rest)).join(',')}]`;
}

/** A JSON inference answer with one output per tensor, each with the given data text. */
const answer = (ts: InputTensor[], dataTexts: string[]): string =>
  `{"model_name":"m","outputs":[${ts.map((t, i) => `{"name":"y${i}","datatype":"${t.datatype}","shape":${JSON.stringify(t.shape)},"data":${dataTexts[i]}}`).join(',')}]}`;

describe('JSON tensor data', () => {
  it('encode -> decode gives the data back exactly, flat or nested row-major, beside other outputs', () => {
    fc.assert(
      fc.property(fc.array(tensorArb(true), { minLength: 1, maxLength: 3 }), (ts) => {
        const flat = decodeInferBody(answer(ts, ts.map((t) => encodeJsonData(t, 0))), undefined, 0);
        ts.forEach((t, i) => expect(bitsOf(t.datatype, flat.outputs[i]!.data)).toEqual(expected(t)));
        // each element alone, put into nested arrays: the same data
        const texts = ts.map((t) => {
          const one = (i: number): InputTensor => ({ ...t, shape: [1], data: (t.data as unknown as { slice(a: number, b: number): InputTensor['data'] }).slice(i, i + 1) }) as InputTensor;
          return nested(Array.from({ length: (t.data as ArrayLike<unknown>).length }, (_, i) => encodeJsonData(one(i), 0).slice(1, -1)), t.shape);
        });
        const deep = decodeInferBody(answer(ts, texts), undefined, 0);
        ts.forEach((t, i) => expect(bitsOf(t.datatype, deep.outputs[i]!.data)).toEqual(expected(t)));
      }),
      props(0xc0de1, 1000),
    );
  });

  it('NaN and ±Infinity in a float tensor are refused (InvalidRequestError), never sent as null', () => {
    const floats = fc.constantFrom('FP16', 'BF16', 'FP32', 'FP64');
    fc.assert(
      fc.property(floats, fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 5 }), fc.constantFrom(NaN, Infinity, -Infinity), fc.nat(), (dt, values, bad, at) => {
        const all = [...values];
        all.splice(at % (all.length + 1), 0, bad);
        const data = dt === 'FP16' ? new Uint16Array(all.map((v) => (Number.isNaN(v) ? 0x7e00 : v === Infinity ? 0x7c00 : v === -Infinity ? 0xfc00 : 0))) : dt === 'BF16' ? new Uint16Array(all.map((v) => (Number.isNaN(v) ? 0x7fc0 : v === Infinity ? 0x7f80 : v === -Infinity ? 0xff80 : 0))) : dt === 'FP32' ? new Float32Array(all) : new Float64Array(all);
        expect(() => encodeJsonData({ name: 'x', datatype: dt, shape: [all.length], data } as InputTensor, 0)).toThrow(InvalidRequestError);
      }),
      props(0xc0de2, 200),
    );
  });
});

describe('binary tensor data', () => {
  const request = fc.array(fc.tuple(tensorArb(false), fc.option(fc.dictionary(fc.constantFrom('a', 'b'), fc.integer()), { nil: undefined })), { minLength: 1, maxLength: 4 }).map((ts) => ts.map(([t, parameters], i) => ({ ...t, name: `in${i}`, ...(parameters ? { parameters } : {}) })));

  it('each tensor is laid out as little-endian elements (BYTES: 4-byte length, bytes)', () => {
    fc.assert(
      fc.property(tensorArb(false), (t) => {
        expect(Array.from(tensorBytes(t))).toEqual(Array.from(layout(t)));
      }),
      props(0xb1a1, 1000),
    );
  });

  it('the header names each tensor\'s byte size, the tail holds them in order, and a response built from them decodes to the same data', () => {
    fc.assert(
      fc.property(request, fc.boolean(), (inputs, binaryOutputs) => {
        const { body, headerLength } = encodeBinaryRequest({ inputs }, binaryOutputs);
        const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength))) as { inputs: { name: string; datatype: string; shape: number[]; parameters: Record<string, unknown>; data?: unknown }[]; parameters?: Record<string, unknown> };
        expect(header.parameters?.binary_data_output === true).toBe(binaryOutputs);
        const tails = inputs.map(layout);
        expect(header.inputs.map((h) => h.parameters.binary_data_size)).toEqual(tails.map((b) => b.length));
        expect(header.inputs.map((h) => h.data)).toEqual(inputs.map(() => undefined));
        expect(header.inputs.map((h) => ({ ...h.parameters, binary_data_size: undefined }))).toEqual(inputs.map((t) => ({ ...t.parameters, binary_data_size: undefined })));
        expect(Array.from(body.subarray(headerLength))).toEqual(tails.flatMap((b) => Array.from(b)));
        // the same tensors as a binary answer (the tail unaligned when a BYTES tensor comes first)
        const responseHeader = new TextEncoder().encode(JSON.stringify({ model_name: 'm', outputs: header.inputs }));
        const response = new Uint8Array(responseHeader.length + body.length - headerLength);
        response.set(responseHeader);
        response.set(body.subarray(headerLength), responseHeader.length);
        const decoded = binaryTensorCodec.decode(response, String(responseHeader.length));
        decoded.outputs.forEach((o, i) => {
          expect(o.name).toBe(inputs[i]!.name);
          expect(bitsOf(o.datatype, o.data)).toEqual(expected(inputs[i]!));
          // binary_data_size is a transport detail, dropped (with the parameters when nothing else is left)
          const own = inputs[i]!.parameters;
          expect(o.parameters).toEqual(own && Object.keys(own).length > 0 ? own : undefined);
        });
      }),
      props(0xb1a2, 600),
    );
  });
});
