/** openAIDecoder (src/openai/internal.ts): an `event: error` ends the stream even with empty data. */
import { describe, expect, it } from 'vitest';
import { StreamError, createClient } from '../../src/index.js';
import { streamChatCompletion } from '../../src/openai/index.js';
import { write, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS } from '../core/_support.js';

const startServer = startTestServerPerTest();
const chunk = (content: string) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });

describe.each(TRANSPORTS)('openAIDecoder over %s', (_name, makeTransport) => {
  it('an `event: error` with an empty data line ends the stream with a StreamError (not silently skipped)', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      await write(res, `data: ${chunk('Hel')}\n\n`);
      await write(res, 'event: error\ndata:\n\n');
      await write(res, `data: ${chunk('lo')}\n\n`);
      res.end('data: [DONE]\n\n');
    });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const stream = await streamChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    } catch (err) {
      error = err;
    }
    expect(got).toEqual(['Hel']);
    expect(error).toBeInstanceOf(StreamError);
  });
});
