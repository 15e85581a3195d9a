/**
 * Type-level tests of `modelwire/openai`, as a user imports it. Checked by `tsc -p tsconfig.json`
 * (the first half of `npm test`) against src/, and by `npm run check:package` against the built
 * dist/*.d.ts and dist/*.d.cts; vitest does not run `.test-d.ts` files, so nothing here executes.
 * Every `@ts-expect-error` names the misuse it stands for.
 */
import { expectTypeOf } from 'vitest';
import * as v from 'valibot';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { withFallback, type Client, type SourceInfo, type Stream } from 'modelwire';
import {
  accumulateChatStream,
  accumulateCompletionStream,
  createChatCompletion,
  createCompletion,
  createEmbedding,
  createOpenAIClient,
  deleteModel,
  listModels,
  parseChatCompletion,
  retrieveModel,
  streamChatCompletion,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  type ChatCompletionCreateParamsNonStreaming,
  type ChatCompletionMessageParam,
  type Completion,
  type CreateEmbeddingResponse,
  type Model,
  type ModelDeleted,
  type ModelList,
  type OpenAIClient,
  type ParsedChatCompletion,
  type ChatCompletionModeration,
} from 'modelwire/openai';

declare const client: Client;
declare const openai: OpenAIClient;
declare const flag: boolean;
const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];
const Person = z.object({ name: z.string(), age: z.number() });
type PersonT = { name: string; age: number };

// ---------------------------------------------------------------- client options

createOpenAIClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:8000/v1', organization: 'org', project: 'p' });
createOpenAIClient();
// @ts-expect-error apiKey is a string (read it from the environment, do not pass a getter)
createOpenAIClient({ apiKey: () => 'k' });
// @ts-expect-error unknown option key (the official client's maxRetries is retry.maxRetries here)
createOpenAIClient({ maxRetries: 2 });
expectTypeOf(openai.client).toEqualTypeOf<Client>();

// ---------------------------------------------------------------- chat: the stream option selects the result

