// Type-checked against the PUBLISHED types (installed tarball) with moduleResolution node16 (as
// ESM .mts and CJS .cts copies) and bundler, with `types: []` and the DOM lib only: the web entry
// points must not need @types/node. `@ts-expect-error` lines prove the types are precise (an `any`
// would leave them unused and fail the check). Checked with exactOptionalPropertyTypes: optional
// option fields take an explicit `undefined` (config read from the environment). Node-only
// subpaths: consumer-node.ts.
import { createClient, createRetryBudget, request, requestStream, TimeoutError, isModelwireError, type Client, type ClientOptions, type Stream } from 'modelwire';
import { createOipClient, infer, inferBinary, type InferenceResponse } from 'modelwire/oip';
import { createReplicateClient, run, verifyWebhook, type Prediction } from 'modelwire/replicate';
import { createOpenAIClient, createChatCompletion, type ChatCompletion, type ChatCompletionChunk } from 'modelwire/openai';

const options: ClientOptions = { baseURL: 'http://127.0.0.1:8000', timeoutMs: 5_000, retry: { maxRetries: 1 } };
const client: Client = createClient(options);
// @ts-expect-error baseURL is required
createClient({ timeoutMs: 1 });
declare const env: { n?: number | undefined; s?: string | undefined };
createClient({ baseURL: 'http://127.0.0.1:8000', timeoutMs: env.n, retry: { maxRetries: env.n, jitter: env.n } });
createClient({ baseURL: 'http://127.0.0.1:8000', retry: { budget: createRetryBudget({ capacity: env.n, refillPerSuccess: env.n }) } });

export async function all(): Promise<void> {
  const n: { n: number } = await request<{ n: number }>(client, { method: 'GET', path: '/n', operation: 'n' });
  const events: Stream<{ n: number }> = await requestStream<{ n: number }>(client, { method: 'GET', path: '/sse', operation: 'sse' });
  for await (const e of events) void (e.n + n.n);

  const oip = createOipClient({ baseURL: 'http://127.0.0.1:8000', binary: true });
  const res: InferenceResponse = await infer(oip, 'mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
  void res.outputs.length;
  const bin: InferenceResponse = await inferBinary(client, 'mlp', { inputs: [{ name: 'x', datatype: 'INT64', shape: [1], data: new BigInt64Array(1) }] });
  void bin.outputs.length;
  // @ts-expect-error FP32 data must be a Float32Array
  await oip.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: 'nope' }] });

  const replicate = createReplicateClient({ apiKey: 'r8_x' });
  const out: unknown = await run(replicate.client, 'acme/model', { input: { prompt: 'hi' } });
  const p: Prediction = await replicate.predictions.get('id');
  void [out, p.status];
  const verified = await verifyWebhook({ headers: new Headers(), body: '{}' }, 'whsec_abc');
  void verified.id;

  const ai = createOpenAIClient({ apiKey: 'sk-x' });
  const chat: ChatCompletion = await createChatCompletion(ai.client, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  const stream: Stream<ChatCompletionChunk> = await createChatCompletion(ai.client, { model: 'm', messages: [], stream: true });
  void [chat.choices[0]?.message.content, stream];
  // @ts-expect-error messages is required
  await createChatCompletion(ai.client, { model: 'm' });
  await createChatCompletion(ai.client, { model: 'm', messages: [{ role: 'user', content: 'hi', name: env.s }], temperature: env.n, max_tokens: env.n, stream: undefined });

  try {
    await request(client, { method: 'GET', path: '/', operation: 'x' }, { timeoutMs: 1 });
  } catch (e) {
    if (e instanceof TimeoutError) void e.timeoutMs;
    if (isModelwireError(e)) void e.code;
  }
}
