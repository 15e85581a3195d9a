import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Client, Stream } from '../../src/index.js';
import {
  createChatCompletion,
  createCompletion,
  createEmbedding,
  parseChatCompletion,
  type ChatCompletion,
  type ChatCompletionChunk,
  type Completion,
  type CreateEmbeddingResponse,
  type OpenAIClient,
} from '../../src/openai/index.js';

// Compile-time checks of the overloads (checked by `tsc --noEmit`; the calls never run).
declare const client: Client;
declare const openai: OpenAIClient;
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('typed overloads', () => {
  it('stream: true selects Stream<Chunk>, otherwise ChatCompletion', () => {
    const run = false as boolean;
    if (run) {
      expectTypeOf(createChatCompletion(client, { model: 'm', messages, stream: true })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
      expectTypeOf(createChatCompletion(client, { model: 'm', messages })).toEqualTypeOf<Promise<ChatCompletion>>();
      expectTypeOf(openai.chat.completions.create({ model: 'm', messages, stream: true })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
      expectTypeOf(openai.chat.completions.create({ model: 'm', messages, stream: false })).toEqualTypeOf<Promise<ChatCompletion>>();
      expectTypeOf(createCompletion(client, { model: 'm', prompt: 'x', stream: true })).toEqualTypeOf<Promise<Stream<Completion>>>();
      expectTypeOf(createEmbedding(client, { model: 'm', input: 'x', encoding_format: 'base64' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<Float32Array>>>();
      expectTypeOf(openai.embeddings.create({ model: 'm', input: 'x' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<number[]>>>();
      const Person = z.object({ name: z.string(), age: z.number() });
      expectTypeOf(parseChatCompletion(client, { model: 'm', messages, schema: Person })).resolves.toHaveProperty('choices');
      type Parsed = Awaited<ReturnType<typeof parseChatCompletion<typeof Person>>>['choices'][number]['message']['parsed'];
      expectTypeOf<Parsed>().toEqualTypeOf<{ name: string; age: number } | null>();
      // @ts-expect-error messages are required
      void createChatCompletion(client, { model: 'm' });
      // @ts-expect-error unknown content part type
      void createChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] });
    }
  });
});
