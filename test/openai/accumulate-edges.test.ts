/**
 * The chat stream accumulator against what docs/openai.md promises:
 * - "Tool-call deltas are assembled by `index`. Names and ids are taken from the first delta that
 *   carries them, so servers that repeat them are handled too." (Compatible servers, Other
 *   differences), and a piece under that index with another id and a name is another call
 *   (Tool calls in a stream; test/openai/tool-call-deltas.test.ts has the rest).
 * - `ChatStreamAccumulator.result()`: "The completion assembled so far (a new object each call)"
 *   (src/openai/accumulate.ts TSDoc): a snapshot must not change when later chunks are added.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { accumulateChatStream, createChatAccumulator, createChatCompletion, openAIClientOptions, type ChatCompletionChunk } from '../../src/openai/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };

describe('chat stream accumulation', () => {
  it('a tool call keeps the id and name of the first delta that carried them; another id with a name under its index is another call', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const frame = (tc: unknown) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { tool_calls: [tc] }, finish_reason: null }] })}\n\n`;
      res.write(frame({ index: 0, id: 'call_first', type: 'function', function: { name: 'get_weather', arguments: '' } }));
      // a server that repeats the id and name on later deltas, the name with a value of its own
      res.write(frame({ index: 0, id: 'call_first', type: 'function', function: { name: 'weather', arguments: '{"city":' } }));
      res.write(frame({ index: 0, function: { arguments: '"Paris"}' } }));
      // the same index for another call (Ollama, some vLLM versions): another id and a name
      res.write(frame({ index: 0, id: 'call_other', type: 'function', function: { name: 'get_time', arguments: '{}' } }));
      res.end('data: [DONE]\n\n');
    });
    const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
    const final = await accumulateChatStream(await createChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(final.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_first', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_other', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
  });

  it('a result() snapshot does not change when later chunks with logprobs are added', () => {
    const lp = (token: string) => ({ token, logprob: -0.1, bytes: null, top_logprobs: [] });
    const chunk = (content: string): ChatCompletionChunk => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null, logprobs: { content: [lp(content)], refusal: null } }] });
    const acc = createChatAccumulator();
    acc.add(chunk('Hel'));
    const snapshot = acc.result();
    expect(snapshot.choices[0]?.message.content).toBe('Hel');
    expect(snapshot.choices[0]?.logprobs?.content).toHaveLength(1);
    acc.add(chunk('lo'));
    expect(snapshot.choices[0]?.message.content).toBe('Hel');
    expect(snapshot.choices[0]?.logprobs?.content).toHaveLength(1);
    expect(acc.result().choices[0]?.logprobs?.content?.map((t) => t.token)).toEqual(['Hel', 'lo']);
  });
});
