/**
 * Triton's binary tensor data extension, read side (triton/extension_binary_data.md, docs/oip.md
 * "Binary tensor data extension"): the JSON header is `Inference-Header-Content-Length` bytes long,
 * each binary output takes `parameters.binary_data_size` bytes of the tail in output order, other
 * outputs stay JSON. A tail that does not add up is a ResponseValidationError naming the field; the
 * transport parameter is dropped and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { inferBinary, outputOf } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** What the server answers next: a JSON header, the tail bytes, and the header length it claims (default: the real one). */
let answer: { header: unknown; tail?: Uint8Array; headerLength?: string } = { header: {} };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    const head = Buffer.from(JSON.stringify(answer.header));
    const tail = Buffer.from(answer.tail ?? new Uint8Array(0));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': answer.headerLength ?? String(head.length) });
    res.end(Buffer.concat([head, tail]));
  });
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };
const call = () => inferBinary(createClient({ baseURL: server.url, retry: false }), 'm', request);
const fails = () => call().then(
  (res) => {
    throw new Error(`expected a ResponseValidationError, got ${JSON.stringify(res.outputs.map((o) => o.name))}`);
  },
  (e: unknown) => e as ResponseValidationError,
);
const f32 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
const output = (parameters: Record<string, unknown>, shape = [2]) => ({ name: 'y', datatype: 'FP32', shape, parameters });

describe('binary outputs: binary_data_size', () => {
  it.each([[-4], [2.5], ['8'], [null]])('%j is refused at outputs[0].parameters.binary_data_size', async (size) => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: size })] }, tail: f32(1, 2) };
    const err = await fails();
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
  });

  it('an output that needs more bytes than remain names the output, at its binary_data_size', async () => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: 8 }, [2]), { ...output({ binary_data_size: 8 }, [2]), name: 'z' }] }, tail: f32(1, 2, 3) };
    const err = await fails();
    expect(err.issues[0]!.path).toEqual(['outputs', 1, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toContain('"z"');
  });

  it('a size that disagrees with shape × datatype names the output (even when the bytes after it would fill the shape)', async () => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: 4 }, [2]), { ...output({ binary_data_size: 4 }, [1]), name: 'z' }] }, tail: f32(1, 2) };
    const err = await fails();
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toContain('"y"');
  });

  it('bytes left over after the binary outputs are refused at outputs', async () => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: 8 })] }, tail: f32(1, 2, 3) };
    const err = await fails();
    expect(err.issues[0]!.path).toEqual(['outputs']);
    expect(err.issues[0]!.message).toContain('4 unclaimed bytes');
  });

  it('a tail exactly used up decodes; outputs before, between and after may be JSON', async () => {
    answer = {
      header: {
        model_name: 'm',
        outputs: [
          { name: 'a', datatype: 'INT32', shape: [1], data: [7] },
          output({ binary_data_size: 8 }),
          { name: 'b', datatype: 'BOOL', shape: [1], data: [true] },
          { name: 'z', datatype: 'FP32', shape: [1], parameters: { binary_data_size: 4 } },
        ],
      },
      tail: f32(1.5, -2, 9),
    };
    const res = await call();
    expect([...outputOf(res, 'a', 'INT32').data]).toEqual([7]);
    expect([...outputOf(res, 'y', 'FP32').data]).toEqual([1.5, -2]);
    expect([...outputOf(res, 'b', 'BOOL').data]).toEqual([1]);
    expect([...outputOf(res, 'z', 'FP32').data]).toEqual([9]);
  });

  it('drops binary_data_size but keeps the output\'s other parameters', async () => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: 8, classification: 2 })] }, tail: f32(1, 2) };
    const res = await call();
    expect(res.outputs[0]!.parameters).toEqual({ classification: 2 });
  });

  it('a zero-size binary output of an empty tensor is read as an empty array', async () => {
    answer = { header: { model_name: 'm', outputs: [output({ binary_data_size: 0 }, [0, 3])] } };
    const res = await call();
    expect(outputOf(res, 'y', 'FP32').data).toEqual(new Float32Array(0));
  });
});

describe('binary outputs: the header length', () => {
  it('equal to the whole body (every output JSON) is read', async () => {
    answer = { header: { model_name: 'm', outputs: [{ name: 'y', datatype: 'FP32', shape: [1], data: [3] }] } };
    const res = await call();
    expect([...outputOf(res, 'y', 'FP32').data]).toEqual([3]);
  });

  it.each([['-1'], ['1.5'], [''], ['0x10'], ['1e1']])('%j is a ResponseValidationError naming the header', async (headerLength) => {
    answer = { header: { model_name: 'm', outputs: [] }, headerLength };
    const err = await fails();
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]!.path).toEqual([]);
    expect(err.message).toContain('inference-header-content-length');
  });
});

describe('binary BYTES outputs', () => {
  const bytesOutput = (tail: number[], shape = [2]) => ({
    header: { model_name: 'm', outputs: [{ name: 's', datatype: 'BYTES', shape, parameters: { binary_data_size: tail.length } }] },
    tail: Uint8Array.from(tail),
  });

  it('reads 4-byte little-endian length-prefixed elements, the empty string included', async () => {
    answer = bytesOutput([2, 0, 0, 0, 0x68, 0x69, 0, 0, 0, 0, 3, 0, 0, 0, 0x61, 0xc3, 0xa9], [3]);
    expect(outputOf(await call(), 's', 'BYTES').data).toEqual(['hi', '', 'aé']);
  });

  it.each([
    ['a length prefix cut short', [2, 0, 0, 0, 0x68, 0x69, 1, 0]],
    ['an element longer than the tensor', [2, 0, 0, 0, 0x68, 0x69, 9, 0, 0, 0, 0x61]],
    ['bytes after the last element', [1, 0, 0, 0, 0x68, 1, 0, 0, 0, 0x69, 0x21]],
  ])('%s is refused at the output\'s binary_data_size', async (_what, tail) => {
    answer = bytesOutput(tail);
    const err = await fails();
    expect(err.issues[0]!.path).toEqual(['outputs', 0, 'parameters', 'binary_data_size']);
    expect(err.issues[0]!.message).toContain('"s"');
  });
});
