/**
 * Stream idle limits (firstEventTimeoutMs, idleTimeoutMs) that are not numbers ≥ 0 are refused with
 * an InvalidRequestError naming the option, before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, requestStream } from '../../src/index.js';
import { openAIClientOptions, streamChatCompletion } from '../../src/openai.js';
import { generateStream } from '../../src/oip.js';
import { sse, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to reject');
}

describe('stream timeouts are checked before sending', () => {
  it.each([
    ['firstEventTimeoutMs', Number.NaN],
    ['firstEventTimeoutMs', -1],
    ['idleTimeoutMs', Number.NaN],
  ])('requestStream with %s = %s is an InvalidRequestError and nothing is sent', async (name, value) => {
    // the server answers its first event only after 50 ms, as any real model does
    const server = await startServer((_req, res) => sse(res, [{ i: 1 }, { i: 2 }, '[DONE]'], { firstDelayMs: 50, delayMs: 50 }));
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await rejection(
      (async () => {
        const stream = await requestStream(client, { method: 'POST', path: '/gen', body: {}, operation: 'audit.stream', [name]: value });
        for await (const _ of stream) void _;
      })(),
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(name);
    expect(server.count()).toBe(0);
  });

  it('streamChatCompletion with idleTimeoutMs: -1 is refused before the billable POST', async () => {
    const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] };
    const server = await startServer((_req, res) => sse(res, [chunk, chunk, '[DONE]'], { delayMs: 30 }));
    const client = createClient(openAIClientOptions({ baseURL: server.url, retry: false }));
    const err = await rejection(
      (async () => {
        const stream = await streamChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: 'x' }] }, { idleTimeoutMs: -1 });
        for await (const _ of stream) void _;
      })(),
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('idleTimeoutMs');
    expect(server.count()).toBe(0);
  });

  it('oip generateStream with firstEventTimeoutMs: NaN is refused before sending', async () => {
    const server = await startServer((_req, res) => sse(res, [{ text_output: 'a', model_name: 'llm' }], { firstDelayMs: 50 }));
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await rejection(generateStream(client, 'llm', { text_input: 'x' }, { firstEventTimeoutMs: Number.NaN }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(server.count()).toBe(0);
  });
});
