import { describe, expect, it } from 'vitest';
import { InvalidRequestError, ResponseValidationError } from '../../src/core/errors.js';
import {
  checkInputs,
  binaryTensorCodec,
  decodeInferBody,
  decodeJsonData,
  decodeTensorBytes,
  elementCount,
  encodeBinaryRequest,
  encodeInferRequestJson,
  encodeJsonData,
  floatToHalf,
  fp16ToFp32,
  fp32ToFp16,
  halfToFloat,
  parseJsonExact,
  parseResponseJson,
  tensor,
  tensorBytes,
} from '../../src/oip/index.js';

describe('tensor helpers', () => {
  it('elementCount', () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([5, 0])).toBe(0);
    expect(() => elementCount([2, 1.5])).toThrow(InvalidRequestError);
  });

  it('FP16 conversion is exact for every half value and rounds to nearest even', () => {
    for (let h = 0; h < 0x10000; h++) {
      const f = halfToFloat(h);
      if (Number.isNaN(f)) expect(Number.isNaN(halfToFloat(floatToHalf(f)))).toBe(true);
      else expect(floatToHalf(f)).toBe(h);
    }
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(floatToHalf(65520)).toBe(0x7c00); // overflow → Infinity
    expect(floatToHalf(2 ** -25)).toBe(0); // half of the smallest subnormal → 0 (even)
    expect(floatToHalf(-(2 ** -24))).toBe(0x8001);
    expect([...fp16ToFp32(fp32ToFp16([0.5, -2, 1024]))]).toEqual([0.5, -2, 1024]);
  });

  it('tensor() infers the datatype and checks shape × data', () => {
    const t = tensor('ids', 'INT64', [2], new BigInt64Array([1n, 2n]));
    expect(t.datatype).toBe('INT64');
    expect(() => tensor('ids', 'INT64', [3], new BigInt64Array(2))).toThrow(/input "ids".*2 elements but shape \[3\] needs 3/);
  });

  it('checkInputs: empty list, duplicate names, bad BYTES element', () => {
    expect(() => checkInputs([])).toThrow(InvalidRequestError);
    const x = { name: 'x', datatype: 'INT8' as const, shape: [1], data: new Int8Array(1) };
    expect(() => checkInputs([x, x])).toThrow(/appears twice/);
    try {
      checkInputs([{ name: 's', datatype: 'BYTES', shape: [2], data: ['a', 3 as unknown as string] }]);
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidRequestError).path).toBe('inputs[0].data[1]');
    }
  });
});

