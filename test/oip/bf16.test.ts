/**
 * Triton's BF16 (bfloat16): models served by Triton report it in their metadata and carry it in
 * binary tensors. The metadata must read in `strict` mode, BF16 tensors must travel both ways
 * (binary: raw bits; JSON: numbers, as FP16 does), and the conversions must round to nearest even
 * from the number itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { bf16ToFloat, bf16ToFp32, createOipClient, decodeJsonData, floatToBf16, fp32ToBf16, getModel, isDatatype, type OipClient } from '../../src/oip/index.js';
import { createOnnxRuntime, ortTypeOf } from '../../src/onnx/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { ECHO_MODEL, MODELS_DIR, type OipServer } from '../helpers/oip-server.js';
import { rejectionAs } from '../core/_support.js';
import { createConformance, expectConformant, startConformantOipServer } from './setup.js';

describe('bfloat16 conversion', () => {
  it('every non-NaN bfloat16 value converts back to its own bits', () => {
    for (let b = 0; b < 0x10000; b++) {
      const f = bf16ToFloat(b);
      if (Number.isNaN(f)) expect(Number.isNaN(bf16ToFloat(floatToBf16(f)))).toBe(true);
      else expect(floatToBf16(f)).toBe(b);
    }
  });

  it.each([
    [1, 0x3f80],
    [-2, 0xc000],
    [1 + 2 ** -8, 0x3f80], // a tie: to even (down)
    [1 + 3 * 2 ** -8, 0x3f82], // a tie: to even (up)
    [1 + 2 ** -8 + 2 ** -40, 0x3f81], // above the tie, though its float32 rounding lands on it
    [1 + 3 * 2 ** -8 - 2 ** -40, 0x3f81], // below the tie, though its float32 rounding lands on it
    [3.4e38, 0x7f80], // beyond the largest bfloat16: +Infinity
    [-Infinity, 0xff80],
  ])('%d -> bits %d', (value, bits) => {
    expect(floatToBf16(value)).toBe(bits);
    expect(fp32ToBf16([value])[0]).toBe(bits);
  });

  it('NaN stays NaN, also one whose float32 payload is only in the lower half', () => {
    expect(Number.isNaN(bf16ToFloat(floatToBf16(Number.NaN)))).toBe(true);
    const lowPayload = new Float32Array(new Uint32Array([0x7f800001]).buffer)[0]!;
    expect(Number.isNaN(bf16ToFloat(floatToBf16(lowPayload)))).toBe(true);
  });

  it('bf16ToFp32 is exact, and BF16 is a datatype', () => {
    expect([...bf16ToFp32(fp32ToBf16([0.5, -1.5, 256]))]).toEqual([0.5, -1.5, 256]);
    expect(isDatatype('BF16')).toBe(true);
    expect([...decodeJsonData('BF16', [1, 0.1], [2], 0, null, 'oip.infer')]).toEqual([0x3f80, 0x3dcd]);
  });
});

describe('Triton metadata naming BF16', () => {
  let meta: TestServer;
  beforeAll(async () => {
    meta = await startTestServer((_req, res) =>
      json(res, 200, {
        name: 'llm',
        versions: ['1'],
        platform: 'tensorrt_plan',
        inputs: [{ name: 'x', datatype: 'BF16', shape: [-1, 8] }],
        outputs: [{ name: 'y', datatype: 'BF16', shape: [-1, 8] }],
      }),
    );
  });
  afterAll(() => meta.close());

  it('reads in strict mode (the default)', async () => {
    const m = await getModel(createOipClient({ baseURL: meta.url, retry: false }), 'llm');
    expect(m.inputs[0]!.datatype).toBe('BF16');
    expect(m.outputs[0]!.datatype).toBe('BF16');
  });
});

describe('BF16 tensors on the wire', () => {
  const conformance = createConformance();
  let server: OipServer;
  let oip: OipClient;
  beforeAll(async () => {
    server = await startConformantOipServer(conformance);
    oip = createOipClient({ baseURL: server.url, retry: false });
  });
  afterAll(async () => {
    await server.close();
    expectConformant(conformance, 2);
  });

  const x = { name: 'x', datatype: 'BF16' as const, shape: [2, 2], data: fp32ToBf16([1, -0.5, 3.140625, 1e30]) };

  it.each([false, true])('round-trips through the echo model (binary: %s)', async (binary) => {
    const res = await oip.infer(ECHO_MODEL, { inputs: [x] }, { binary });
    const y = res.outputs[0]!;
    expect(y.datatype).toBe('BF16');
    expect(y.data).toBeInstanceOf(Uint16Array);
    expect([...(y.data as Uint16Array)]).toEqual([...x.data]);
  });

  it('binary: the request body carries the raw bits, two bytes per element', async () => {
    await oip.infer(ECHO_MODEL, { inputs: [x] }, { binary: true });
    const { body, headers } = server.http.requests.at(-1)!;
    const headerLength = Number(headers['inference-header-content-length']);
    expect(body.length - headerLength).toBe(8);
    expect([...new Uint16Array(new Uint8Array(body.subarray(headerLength)).buffer)]).toEqual([...x.data]);
  });

  it('JSON: the request carries the exact numbers', async () => {
    await oip.infer(ECHO_MODEL, { inputs: [x] });
    const sent = server.http.requests.at(-1)!.json() as { inputs: { data: number[] }[] };
    expect(sent.inputs[0]!.data).toEqual([...bf16ToFp32(x.data)]);
  });
});

describe('ONNX Runtime has no bfloat16 in JavaScript', () => {
  it('ortTypeOf(BF16) is undefined, and a local run refuses a BF16 input as a datatype mismatch', async () => {
    expect(ortTypeOf('BF16')).toBeUndefined();
    const local = createOnnxRuntime({ modelRepository: MODELS_DIR });
    try {
      const err = await rejectionAs(local.infer('mlp', { inputs: [{ name: 'x', datatype: 'BF16', shape: [1, 4], data: fp32ToBf16([1, 2, 3, 4]) }] }), InvalidRequestError);
      expect(err.path).toBe('inputs[0].datatype');
      expect(err.message).toMatch(/datatype BF16 does not match the model's FP32/);
    } finally {
      await local.dispose();
    }
  });
});
