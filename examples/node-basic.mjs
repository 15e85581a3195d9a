// modelwire in a Node script: one OIP inference over the pooled undici transport, then a streamed
// OpenAI-compatible chat completion printed as it arrives, with a deadline and typed errors.
//
//   MODELWIRE_BASE_URL=http://127.0.0.1:8000 node examples/node-basic.mjs
//
// The server must speak OIP v2 (KServe, Triton, MLServer) under /v2 and the OpenAI API under /v1
// (CI points it at conformance/server.mjs, which does both).
import { TimeoutError, createClient, isModelwireError } from 'modelwire';
import { createOipClient } from 'modelwire/oip';
import { openAIClientOptions, streamChatCompletion } from 'modelwire/openai';
import { undiciTransport } from 'modelwire/undici';

const baseURL = process.env.MODELWIRE_BASE_URL ?? 'http://127.0.0.1:8000';
const transport = undiciTransport({ connections: 4 });

try {
  const oip = createOipClient({ baseURL, transport, timeoutMs: 5_000 });
  const res = await oip.infer('mlp', {
    inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }],
  });
  console.log(`infer: ${res.outputs[0].name} = [${Array.from(res.outputs[0].data).join(', ')}]`);

  const chat = createClient(openAIClientOptions({ baseURL: `${baseURL}/v1`, apiKey: process.env.OPENAI_API_KEY ?? 'sk-local', transport }));
  const stream = await streamChatCompletion(chat, { model: 'local', messages: [{ role: 'user', content: 'hi' }] }, { timeoutMs: 10_000 });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  console.log(`chat: ${text}`);
} catch (err) {
  if (err instanceof TimeoutError) console.error(`gave up after ${err.timeoutMs} ms`);
  else if (isModelwireError(err)) console.error(`${err.code}: ${err.message}`);
  else throw err;
  process.exitCode = 1;
}
