/**
 * Per-call options of the OpenAI operations: `validation: 'off'` leaves the completion body
 * unchecked, and parseChatCompletion then walks it; a body without the structure it walks must end
 * as a typed ResponseValidationError (docs/core.md error table: "body did not match its schema"),
 * never as a bare TypeError out of the SDK's own code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ResponseValidationError, isModelwireError } from '../../src/index.js';
import { createOpenAIClient } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let answer: unknown;
beforeEach(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterEach(() => server.close());

const messages = [{ role: 'user' as const, content: 'Alice is 31' }];
const Person = z.object({ name: z.string() });

describe('openai parseChatCompletion with validation off', () => {
  for (const [what, body] of [
    ['no choices', { id: 'x', object: 'chat.completion', created: 1, model: 'm' }],
    ['a choice without message', { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, finish_reason: 'stop' }] }],
  ] as const) {
    it(`${what}: a ResponseValidationError, not a TypeError`, async () => {
      answer = body;
      const openai = createOpenAIClient({ baseURL: server.url, retry: false });
      const err = await openai.chat.completions.parse({ model: 'm', messages, schema: Person }, { validation: 'off' }).catch((e: unknown) => e);
      expect(isModelwireError(err), String(err)).toBe(true);
      expect(err).toBeInstanceOf(ResponseValidationError);
    });
  }

  it('the same with the client-level validation off', async () => {
    answer = { id: 'x', object: 'chat.completion', created: 1, model: 'm' };
    const openai = createOpenAIClient({ baseURL: server.url, retry: false, validation: 'off' });
    const err = await openai.chat.completions.parse({ model: 'm', messages, schema: Person }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
  });
});
