/**
 * Type-level tests of `modelwire/oip`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { expectTypeOf } from 'vitest';
import { withFallback, type Client, type SourceInfo, type Stream } from 'modelwire';
import {
  createOipClient,
  createTensorData,
  generate,
  generateStream,
  getModel,
  infer,
  inferBinary,
  listModels,
  modelReady,
  outputOf,
  serverMetadata,
  tensor,
  type GenerateResponse,
  type GenerateStreamEvent,
  type InferenceRequest,
  type InferenceResponse,
  type InputTensor,
  type ModelMetadata,
  type OipClient,
  type OipTarget,
  type OutputTensor,
  type RepositoryIndexEntry,
  type ServerMetadata,
} from 'modelwire/oip';

declare const client: Client;
declare const oip: OipClient;
const x = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) } as const;
const request: InferenceRequest = { inputs: [x] };

// ---------------------------------------------------------------- client options

createOipClient({ baseURL: 'http://127.0.0.1:8000', binary: { inputs: true } });
createOipClient(client, { binary: true });
// @ts-expect-error baseURL is required
createOipClient({ binary: true });
// @ts-expect-error unknown option key (a typo of timeoutMs)
createOipClient({ baseURL: 'http://h', timeout: 1000 });
// @ts-expect-error binary is true/false or per direction, not a codec name
createOipClient({ baseURL: 'http://h', binary: 'triton' });

// ---------------------------------------------------------------- inference: tensors typed by their datatype

expectTypeOf(infer(client, 'mlp', request)).toEqualTypeOf<Promise<InferenceResponse>>();
expectTypeOf(inferBinary(client, 'mlp', request)).toEqualTypeOf<Promise<InferenceResponse>>();
expectTypeOf(oip.infer('mlp', request, { binary: true, version: '1', timeoutMs: 2000 })).toEqualTypeOf<Promise<InferenceResponse>>();
declare const response: InferenceResponse;
expectTypeOf(response.outputs).toEqualTypeOf<OutputTensor[]>();
expectTypeOf(outputOf(response, 'probs', 'FP32').data).toEqualTypeOf<Float32Array>();
expectTypeOf(outputOf(response, 'ids', 'INT64').data).toEqualTypeOf<BigInt64Array>();
// BYTES outputs are decoded to strings
expectTypeOf(outputOf(response, 'labels', 'BYTES').data).toEqualTypeOf<string[]>();
// an output narrows on its datatype
const out = response.outputs[0]!;
if (out.datatype === 'FP64') expectTypeOf(out.data).toEqualTypeOf<Float64Array>();
if (out.datatype === 'FP16') expectTypeOf(out.data).toEqualTypeOf<Uint16Array>();
if (out.datatype === 'BF16') expectTypeOf(out.data).toEqualTypeOf<Uint16Array>();
expectTypeOf(tensor('x', 'INT32', [2], Int32Array.of(1, 2))).toEqualTypeOf<InputTensor<'INT32'>>();
expectTypeOf(createTensorData('UINT8', 4)).toEqualTypeOf<Uint8Array>();
// BYTES inputs: strings or raw bytes per element
expectTypeOf(tensor('s', 'BYTES', [2], ['a', 'b'])).toEqualTypeOf<InputTensor<'BYTES'>>();
// @ts-expect-error FP32 data is a Float32Array, not an Int32Array
void infer(client, 'mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: new Int32Array(1) }] });
// @ts-expect-error INT64 data is a BigInt64Array (a plain number array would lose precision)
void tensor('x', 'INT64', [1], [1]);
// @ts-expect-error FP16 data is the half-precision bits (fp32ToFp16), not a Float32Array
void tensor('x', 'FP16', [1], new Float32Array(1));
// @ts-expect-error BF16 data is the bfloat16 bits (fp32ToBf16), not a Float32Array
void tensor('x', 'BF16', [1], new Float32Array(1));
// @ts-expect-error BOOL data is a Uint8Array of 0/1, not booleans
void tensor('x', 'BOOL', [2], [true, false]);
// @ts-expect-error createTensorData makes numeric arrays only (BYTES has no fixed element size)
void createTensorData('BYTES', 2);
// @ts-expect-error unknown datatype
void tensor('x', 'FP8', [1], new Uint8Array(1));
// @ts-expect-error a tensor needs its shape
void infer(client, 'mlp', { inputs: [{ name: 'x', datatype: 'FP32', data: new Float32Array(1) }] });
// @ts-expect-error inputs is an array of tensors
void infer(client, 'mlp', { inputs: x });
// @ts-expect-error parameters are strings, numbers or booleans
void infer(client, 'mlp', { inputs: [x], parameters: { priority: null } });
// @ts-expect-error outputOf takes an output datatype
void outputOf(response, 'probs', 'float32');
// @ts-expect-error unknown infer option key (a typo of timeoutMs)
void oip.infer('mlp', request, { timeout: 1000 });

// ---------------------------------------------------------------- models, server, repository

expectTypeOf(listModels(client)).toEqualTypeOf<Promise<RepositoryIndexEntry[]>>();
expectTypeOf(getModel(client, 'mlp')).toEqualTypeOf<Promise<ModelMetadata>>();
expectTypeOf(modelReady(client, 'mlp', { version: '2' })).toEqualTypeOf<Promise<boolean>>();
expectTypeOf(serverMetadata(client)).toEqualTypeOf<Promise<ServerMetadata>>();
expectTypeOf(oip.get('mlp')).toEqualTypeOf<Promise<ModelMetadata>>();
expectTypeOf(oip.load('mlp', { config: { max_batch_size: 8 } })).toEqualTypeOf<Promise<void>>();
expectTypeOf(oip.stats('mlp')).resolves.toHaveProperty('model_stats');
expectTypeOf(oip.metadata()).toEqualTypeOf<Promise<ServerMetadata>>();
declare const meta: ModelMetadata;
expectTypeOf(meta.inputs[0]!.datatype).toEqualTypeOf<InferenceRequest['inputs'][number]['datatype']>();
// @ts-expect-error a model name is a string
void getModel(client, 1);
// @ts-expect-error waitUntilReady polls at intervalMs (a number of milliseconds)
void oip.waitUntilReady('mlp', { intervalMs: '1s' });

// ---------------------------------------------------------------- generate extension

expectTypeOf(generate(client, 'llm', { text_input: 'The sky is' })).toEqualTypeOf<Promise<GenerateResponse>>();
expectTypeOf(generateStream(client, 'llm', { text_input: 'The sky is' }, { idleTimeoutMs: 10_000 })).toEqualTypeOf<Promise<Stream<GenerateStreamEvent>>>();
expectTypeOf(oip.generateStream('llm', { text_input: 'x' })).toEqualTypeOf<Promise<Stream<GenerateStreamEvent>>>();
declare const ev: GenerateStreamEvent;
expectTypeOf(ev.text_output).toEqualTypeOf<string>();
// KServe sends absent optional fields as null (kserve-generate-null-fields.test.ts)
expectTypeOf<GenerateResponse['model_version']>().toEqualTypeOf<string | null | undefined>();
expectTypeOf<GenerateStreamEvent['details']>().extract<null>().toEqualTypeOf<null>();
// @ts-expect-error text_input is required
void generate(client, 'llm', { parameters: { max_tokens: 5 } });
// @ts-expect-error max_tokens is a number
void generate(client, 'llm', { text_input: 'x', parameters: { max_tokens: '5' } });
// @ts-expect-error a stream's timeouts are not options of a one-answer generate (they would be ignored)
void generate(client, 'llm', { text_input: 'x' }, { idleTimeoutMs: 1000 });
// @ts-expect-error a stream's timeouts are not options of a one-answer generate (they would be ignored)
void oip.generate('llm', { text_input: 'x' }, { firstEventTimeoutMs: 1000 });

// ---------------------------------------------------------------- fallback over the OIP surface

const target = withFallback<OipTarget>(oip, oip);
expectTypeOf(target.infer('mlp', request)).toEqualTypeOf<Promise<InferenceResponse & SourceInfo>>();
expectTypeOf(target.get('mlp')).toEqualTypeOf<Promise<ModelMetadata & SourceInfo>>();
expectTypeOf(target.ready('mlp')).toEqualTypeOf<Promise<boolean>>();
// @ts-expect-error an OipTarget has no generate (the local runtime cannot generate)
void target.generate;
