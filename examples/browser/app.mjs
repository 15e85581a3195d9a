// Browser app: the same modelwire calls as on a server. The API server must allow CORS.
// Never ship a secret API key to a browser: point baseURL at your own proxy (see ../cloudflare-worker).
import { createClient } from 'modelwire';
import { infer } from 'modelwire/oip';
import { openAIClientOptions, streamChatCompletion } from 'modelwire/openai';

const baseURL = new URLSearchParams(location.search).get('api') ?? location.origin;
const $ = (id) => document.getElementById(id);

async function main() {
  const oip = createClient({ baseURL, timeoutMs: 5_000 });
  const res = await infer(oip, 'mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(1, 2, 3, 4) }] });
  $('scores').textContent = Array.from(res.outputs[0].data).join(', ');

  const chat = createClient(openAIClientOptions({ baseURL: `${baseURL}/v1` }));
  const stream = await streamChatCompletion(chat, { model: 'local', messages: [{ role: 'user', content: 'hi' }] });
  for await (const chunk of stream) $('chat').textContent += chunk.choices[0]?.delta.content ?? '';
  $('status').textContent = 'done';
}

main().catch((err) => {
  $('status').textContent = `error: ${err.name}: ${err.message}`;
});
