// Type-level assertions against the PUBLISHED types: what each entry point's calls return, as inferred
// (no annotations), is the named type and not `any`. check-package.sh compiles it under every module
// resolution a consumer may use, with skipLibCheck true as most projects set it: there a .d.ts import
// that does not resolve (zod, onnxruntime-common, a subpath's own chunk) is silent and turns what it
// names into `any`, which these assertions catch and an annotated `const x: T = ...` would not.
import { createClient, request, requestStream, isModelwireError, type Client, type ModelwireError, type Stream } from 'modelwire';
import { createOipClient, infer, type InferenceResponse, type OipClient } from 'modelwire/oip';
import { createReplicateClient, run, type Prediction, type PredictionStatus } from 'modelwire/replicate';
import { createOpenAIClient, createChatCompletion, type ChatCompletion, type ChatCompletionChunk } from 'modelwire/openai';
import { undiciTransport } from 'modelwire/undici';
import { createOnnxRuntime, type OnnxRuntime } from 'modelwire/onnx';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// (not `0 extends 1 & T`: the `any` of an unresolved import turns that conditional itself into `any`)
type IsAny<T> = Equal<T, any>;
/** Compiles only when T (the value's inferred type) is exactly E, and neither is `any`. */
function exact<E>(..._: IsAny<E> extends true ? [never] : []) {
  return function check<T>(value: T, ..._: IsAny<T> extends true ? [never] : Equal<T, E> extends true ? [] : [never]): T {
    return value;
  };
}
// the assertions can fail: an `any` and a wrong type are refused
// @ts-expect-error any is refused
exact<number>()(JSON.parse('1') as any);
// @ts-expect-error another type is refused
exact<number>()('1');
// @ts-expect-error a named type that is itself any is refused (Prediction, from zod's types, would be where zod does not resolve)
exact<any>();

const client = exact<Client>()(createClient({ baseURL: 'http://127.0.0.1:8000', transport: undiciTransport() }));
const oip = exact<OipClient>()(createOipClient({ baseURL: 'http://127.0.0.1:8000' }));
const ai = createOpenAIClient({ apiKey: 'sk-x' });
const replicate = createReplicateClient({ apiKey: 'r8_x' });
const rt = exact<OnnxRuntime>()(createOnnxRuntime({ modelRepository: './models' }));
const req = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] };

export async function all(): Promise<void> {
  exact<{ n: number }>()(await request<{ n: number }>(client, { method: 'GET', path: '/n', operation: 'n' }));
  exact<Stream<{ n: number }>>()(await requestStream<{ n: number }>(client, { method: 'GET', path: '/sse', operation: 'sse' }));
  exact<InferenceResponse>()(await infer(oip, 'mlp', req));
  exact<InferenceResponse>()(await oip.infer('mlp', req));
  exact<InferenceResponse>()(await rt.infer('mlp', req));
  const chat = exact<ChatCompletion>()(await createChatCompletion(ai.client, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
  exact<string | null>()(chat.choices[0]!.message.content);
  exact<Stream<ChatCompletionChunk>>()(await createChatCompletion(ai.client, { model: 'm', messages: [], stream: true }));
  exact<ChatCompletion>()(await ai.chat.completions.create({ model: 'm', messages: [] }));
  const p = exact<Prediction>()(await replicate.predictions.get('id'));
  exact<PredictionStatus | (string & {})>()(p.status); // an open enum: statuses Replicate may add
  exact<unknown>()(await run(replicate.client, 'acme/model', { input: {} }));
  const e: unknown = new Error();
  if (isModelwireError(e)) exact<ModelwireError>()(e);
}
