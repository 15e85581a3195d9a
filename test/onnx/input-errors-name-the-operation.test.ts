/**
 * docs/core.md, "Errors": an error names the operation that failed (`operation`), and a refused
 * input's message starts with it. The remote OIP client's refusals did (`oip.infer: input "x"
 * (inputs[0].data) …`, test/oip/input-errors-name-the-operation.test.ts), while the local runtime,
 * which withFallback puts behind it with the same request, refused the same mistake with an
 * InvalidRequestError without `operation` and without the prefix (`inputs[0] (x): shape …`), so
 * the same bad request read differently depending on which side answered. Each request below goes
 * to both sides; the refusals carry their operation, start their message with it, and agree on `path`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InvalidRequestError } from '../../src/core/errors.js';
import { createOipClient, type InferenceRequest, type InferOptions, type OipClient } from '../../src/oip/index.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import { bad } from '../core/_misuse.js';
import { startOipServer, type OipServer } from '../helpers/oip-server.js';
import { MODELS_DIR } from './helpers.js';

let server: OipServer;
let remote: OipClient;
let local: OnnxRuntime;

beforeAll(async () => {
  server = await startOipServer();
  remote = createOipClient({ baseURL: server.url, retry: false, timeoutMs: 10_000 });
  local = createOnnxRuntime({ modelRepository: MODELS_DIR });
});
afterAll(async () => {
  await server?.close();
  await local?.dispose();
});

const x = (over: object = {}) => ({ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: Float32Array.of(1, 2, 3, 4), ...over });
const req = (over: object = {}): InferenceRequest => ({ inputs: [x()], ...over });

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** `err` is an InvalidRequestError of `operation` at `path`, its message starting with the operation (once). */
function expectNamed(err: unknown, operation: string, path: string): void {
  expect(err).toBeInstanceOf(InvalidRequestError);
  const op = operation.replace(/\./g, '\\.');
  const { message, path: at } = err as InvalidRequestError;
  expect({ operation: (err as InvalidRequestError).operation, message, path: at }).toMatchObject({
    operation,
    message: expect.stringMatching(new RegExp(`^${op}: (?!${op})`)),
    path,
  });
}

type Case = [what: string, model: string, request: InferenceRequest, options: InferOptions | undefined, path: string];

describe('a request both sides refuse before running it: the same path, each naming its operation', () => {
  const cases: Case[] = [
    ['data that does not fill the shape', 'mlp', req({ inputs: [x({ data: Float32Array.of(1, 2, 3) })] }), undefined, 'inputs[0].data'],
    ['an unknown datatype', 'mlp', req({ inputs: [x({ datatype: 'FP8' })] }), undefined, 'inputs[0].datatype'],
    ['data of the wrong container', 'mlp', req({ inputs: [x({ data: Float64Array.of(1, 2, 3, 4) })] }), undefined, 'inputs[0].data'],
    ['a shape entry that is no integer', 'mlp', req({ inputs: [x({ shape: [1, 1.5] })] }), undefined, 'inputs[0].shape[1]'],
    // an integer beyond 2^53 − 1: the local runtime refused it at inputs[0].data, its element count inexact
    ['a shape entry beyond the safe integers', 'mlp', req({ inputs: [x({ shape: [2 ** 53, 4] })] }), undefined, 'inputs[0].shape[0]'],
    ['an input given twice', 'mlp', req({ inputs: [x(), x()] }), undefined, 'inputs[1].name'],
    ['no inputs', 'mlp', req({ inputs: [] }), undefined, 'inputs'],
    ['a request that is no object', 'mlp', bad(null), undefined, 'inputs'],
    ['outputs that are no array', 'mlp', req({ outputs: { name: 'y' } }), undefined, 'outputs'],
    // the local runtime read null as every output, and refused a null tensor at inputs[0].name
    ['outputs: null', 'mlp', req({ outputs: null }), undefined, 'outputs'],
    ['an input that is no tensor object', 'mlp', req({ inputs: [null] }), undefined, 'inputs[0]'],
    ['a requested output without a name', 'mlp', req({ outputs: [{}] }), undefined, 'outputs'],
    ['a BYTES string with a lone surrogate', 'strings', { inputs: [{ name: 'text', datatype: 'BYTES', shape: [2], data: ['ok', 'a\uD800'] }] }, undefined, 'inputs[0].data[1]'],
    ['a timeoutMs below 0', 'mlp', req(), { timeoutMs: -1 }, 'timeoutMs'],
    ['a signal that is no AbortSignal', 'mlp', req(), { signal: bad('abort') }, 'signal'],
  ];
  it.each(cases)('%s', async (_what, model, request, options, path) => {
    const before = server.http.requests.length;
    expectNamed(await rejection(() => remote.infer(model, request, options)), 'oip.infer', path);
    expect(server.http.requests.length).toBe(before); // refused before sending
    expectNamed(await rejection(() => local.infer(model, request, options)), 'onnx.infer', path);
  });
});

describe('a request only the model can refuse: the platform answers 400, the local runtime names onnx.infer', () => {
  const cases: Case[] = [
    ['an unknown input name', 'mlp', req({ inputs: [x({ name: 'y' })] }), undefined, 'inputs[0].name'],
    ['a datatype other than the model’s', 'mlp', req({ inputs: [x({ datatype: 'INT32', data: Int32Array.of(1, 2, 3, 4) })] }), undefined, 'inputs[0].datatype'],
    ['a shape that does not fit the model', 'mlp', req({ inputs: [x({ shape: [1, 5], data: new Float32Array(5) })] }), undefined, 'inputs[0].shape[1]'],
    ['an unknown output name', 'mlp', req({ outputs: [{ name: 'nope' }] }), undefined, 'outputs[0].name'],
  ];
  it.each(cases)('%s', async (_what, model, request, options, path) => {
    const answered = await rejection(() => remote.infer(model, request, options));
    expect(answered).toBeInstanceOf(BadRequestError);
    expect((answered as BadRequestError).operation).toBe('oip.infer');
    expectNamed(await rejection(() => local.infer(model, request, options)), 'onnx.infer', path);
  });
});

describe('the other calls of the local runtime name theirs', () => {
  it.each([
    ['onnx.get', () => local.get('mlp', { timeoutMs: Number.NaN })],
    ['onnx.ready', () => local.ready('mlp', { signal: bad({}) })],
    ['onnx.list', () => local.list({ timeoutMs: bad('5') })],
    ['onnx.load', () => local.load('mlp', { timeoutMs: -5 })],
    ['onnx.unload', () => local.unload('mlp', { signal: bad(1) })],
  ] as const)('%s', async (operation, call) => {
    const err = await rejection(call);
    expectNamed(err, operation, (err as InvalidRequestError).path ?? '');
  });

  it.each([
    ['backend', { backend: 'cuda' }],
    ['execution', { execution: 'threads' }],
    ['threads', { threads: 0 }],
    ['thread', { thread: 2 }],
  ])('createOnnxRuntime: %s', (path, extra) => {
    let err: unknown;
    try {
      createOnnxRuntime(bad({ modelRepository: MODELS_DIR, ...extra }));
    } catch (e) {
      err = e;
    }
    expectNamed(err, 'createOnnxRuntime', path);
  });
});