expectTypeOf(createChatCompletion(client, { model: 'm', messages })).toEqualTypeOf<Promise<ChatCompletion>>();
expectTypeOf(createChatCompletion(client, { model: 'm', messages, stream: false })).toEqualTypeOf<Promise<ChatCompletion>>();
expectTypeOf(createChatCompletion(client, { model: 'm', messages, stream: true })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
expectTypeOf(createChatCompletion(client, { model: 'm', messages, stream: flag })).toEqualTypeOf<Promise<ChatCompletion | Stream<ChatCompletionChunk>>>();
declare const anyParams: ChatCompletionCreateParams;
expectTypeOf(createChatCompletion(client, anyParams)).toEqualTypeOf<Promise<ChatCompletion | Stream<ChatCompletionChunk>>>();
expectTypeOf(streamChatCompletion(client, { model: 'm', messages })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
expectTypeOf(openai.chat.completions.create({ model: 'm', messages })).toEqualTypeOf<Promise<ChatCompletion>>();
expectTypeOf(openai.chat.completions.create({ model: 'm', messages, stream: true })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
expectTypeOf(openai.chat.completions.create({ model: 'm', messages, stream: false })).toEqualTypeOf<Promise<ChatCompletion>>();
expectTypeOf(openai.chat.completions.stream({ model: 'm', messages })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk>>>();
// stream-only timeouts go with a call that may stream
void createChatCompletion(client, { model: 'm', messages, stream: true }, { firstEventTimeoutMs: 5000, idleTimeoutMs: 1000 });
void createChatCompletion(client, { model: 'm', messages, stream: flag }, { idleTimeoutMs: 1000 });
void createChatCompletion(client, anyParams, { idleTimeoutMs: 1000 });
void openai.chat.completions.create(anyParams, { idleTimeoutMs: 1000 });
void createCompletion(client, { model: 'm', prompt: 'x', stream: flag }, { idleTimeoutMs: 1000 });

// the fields a user reads
declare const completion: ChatCompletion;
expectTypeOf(completion.choices[0]!.message.content).toEqualTypeOf<string | null>();
expectTypeOf(completion.choices[0]!.message.role).toEqualTypeOf<'assistant'>();
expectTypeOf(completion.usage?.total_tokens).toEqualTypeOf<number | undefined>();
declare const chunk: ChatCompletionChunk;
expectTypeOf(chunk.choices[0]!.delta.content).toEqualTypeOf<string | null | undefined>();
const call = completion.choices[0]!.message.tool_calls?.[0];
if (call?.type === 'function') expectTypeOf(call.function.arguments).toEqualTypeOf<string>();
if (call?.type === 'custom') expectTypeOf(call.custom.input).toEqualTypeOf<string>();
// noUncheckedIndexedAccess: a choice may be missing
// @ts-expect-error choices[0] may be undefined
void completion.choices[0].message;

// misuse
// @ts-expect-error messages are required
void createChatCompletion(client, { model: 'm' });
// @ts-expect-error model is a string
void createChatCompletion(client, { model: 4, messages });
// @ts-expect-error unknown content part type
void createChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] });
// @ts-expect-error a tool message needs the id of the call it answers
void createChatCompletion(client, { model: 'm', messages: [{ role: 'tool', content: '42' }] });
// @ts-expect-error unknown role
void createChatCompletion(client, { model: 'm', messages: [{ role: 'robot', content: 'hi' }] });
// @ts-expect-error unknown request key (a typo of max_tokens)
void createChatCompletion(client, { model: 'm', messages, max_token: 5 });
// @ts-expect-error temperature is a number
void createChatCompletion(client, { model: 'm', messages, temperature: 'hot' });
// @ts-expect-error chat.completions.stream always streams: stream: false is not an option
void openai.chat.completions.stream({ model: 'm', messages, stream: false });
// @ts-expect-error a stream's timeouts are not options of a non-streaming call (they would be ignored)
void createChatCompletion(client, { model: 'm', messages }, { idleTimeoutMs: 1000 });
// @ts-expect-error a stream's timeouts are not options of a non-streaming call (they would be ignored)
void openai.chat.completions.create({ model: 'm', messages, stream: false }, { firstEventTimeoutMs: 1000 });
// @ts-expect-error a ChatCompletion is no stream: it cannot be iterated
for await (const _ of await createChatCompletion(client, { model: 'm', messages })) void _;

// response_format: OpenAI's forms, and TGI's grammar (its GrammarType), which TGI takes instead
const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } });
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json', value: schema } });
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json', value: JSON.stringify(schema) } });
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json_schema', value: { name: 'person', schema } } });
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json_schema', value: { schema } } });
void openai.chat.completions.create({ model: 'm', messages, response_format: { type: 'regex', value: '\\d+' }, stream: true });
// @ts-expect-error TGI's grammar needs its value
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json' } });
// @ts-expect-error a regex grammar is a string
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'regex', value: /\d+/ } });
// @ts-expect-error TGI's json_schema value holds the schema under `schema`
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json_schema', value: schema } });
// @ts-expect-error OpenAI's json_schema form needs its json_schema object
void createChatCompletion(client, { model: 'm', messages, response_format: { type: 'json_schema' } });

// ---------------------------------------------------------------- accumulating streams

declare const chunks: Stream<ChatCompletionChunk>;
declare const completionChunks: Stream<Completion>;
expectTypeOf(accumulateChatStream(chunks)).toEqualTypeOf<Promise<ChatCompletion>>();
expectTypeOf(accumulateCompletionStream(completionChunks)).toEqualTypeOf<Promise<Completion>>();
// @ts-expect-error a legacy completions stream is not a chat stream
void accumulateChatStream(completionChunks);

// ---------------------------------------------------------------- structured output: the user's schema types `parsed`

