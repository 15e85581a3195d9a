/**
 * zod/mini schemas of OpenAI-compatible responses, built once at module scope.
 *
 * They require what every compatible server sends and accept, as optional, what some leave out
 * (`system_fingerprint`, `usage`, `logprobs`, `refusal`, `object`, `owned_by`, token `bytes`).
 * In `strict` mode unknown fields (vLLM `prompt_logprobs`, Groq `x_groq`, llama.cpp `timings`, ...)
 * are dropped and defaults are filled in; `passthrough` keeps the body as sent; `off` skips the check.
 * @module
 */
import * as z from 'zod/mini';
import type { StandardSchemaV1 } from '../core/schema.js';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  Completion,
  CreateEmbeddingResponse,
  Model,
  ModelDeleted,
  ModelList,
} from './types.js';

const str = z.string();
const num = z.number();
const optStr = z.optional(z.nullable(str));

/** Tool-call arguments: a JSON string; TGI 2.x sends the object itself, which becomes its JSON text. */
const args = z.union([str, z.pipe(z.unknown(), z.transform((v) => JSON.stringify(v ?? {})))]);

const usage = z.object({
  prompt_tokens: num,
  completion_tokens: z._default(num, 0),
  total_tokens: num,
  prompt_tokens_details: z.optional(
    z.nullable(
      z.object({
        cached_tokens: z.optional(num),
        audio_tokens: z.optional(num),
        text_tokens: z.optional(num),
        image_tokens: z.optional(num),
      }),
    ),
  ),
  completion_tokens_details: z.optional(
    z.nullable(
      z.object({
        reasoning_tokens: z.optional(num),
        audio_tokens: z.optional(num),
        accepted_prediction_tokens: z.optional(num),
        rejected_prediction_tokens: z.optional(num),
        text_tokens: z.optional(num),
      }),
    ),
  ),
});

const bytes = z._default(z.nullable(z.array(num)), null);
const tokenLogprob = z.object({
  token: str,
  logprob: num,
  bytes,
  top_logprobs: z._default(z.array(z.object({ token: str, logprob: num, bytes })), []),
});
const choiceLogprobs = z.object({
  content: z._default(z.nullable(z.array(tokenLogprob)), null),
  refusal: z.optional(z.nullable(z.array(tokenLogprob))),
});

const functionToolCall = z.object({
  id: str,
  type: z.literal('function'),
  function: z.object({ name: str, arguments: args }),
});
const customToolCall = z.object({
  id: str,
  type: z.literal('custom'),
  custom: z.object({ name: str, input: str }),
});

const message = z.object({
  role: z.literal('assistant'),
  content: z._default(z.nullable(str), null),
  refusal: optStr,
  tool_calls: z.optional(z.array(z.union([functionToolCall, customToolCall]))),
  annotations: z.optional(
    z.array(
      z.object({
        type: z.literal('url_citation'),
        url_citation: z.object({ start_index: num, end_index: num, url: str, title: str }),
      }),
    ),
  ),
  audio: z.optional(z.nullable(z.object({ id: str, expires_at: num, data: str, transcript: str }))),
  function_call: z.optional(z.nullable(z.object({ name: str, arguments: args }))),
  reasoning_content: optStr,
  reasoning: optStr,
});

/** `POST /chat/completions` (non-streaming). @example `validate(ChatCompletionSchema, body, 'strict')` */
export const ChatCompletionSchema: StandardSchemaV1<unknown, ChatCompletion> = z.object({
  id: str,
  object: z._default(str, 'chat.completion'),
  created: num,
  model: str,
  choices: z.array(
    z.object({
      index: num,
      message,
      finish_reason: z._default(z.nullable(str), null),
      logprobs: z.optional(z.nullable(choiceLogprobs)),
    }),
  ),
  usage: z.optional(z.nullable(usage)),
  system_fingerprint: optStr,
  service_tier: optStr,
});

const chunkToolCall = z.object({
  index: num,
  id: optStr,
  type: optStr,
  function: z.optional(z.nullable(z.object({ name: optStr, arguments: z.optional(z.nullable(args)) }))),
});

/** One chunk of a streamed chat completion. @example `validate(ChatCompletionChunkSchema, chunk, 'strict')` */
export const ChatCompletionChunkSchema: StandardSchemaV1<unknown, ChatCompletionChunk> = z.object({
  id: str,
  object: z._default(str, 'chat.completion.chunk'),
  created: num,
  model: str,
  choices: z.array(
    z.object({
      index: num,
      delta: z.object({
        role: optStr,
        content: optStr,
        refusal: optStr,
        tool_calls: z.optional(z.nullable(z.array(chunkToolCall))),
        function_call: z.optional(z.nullable(z.object({ name: optStr, arguments: optStr }))),
        reasoning_content: optStr,
        reasoning: optStr,
      }),
      finish_reason: optStr,
      logprobs: z.optional(z.nullable(z.union([choiceLogprobs, num]))),
    }),
  ),
  usage: z.optional(z.nullable(usage)),
  system_fingerprint: optStr,
  service_tier: optStr,
});

const completionLogprobs = z.union([
  z.object({
    text_offset: z.optional(z.array(num)),
    token_logprobs: z.optional(z.array(z.nullable(num))),
    tokens: z.optional(z.array(str)),
    top_logprobs: z.optional(z.nullable(z.array(z.nullable(z.record(str, num))))),
  }),
  z.array(num),
]);

/** `POST /completions` result and its streamed chunks. @example `validate(CompletionSchema, body, 'strict')` */
export const CompletionSchema: StandardSchemaV1<unknown, Completion> = z.object({
  id: str,
  object: z._default(str, 'text_completion'),
  created: num,
  model: str,
  choices: z.array(
    z.object({
      index: num,
      text: str,
      finish_reason: optStr,
      logprobs: z.optional(z.nullable(completionLogprobs)),
    }),
  ),
  usage: z.optional(z.nullable(usage)),
  system_fingerprint: optStr,
});

/** `POST /embeddings`; `embedding` is a number array (`float`) or a base64 string (`base64`). @example `validate(EmbeddingResponseSchema, body, 'strict')` */
export const EmbeddingResponseSchema: StandardSchemaV1<unknown, CreateEmbeddingResponse<number[] | string>> = z.object({
  object: z._default(str, 'list'),
  model: z._default(str, ''),
  data: z.array(
    z.object({
      index: num,
      object: z._default(str, 'embedding'),
      embedding: z.union([z.array(num), str]),
    }),
  ),
  usage: z.optional(z.nullable(z.object({ prompt_tokens: num, total_tokens: num }))),
});

const model = z.object({
  id: str,
  object: z._default(str, 'model'),
  created: z.optional(num),
  owned_by: z.optional(str),
});

/** One model. @example `validate(ModelSchema, body, 'strict')` */
export const ModelSchema: StandardSchemaV1<unknown, Model> = model;

/** The models list (after normalisation of TGI/Together shapes). @example `validate(ModelListSchema, body, 'strict')` */
export const ModelListSchema: StandardSchemaV1<unknown, ModelList> = z.object({
  object: z.literal('list'),
  data: z.array(model),
});

/** A model deletion answer. @example `validate(ModelDeletedSchema, body, 'strict')` */
export const ModelDeletedSchema: StandardSchemaV1<unknown, ModelDeleted> = z.object({
  id: str,
  object: z._default(str, 'model'),
  deleted: z.boolean(),
});
