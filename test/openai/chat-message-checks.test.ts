/**
 * The chat message checks (docs/openai.md: a message without a `role` is refused, `content` may be a
 * string, content parts or null): an assistant message that carries only tool calls has no
 * `content` at all and is sent as it is; a message that is not an object is refused at its role;
 * the index in the path is the offending message's.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createChatCompletion, streamChatCompletion } from '../../src/openai/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('chat messages', () => {
  it('an assistant message with tool_calls and no content key is sent', async () => {
    const before = box.server.requests.length;
    const messages = [
      { role: 'user' as const, content: 'Weather?' },
      { role: 'assistant' as const, tool_calls: [{ id: 'call_1', type: 'function' as const, function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool' as const, tool_call_id: 'call_1', content: 'sunny' },
    ];
    const res = await createChatCompletion(client(), { model: 'm', messages });
    expect(res.choices[0]?.message.role).toBe('assistant');
    expect(box.server.requests.length).toBe(before + 1);
    expect((box.server.requests.at(-1)!.json() as { messages: unknown[] }).messages[1]).not.toHaveProperty('content');
  });

  it('a null message is refused at its role (not a TypeError), streaming or not', async () => {
    const messages = bad([{ role: 'user', content: 'hi' }, null]);
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages }), /^messages\[1\]\.role$/);
    await expectRefused(box.server, () => streamChatCompletion(client(), { model: 'm', messages }), /^messages\[1\]\.role$/);
  });

  it('a role that is not a string is refused at that message', async () => {
    const messages = bad([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 1, content: 'c' }]);
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages }), /^messages\[2\]\.role$/);
  });

  it('content of a later message is checked too', async () => {
    const messages = bad([{ role: 'user', content: 'a' }, { role: 'user', content: 5 }]);
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages }), /^messages\[1\]\.content$/);
  });

  it('messages that is not an array is refused', async () => {
    await expectRefused(box.server, () => createChatCompletion(client(), { model: 'm', messages: bad({ 0: { role: 'user', content: 'a' }, length: 1 }) }), /^messages$/);
  });
});