expectTypeOf(parseChatCompletion(client, { model: 'm', messages, schema: Person })).toEqualTypeOf<Promise<ParsedChatCompletion<PersonT>>>();
expectTypeOf(openai.chat.completions.parse({ model: 'm', messages, schema: Person })).toEqualTypeOf<Promise<ParsedChatCompletion<PersonT>>>();
declare const parsed: ParsedChatCompletion<PersonT>;
expectTypeOf(parsed.choices[0]!.message.parsed).toEqualTypeOf<PersonT | null>();
const PersonMini = zm.object({ name: zm.string(), age: zm.number() });
const PersonValibot = v.object({ name: v.string(), age: v.number() });
expectTypeOf(parseChatCompletion(client, { model: 'm', messages, schema: PersonMini, jsonSchema: {} })).toEqualTypeOf<Promise<ParsedChatCompletion<PersonT>>>();
expectTypeOf(parseChatCompletion(client, { model: 'm', messages, schema: PersonValibot, jsonSchema: {} })).toEqualTypeOf<Promise<ParsedChatCompletion<PersonT>>>();
// a transform: `parsed` has the schema's output type
const Dated = z.object({ at: z.string().transform((s) => new Date(s)) });
expectTypeOf(parseChatCompletion(client, { model: 'm', messages, schema: Dated })).toEqualTypeOf<Promise<ParsedChatCompletion<{ at: Date }>>>();
// @ts-expect-error response_format is made from schema: it cannot be passed too
void parseChatCompletion(client, { model: 'm', messages, schema: Person, response_format: { type: 'json_object' } });
// @ts-expect-error a parsed completion cannot be streamed
void parseChatCompletion(client, { model: 'm', messages, schema: Person, stream: true });
// @ts-expect-error the schema is required
void parseChatCompletion(client, { model: 'm', messages });
// the response_format form: OpenAI's (default) or TGI's grammar
void parseChatCompletion(client, { model: 'm', messages, schema: Person, dialect: 'tgi' });
void openai.chat.completions.parse({ model: 'm', messages, schema: Person, dialect: 'openai' });
// @ts-expect-error dialect is 'openai' or 'tgi'
void parseChatCompletion(client, { model: 'm', messages, schema: Person, dialect: 'vllm' });
// @ts-expect-error a schema is a Standard Schema, not a JSON Schema object (that goes in jsonSchema)
void parseChatCompletion(client, { model: 'm', messages, schema: { type: 'object' } });

// ---------------------------------------------------------------- legacy completions

expectTypeOf(createCompletion(client, { model: 'm', prompt: 'x' })).toEqualTypeOf<Promise<Completion>>();
expectTypeOf(createCompletion(client, { model: 'm', prompt: 'x', stream: true })).toEqualTypeOf<Promise<Stream<Completion>>>();
expectTypeOf(createCompletion(client, { model: 'm', prompt: 'x', stream: flag })).toEqualTypeOf<Promise<Completion | Stream<Completion>>>();
expectTypeOf(openai.completions.create({ model: 'm', prompt: 'x', stream: true })).toEqualTypeOf<Promise<Stream<Completion>>>();
// @ts-expect-error prompt is required (null starts a new document)
void createCompletion(client, { model: 'm' });
// @ts-expect-error a stream's timeouts are not options of a non-streaming call (they would be ignored)
void createCompletion(client, { model: 'm', prompt: 'x' }, { idleTimeoutMs: 1000 });

// ---------------------------------------------------------------- embeddings: the encoding selects the vector type

