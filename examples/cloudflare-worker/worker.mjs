// A Cloudflare Worker that proxies a streamed chat completion from any OpenAI-compatible server to
// the browser: the upstream SSE stream is parsed, validated and re-encoded with
// `Stream.toReadableStream()`, so the client sees clean `data: {...}` events ending in `[DONE]`.
//
//   POST /chat  {"prompt": "..."}   ->  text/event-stream
//
// Bindings: OPENAI_BASE_URL (e.g. https://api.openai.com/v1), OPENAI_API_KEY (a secret), MODEL.
// Deploy with wrangler (main = "worker.mjs"); CI runs it in workerd against a loopback server.
import { createClient } from 'modelwire';
import { openAIClientOptions, streamChatCompletion } from 'modelwire/openai';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/chat') return new Response('POST /chat', { status: 404 });
    const { prompt } = await request.json();
    const client = createClient(openAIClientOptions({ baseURL: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY }));
    try {
      const stream = await streamChatCompletion(
        client,
        { model: env.MODEL ?? 'gpt-4o-mini', messages: [{ role: 'user', content: String(prompt) }] },
        { signal: request.signal, timeoutMs: 30_000 },
      );
      return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
    } catch (err) {
      // modelwire errors never contain the API key; status 502 tells the browser the upstream failed.
      return Response.json({ error: err.toJSON?.() ?? { message: String(err) } }, { status: 502 });
    }
  },
};
