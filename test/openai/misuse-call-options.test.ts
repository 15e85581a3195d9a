/**
 * An OpenAI call's options misspelt (`{ timeout: 30_000 }`, the official client's spelling, or
 * `{ idleTimeout: 5000 }`) were ignored in silence: the call kept the client's deadline, the stream
 * no idle limit. Each operation refuses an option name it does not know (path = the name; the
 * message names the operation and lists the names it knows) before anything is sent, the bound
 * client's methods alike. The stream limits are names of a call that may stream, so a create whose
 * `stream` is known only at run time (`CallOptionsFor<boolean>`) takes them on either path.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from '../../src/index.js';
import { createChatCompletion, createCompletion, createEmbedding, createOpenAIClient, parseChatCompletion, streamChatCompletion } from '../../src/openai/index.js';
import { bad, everyCallOption, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false, idempotencyHeader: 'idempotency-key' });
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const CALL = 'signal timeoutMs headers idempotencyKey validation retry';
const STREAM = `${CALL} firstEventTimeoutMs idleTimeoutMs`;
const schema = z.object({ name: z.string() });

describe('openai.chat.completions.create', () => {
  it.each(['timeout', 'timeoutMS', 'maxRetries'])('refuses %s before sending, naming the known names', async (name) => {
    const err = await expectRefused(box.server, () => createChatCompletion(client(), params, bad({ [name]: 1 })), new RegExp(`^${name}$`));
    expect(err.operation).toBe('openai.chat.completions.create');
    expect(err.message).toBe(`openai.chat.completions.create: ${name} is not an option (known: ${STREAM})`);
  });

  it('refuses it when streaming (create with stream: true, and streamChatCompletion)', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { ...params, stream: true }, bad({ idleTimeout: 5 })), /^idleTimeout$/);
    await expectRefused(box.server, () => streamChatCompletion(client(), params, bad({ timeout: 5 })), /^timeout$/);
  });

  it('refuses it through the bound client too', async () => {
    const openai = createOpenAIClient({ baseURL: box.server.url, apiKey: 'sk-x', retry: false });
    await expectRefused(box.server, () => openai.chat.completions.create(params, bad({ timeoutMS: 1 })), /^timeoutMS$/);
    await expectRefused(box.server, () => openai.chat.completions.stream(params, bad({ idleTimeout: 1 })), /^idleTimeout$/);
  });

  it('takes every documented option, the stream limits included on the non-stream path', async () => {
    const before = box.server.requests.length;
    const stream = Math.random() > 2; // a stream flag known only at run time (false)
    await createChatCompletion(client(), { ...params, stream }, {
      ...everyCallOption(),
      firstEventTimeoutMs: 5000,
      idleTimeoutMs: 5000,
    });
    const sent = box.server.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers).toMatchObject({ 'x-a': '1', 'idempotency-key': 'k' });
  });
});

describe('the other OpenAI operations', () => {
  it.each<[string, () => Promise<unknown>, string, string]>([
    ['openai.completions.create', () => createCompletion(client(), { model: 'm', prompt: 'a' }, bad({ timeout: 1 })), 'timeout', STREAM],
    ['openai.embeddings.create', () => createEmbedding(client(), { model: 'm', input: 'a' }, bad({ timeout: 1 })), 'timeout', CALL],
    // parse never streams: no stream limits
    ['openai.chat.completions.create', () => parseChatCompletion(client(), { ...params, schema }, bad({ idleTimeoutMs: 1 })), 'idleTimeoutMs', CALL],
  ])('%s refuses a name it does not know before sending', async (operation, call, name, known) => {
    const err = await expectRefused(box.server, call, new RegExp(`^${name}$`));
    expect(err.message).toBe(`${operation}: ${name} is not an option (known: ${known})`);
  });
});