describe('JSON codec', () => {
  it('writes each datatype as the spec expects', () => {
    const text = encodeInferRequestJson({
      id: 'r"1',
      parameters: { a: 1 },
      inputs: [
        { name: 'b', datatype: 'BOOL', shape: [2], data: new Uint8Array([0, 2]) },
        { name: 'h', datatype: 'FP16', shape: [1], data: fp32ToFp16([0.5]) },
        { name: 'i', datatype: 'INT64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]) },
        { name: 's', datatype: 'BYTES', shape: [1], data: ['x"y'] },
        { name: 'z', datatype: 'FP32', shape: [2], data: new Float32Array([-0, 1.5]) },
      ],
      outputs: [{ name: 'o', parameters: { binary_data: false } }],
    });
    expect(text).toBe(
      '{"id":"r\\"1","parameters":{"a":1},"inputs":[' +
        '{"name":"b","datatype":"BOOL","shape":[2],"data":[false,true]},' +
        '{"name":"h","datatype":"FP16","shape":[1],"data":[0.5]},' +
        '{"name":"i","datatype":"INT64","shape":[2],"data":[-9223372036854775808,9223372036854775807]},' +
        '{"name":"s","datatype":"BYTES","shape":[1],"data":["x\\"y"]},' +
        '{"name":"z","datatype":"FP32","shape":[2],"data":[-0,1.5]}],' +
        '"outputs":[{"name":"o","parameters":{"binary_data":false}}]}',
    );
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('FP32 is written with at most 9 significant digits and reads back to the same float32 bits', () => {
    const bits = new Uint32Array(200_000);
    for (let i = 0; i < bits.length; i++) bits[i] = (Math.random() * 2 ** 32) >>> 0;
    const f = new Float32Array(bits.buffer).filter((v) => Number.isFinite(v));
    const extremes = new Float32Array([0.1, 1e-45, -1.1754942e-38, 3.4028234663852886e38, 16777216, 123456.789, -7]);
    for (const data of [f, extremes]) {
      const text = encodeJsonData({ name: 'x', datatype: 'FP32', shape: [data.length], data }, 0);
      const back = Float32Array.from(JSON.parse(text) as number[]);
      expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(data.buffer));
    }
    const random = encodeJsonData({ name: 'x', datatype: 'FP32', shape: [f.length], data: f }, 0);
    expect(random.length).toBeLessThan(JSON.stringify(Array.from(f)).length * 0.8);
    expect(encodeJsonData({ name: 'x', datatype: 'FP32', shape: [2], data: new Float32Array([0.1, 2.5]) }, 0)).toBe('[0.100000001,2.5]');
  });

  it('reads nested (row-major) data, checks counts and element types', () => {
    expect([...decodeJsonData('FP32', [[1, 2], [3, 4]], [2, 2], 0, null, 't')]).toEqual([1, 2, 3, 4]);
    expect([...decodeJsonData('BOOL', [true, false], [2], 0, null, 't')]).toEqual([1, 0]);
    expect(() => decodeJsonData('FP32', [1, 2, 3], [2, 2], 0, null, 't')).toThrow(ResponseValidationError);
    expect(() => decodeJsonData('INT32', ['a'], [1], 0, null, 't')).toThrow(/cannot be read as INT32/);
    // every element is checked, not only the first (a string or a boolean later on is no NaN or 0;
    // a null in a float tensor is NaN: json-float-output-null.test.ts)
    const bad = [['FP32', [1, 'oops', 3], 1], ['FP64', [1, 2, true], 2], ['FP16', [0.5, {}], 1], ['INT8', [1, '2'], 1]] as const;
    for (const [datatype, data, at] of bad) {
      let err: unknown;
      try {
        decodeJsonData(datatype, [...data], [data.length], 0, null, 't');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).issues[0]).toEqual({ path: ['outputs', 0, 'data'], message: `cannot be read as ${datatype}: element ${at} is ${JSON.stringify(data[at])}` });
    }
    expect(() => decodeJsonData('INT64', [1.5], [1], 0, null, 't')).toThrow(ResponseValidationError);
    expect(() => decodeJsonData('BYTES', [1], [1], 0, null, 't')).toThrow(ResponseValidationError);
  });

  it('keeps 64-bit integers exact beyond 2^53', () => {
    const body = '{"model_name":"m","outputs":[{"name":"y","datatype":"UINT64","shape":[3],"data":[18446744073709551615, 9007199254740993, 1]},' +
      '{"name":"f","datatype":"FP64","shape":[1],"data":[1e300]}]}';
    const res = decodeInferBody(body, undefined, 0);
    expect([...(res.outputs[0]!.data as BigUint64Array)]).toEqual([2n ** 64n - 1n, 9007199254740993n, 1n]);
    expect([...(res.outputs[1]!.data as Float64Array)]).toEqual([1e300]);
    // the exact parser is only used when needed
    expect(parseResponseJson('{"outputs":[{"datatype":"INT64","data":[1,2]}]}')).toEqual({ outputs: [{ datatype: 'INT64', data: [1, 2] }] });
  });

  it('takes only the 64-bit tensor data from the exact parse: numeric parameters stay numbers', () => {
    // inference_rest.md "Parameters": $parameter = $string : $string | $number | $boolean
    const body =
      '{"model_name":"m","parameters":{"sequence_id":1234567890123456},"outputs":[' +
      '{"name":"y","datatype":"INT64","shape":[1],"data":[9007199254740993],"parameters":{"count":12345678901234567}},' +
      '{"name":"z","datatype":"INT64","shape":[1],"data":[1234567890123456]}]}';
    const res = decodeInferBody(body, undefined, 0);
    expect([...(res.outputs[0]!.data as BigInt64Array)]).toEqual([9007199254740993n]);
    expect([...(res.outputs[1]!.data as BigInt64Array)]).toEqual([1234567890123456n]);
    expect(res.parameters).toEqual({ sequence_id: 1234567890123456 });
    expect(res.outputs[0]!.parameters).toEqual({ count: 12345678901234567 });
  });

  it('parseJsonExact keeps long integer literals as text and leaves everything else to JSON.parse', () => {
    const samples = ['{"a":[1,-2.5e3,true,false,null,"s\\u00e9\\n"],"b":{}}', '[]', '  {"x" : [ [1] , [ ] ] }  ', '"\\"\\\\"', '-0', '[1.12345678901234567, 12345678901234567e3]'];
    for (const s of samples) expect(parseJsonExact(s)).toEqual(JSON.parse(s));
    expect(parseJsonExact('[123456789012345678901, -9223372036854775808]')).toEqual(['123456789012345678901', '-9223372036854775808']);
    // digits inside strings are never touched, escaped quotes included
    expect(parseJsonExact('{"s":"[12345678901234567890,\\"99999999999999999"}')).toEqual({ s: '[12345678901234567890,"99999999999999999' });
    for (const bad of ['{', '[1,]', '{"a" 1}', 'tru', '[1] x']) expect(() => parseJsonExact(bad)).toThrow(SyntaxError);
  });
});

describe('binary codec', () => {
  it('lays out the header then the tensors in input order; numeric tensors are not copied', () => {
    const f = new Float32Array([1, 2, 3]);
    expect(tensorBytes({ name: 'f', datatype: 'FP32', shape: [3], data: f }).buffer).toBe(f.buffer);
    const req = { inputs: [
      { name: 'f', datatype: 'FP32' as const, shape: [3], data: f },
      { name: 's', datatype: 'BYTES' as const, shape: [2], data: ['hé', new Uint8Array([0, 255])] as unknown as string[] },
    ] };
    const { body, headerLength } = encodeBinaryRequest(req, true);
    const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength))) as { inputs: { parameters: { binary_data_size: number } }[]; parameters: unknown };
    expect(header.parameters).toEqual({ binary_data_output: true });
    expect(header.inputs.map((i) => i.parameters.binary_data_size)).toEqual([12, 4 + 3 + 4 + 2]);
    expect(body.length).toBe(headerLength + 12 + 13);
    expect([...body.subarray(headerLength + 12)]).toEqual([3, 0, 0, 0, 0x68, 0xc3, 0xa9, 2, 0, 0, 0, 0, 255]);
  });

  it('an aligned tensor is a view on the response bytes (no copy), an unaligned one a copy; a numeric input is sent as a view on its own memory', () => {
    const bytes = new Uint8Array(4 + 8 + 1 + 8);
    const aligned = decodeTensorBytes('FP32', bytes, 4, 8, 2);
    expect(aligned.buffer).toBe(bytes.buffer);
    expect(aligned.byteOffset).toBe(4);
    const unaligned = decodeTensorBytes('FP32', bytes, 13, 8, 2);
    expect(unaligned.buffer).not.toBe(bytes.buffer);
    expect(unaligned.byteLength).toBe(8);
    const data = new Float32Array(new ArrayBuffer(32), 8, 4);
    const sent = tensorBytes({ name: 'x', datatype: 'FP32', shape: [4], data });
    expect(sent.buffer).toBe(data.buffer);
    expect([sent.byteOffset, sent.byteLength]).toEqual([8, 16]);
  });

  it('reads tensors at unaligned offsets and rejects sizes that do not add up', () => {
    const bytes = new Uint8Array(1 + 8);
    new DataView(bytes.buffer).setFloat32(1, 1.5, true);
    new DataView(bytes.buffer).setFloat32(5, -2, true);
    expect([...decodeTensorBytes('FP32', bytes, 1, 8, 2)]).toEqual([1.5, -2]);
    expect(() => decodeTensorBytes('FP32', bytes, 1, 8, 3)).toThrow(RangeError);
    const s = new Uint8Array([5, 0, 0, 0, 104]);
    expect(() => decodeTensorBytes('BYTES', s, 0, 5, 1)).toThrow(/overruns/);
  });

  it('binaryTensorCodec: encode and decode round trip; a header length beyond the body is a ResponseValidationError', () => {
    const { body, headerLength } = binaryTensorCodec.encode({ inputs: [{ name: 'y', datatype: 'INT64', shape: [2], data: new BigInt64Array([-1n, 2n ** 62n]) }] }, false);
    // the request header stands in for a response header: same layout
    const header = JSON.parse(new TextDecoder().decode(body.subarray(0, headerLength))) as { inputs: Record<string, unknown>[] };
    const answer = new TextEncoder().encode(JSON.stringify({ model_name: 'm', outputs: header.inputs }));
    const bytes = new Uint8Array(answer.length + body.length - headerLength);
    bytes.set(answer);
    bytes.set(body.subarray(headerLength), answer.length);
    const res = binaryTensorCodec.decode(bytes, String(answer.length));
    expect([...(res.outputs[0]!.data as BigInt64Array)]).toEqual([-1n, 2n ** 62n]);
    expect(res.outputs[0]!.parameters).toBeUndefined();
    expect(() => binaryTensorCodec.decode(bytes, String(bytes.length + 1))).toThrow(ResponseValidationError);
    expect(() => binaryTensorCodec.decode(bytes, 'abc')).toThrow(/inference-header-content-length is abc/);
  });

  it('a binary response whose sizes overrun the body is a ResponseValidationError', () => {
    const header = '{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[2],"parameters":{"binary_data_size":8}}]}';
    const h = new TextEncoder().encode(header);
    const body = new Uint8Array(h.length + 4);
    body.set(h);
    expect(() => decodeInferBody(header, body, h.length)).toThrow(ResponseValidationError);
    const ok = new Uint8Array(h.length + 8);
    ok.set(h);
    new DataView(ok.buffer).setFloat32(h.length + 4, 7, true);
    expect([...(decodeInferBody(header, ok, h.length).outputs[0]!.data as Float32Array)]).toEqual([0, 7]);
  });
});