expectTypeOf(createEmbedding(client, { model: 'm', input: 'x' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<number[]>>>();
expectTypeOf(createEmbedding(client, { model: 'm', input: ['x'], encoding_format: 'float' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<number[]>>>();
expectTypeOf(createEmbedding(client, { model: 'm', input: 'x', encoding_format: 'base64' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<Float32Array>>>();
expectTypeOf(openai.embeddings.create({ model: 'm', input: 'x' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<number[]>>>();
expectTypeOf(openai.embeddings.create({ model: 'm', input: 'x', encoding_format: 'base64' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<Float32Array>>>();
declare const encoding: 'float' | 'base64';
expectTypeOf(createEmbedding(client, { model: 'm', input: 'x', encoding_format: encoding })).toEqualTypeOf<Promise<CreateEmbeddingResponse<number[] | Float32Array>>>();
// @ts-expect-error the only encodings are float and base64
void createEmbedding(client, { model: 'm', input: 'x', encoding_format: 'int8' });
// @ts-expect-error input is text or token ids
void createEmbedding(client, { model: 'm', input: { text: 'x' } });

// ---------------------------------------------------------------- fallback between two servers keeps the overloads

const both = withFallback(openai, createOpenAIClient({ baseURL: 'http://127.0.0.1:11434/v1' }));
expectTypeOf(both.client).toEqualTypeOf<Client>();
expectTypeOf(both.chat.completions.create({ model: 'm', messages })).toEqualTypeOf<Promise<ChatCompletion & SourceInfo>>();
expectTypeOf(both.chat.completions.create({ model: 'm', messages, stream: true })).toEqualTypeOf<Promise<Stream<ChatCompletionChunk> & SourceInfo>>();
expectTypeOf(both.embeddings.create({ model: 'm', input: 'x', encoding_format: 'base64' })).toEqualTypeOf<Promise<CreateEmbeddingResponse<Float32Array> & SourceInfo>>();

// ---------------------------------------------------------------- models

expectTypeOf(listModels(client)).toEqualTypeOf<Promise<ModelList>>();
expectTypeOf(retrieveModel(client, 'm')).toEqualTypeOf<Promise<Model>>();
expectTypeOf(deleteModel(client, 'm')).toEqualTypeOf<Promise<ModelDeleted>>();
expectTypeOf(openai.models.list()).toEqualTypeOf<Promise<ModelList>>();
expectTypeOf(openai.models.retrieve('m')).toEqualTypeOf<Promise<Model>>();
// @ts-expect-error a model id is a string
void openai.models.retrieve({ id: 'm' });

// ---------------------------------------------------------------- moderated completions (spec fields)

declare const moderated: ChatCompletion;
declare const moderationChunk: ChatCompletionChunk;
expectTypeOf(moderated.moderation).toEqualTypeOf<ChatCompletionModeration | null | undefined>();
expectTypeOf(moderationChunk.moderation).toEqualTypeOf<ChatCompletionModeration | null | undefined>();
expectTypeOf(moderated.metadata).toEqualTypeOf<Record<string, string> | null | undefined>();
if (moderated.moderation?.input.type === 'error') expectTypeOf(moderated.moderation.input.message).toEqualTypeOf<string | undefined>();

// ---------------------------------------------------------------- request fields of CreateChatCompletionRequest
// moderated completions are requested with `moderation` (ModerationParam); prompt caching is set with
// `prompt_cache_options` (PromptCacheOptionsParam) and the deprecated `prompt_cache_retention`

void createChatCompletion(client, {
  model: 'gpt-5.6',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'long shared prefix', prompt_cache_breakpoint: { mode: 'explicit' } }] }],
  moderation: { model: 'omni-moderation-latest', policy: { input: { mode: 'block' }, output: null } },
  prompt_cache_options: { ttl: '30m', mode: 'explicit' },
  prompt_cache_retention: '24h',
});
void openai.chat.completions.create({ model: 'm', messages, stream: true, moderation: { model: 'omni-moderation-latest' }, prompt_cache_retention: null });
// @ts-expect-error a moderation config names its model
void createChatCompletion(client, { model: 'm', messages, moderation: { policy: null } });

// ---------------------------------------------------------------- request fields a compatible server adds
// the request types are closed: vLLM's top_k in an object literal, or a misspelt OpenAI field, is a
// type error; params typed with an intersection send the server's fields (server-specific-request-fields.test.ts)

// @ts-expect-error top_k is no OpenAI field: a literal with it needs an intersection type
void createChatCompletion(client, { model: 'm', messages, top_k: 5 });
// @ts-expect-error a misspelt OpenAI field is caught
void createChatCompletion(client, { model: 'm', messages, max_token: 5 });
const vllmParams: ChatCompletionCreateParamsNonStreaming & { top_k?: number; chat_template_kwargs?: Record<string, unknown> } = {
  model: 'qwen3',
  messages,
  top_k: 20,
  chat_template_kwargs: { enable_thinking: false },
};
expectTypeOf(createChatCompletion(client, vllmParams)).toEqualTypeOf<Promise<ChatCompletion>>();
