/**
 * The OpenAI-compatible streams pass their two stream limits to the stream: firstEventTimeoutMs
 * bounds the wait for the first chunk (response headers included), idleTimeoutMs the silence between
 * two chunks. Each ends the call with a TimeoutError carrying that limit, well before the call's
 * overall deadline (the chaos suite draws them at random but checks no outcome of theirs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeoutError, createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, openAIClientOptions, streamChatCompletion } from '../../src/openai/index.js';
import { rejectionOf } from '../core/_support.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const SSE = { 'content-type': 'text/event-stream' };
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(500).end();
  });
});
afterEach(() => server.close());

const client = () => createClient(openAIClientOptions({ baseURL: server.url, retry: false }));
const messages = [{ role: 'user' as const, content: 'hi' }];
const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'A' }, finish_reason: null }] };
const piece = { id: 'c1', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'A', finish_reason: null, logprobs: null }] };

const opens = [
  ['streamChatCompletion', '/chat/completions', chunk, (limits: object) => streamChatCompletion(client(), { model: 'm', messages }, limits)],
  ['createChatCompletion with stream: true', '/chat/completions', chunk, (limits: object) => createChatCompletion(client(), { model: 'm', messages, stream: true }, limits)],
  ['createCompletion with stream: true', '/completions', piece, (limits: object) => createCompletion(client(), { model: 'm', prompt: 'hi', stream: true }, limits)],
] as const;

describe.each(opens)('%s: stream limits', (_name, path, first, open) => {
  it('firstEventTimeoutMs: headers then silence → TimeoutError with that limit, not the idle limit nor the deadline', async () => {
    server.faults.push({ match: path, fault: { kind: 'stall-body', headers: SSE, body: '' } });
    const err = await rejectionOf(open({ firstEventTimeoutMs: 150, idleTimeoutMs: 4_000, timeoutMs: 5_000 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(150);
    expect(server.count(path)).toBe(1);
  });

  it('idleTimeoutMs: one chunk then silence → the chunk, then TimeoutError with that limit', async () => {
    server.faults.push({ match: path, fault: { kind: 'stall-body', headers: SSE, body: `data: ${JSON.stringify(first)}\n\n` } });
    const stream = await open({ firstEventTimeoutMs: 4_000, idleTimeoutMs: 150, timeoutMs: 5_000 });
    const got: unknown[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const c of stream) got.push(c);
      })(),
    );
    expect(got).toHaveLength(1);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(150);
  });
});
