/**
 * openAIDecoder (src/openai/internal.ts): an event with empty data (a keep-alive `data:` line) is
 * skipped, and an event the decoder refuses (malformed JSON, an in-stream error payload) is a
 * StreamError whose message names the operation first, for chat and legacy completions alike.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, StreamError } from '../../src/index.js';
import { accumulateChatStream, accumulateCompletionStream, createCompletion, streamChatCompletion } from '../../src/openai/index.js';
import { startTestServer, write, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let frames: string[] = [];
beforeAll(async () => {
  server = await startTestServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    for (const f of frames) await write(res, f);
    res.end();
  });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const client = () => createClient({ baseURL: `${server.url}/v1`, retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];
const chatChunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const textChunk = (text: string) => `data: ${JSON.stringify({ id: 't1', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text, finish_reason: null }] })}\n\n`;

describe('empty data events', () => {
  it('a keep-alive with empty data between chunks is skipped', async () => {
    frames = [chatChunk('Hel'), 'data:\n\n', chatChunk('lo'), 'data: [DONE]\n\n'];
    const final = await accumulateChatStream(await streamChatCompletion(client(), { model: 'm', messages }));
    expect(final.choices[0]?.message.content).toBe('Hello');
  });
});

describe('refused events name the operation', () => {
  it('chat: a malformed event', async () => {
    frames = [chatChunk('Hel'), 'data: {not json\n\n', 'data: [DONE]\n\n'];
    const err = await accumulateChatStream(await streamChatCompletion(client(), { model: 'm', messages })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).operation).toBe('openai.chat.completions.create');
    expect((err as StreamError).message).toMatch(/^openai\.chat\.completions\.create: /);
  });

  it('completions: an error payload inside the stream', async () => {
    frames = [textChunk('Once'), `data: ${JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } })}\n\n`, 'data: [DONE]\n\n'];
    const stream = await createCompletion(client(), { model: 'm', prompt: 'x', stream: true });
    const err = await accumulateCompletionStream(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).operation).toBe('openai.completions.create');
    expect((err as StreamError).message).toMatch(/^openai\.completions\.create: .*overloaded/);
  });
});
