/**
 * zod/mini schemas of OpenAI-compatible responses, built once at module scope.
 *
 * They require what every compatible server sends and accept, as optional, what some leave out
 * (`system_fingerprint`, `usage`, `logprobs`, `refusal`, `object`, `owned_by`, token `bytes`).
 * In `strict` mode unknown fields (vLLM `prompt_logprobs`, Groq `x_groq`, llama.cpp `timings`, ...)
 * are dropped; `passthrough` keeps the body as sent; `off` skips the check.
 *
 * They use only what the core's compiled fast check covers (objects, arrays, unions, optional,
 * nullable, literals, primitives): no defaults, transforms or records, so a valid body is checked
 * without entering zod. The few fill-ins compatible servers need (`content: null` when TGI omits it,
 * tool-call `arguments` sent as an object) happen after validation, in {@link normalizeChatCompletion}.
 * @module
 */
import * as z from 'zod/mini';
import type { StandardSchemaV1 } from '../core/schema.js';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessage,
  Completion,
  CreateEmbeddingResponse,
  Model,
  ModelDeleted,
  ModelList,
} from './types.js';

const str = z.string();
const num = z.number();
const optStr = z.optional(z.nullable(str));

/** Tool-call arguments: a JSON string; TGI 2.x sends the object itself (made into JSON text by normalizeChatCompletion). */
const args = z.unknown();

const usage = z.object({
  prompt_tokens: num,
  completion_tokens: num,
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

const bytes = z.optional(z.nullable(z.array(num)));
const tokenLogprob = z.object({
  token: str,
  logprob: num,
  bytes,
  top_logprobs: z.optional(z.array(z.object({ token: str, logprob: num, bytes }))),
});
const choiceLogprobs = z.object({
  content: z.optional(z.nullable(z.array(tokenLogprob))),
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
  content: optStr,
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

/**
 * `POST /chat/completions` (non-streaming), before {@link normalizeChatCompletion}.
 * @example `normalizeChatCompletion(validate(ChatCompletionSchema, body, 'strict'))`
 */
export const ChatCompletionSchema: StandardSchemaV1<unknown, WireChatCompletion> = z.object({
  id: str,
  object: str,
  created: num,
  model: str,
  choices: z.array(
    z.object({
      index: num,
      message,
      finish_reason: optStr,
      logprobs: z.optional(z.nullable(choiceLogprobs)),
    }),
  ),
  usage: z.optional(z.nullable(usage)),
  system_fingerprint: optStr,
  service_tier: optStr,
});

/**
 * A chat completion as validated, before the fill-ins of {@link normalizeChatCompletion}.
 *
 * @example
 * ```ts
 * const wire: WireChatCompletion = validate(ChatCompletionSchema, body, 'strict');
 * const completion: ChatCompletion = normalizeChatCompletion(wire);
 * ```
 */
export type WireChatCompletion = Omit<ChatCompletion, 'choices'> & {
  choices: Array<
    Omit<ChatCompletion['choices'][number], 'message' | 'finish_reason'> & {
      finish_reason?: string | null;
      message: Omit<ChatCompletionMessage, 'content' | 'tool_calls' | 'function_call'> & {
        content?: string | null;
        tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: unknown } } | { id: string; type: 'custom'; custom: { name: string; input: string } }>;
        function_call?: { name: string; arguments: unknown } | null;
      };
    }
  >;
};

/**
 * Fills in what some servers leave out, in place: `message.content` and `finish_reason` become
 * `null` when absent (TGI omits `content` on tool calls), and tool-call `arguments` sent as an
 * object (TGI 2.x) become its JSON text. Cheap: one pass over the choices.
 *
 * @example
 * ```ts
 * const completion = normalizeChatCompletion(validate(ChatCompletionSchema, body, 'strict'));
 * ```
 */
export function normalizeChatCompletion(value: WireChatCompletion): ChatCompletion {
  const choices = value?.choices;
  if (Array.isArray(choices)) {
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i]!;
      if (choice.finish_reason === undefined) choice.finish_reason = null;
      const m = choice.message;
      if (m === null || typeof m !== 'object') continue;
      if (m.content === undefined) m.content = null;
      const calls = m.tool_calls;
      if (Array.isArray(calls)) {
        for (const call of calls) {
          if (call.type === 'function' && call.function && typeof call.function.arguments !== 'string') call.function.arguments = JSON.stringify(call.function.arguments ?? {});
        }
      }
      if (m.function_call && typeof m.function_call.arguments !== 'string') m.function_call.arguments = JSON.stringify(m.function_call.arguments ?? {});
    }
  }
  return value as ChatCompletion;
}

const chunkToolCall = z.object({
  index: num,
  id: optStr,
  type: optStr,
  function: z.optional(z.nullable(z.object({ name: optStr, arguments: optStr }))),
});

/** One chunk of a streamed chat completion. @example `validate(ChatCompletionChunkSchema, chunk, 'strict')` */
export const ChatCompletionChunkSchema: StandardSchemaV1<unknown, ChatCompletionChunk> = z.object({
  id: str,
  object: str,
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
    top_logprobs: z.optional(z.nullable(z.array(z.nullable(z.looseObject({}))))),
  }),
  z.array(num),
]);

/** `POST /completions` result and its streamed chunks. @example `validate(CompletionSchema, body, 'strict')` */
export const CompletionSchema: StandardSchemaV1<unknown, Completion> = z.object({
  id: str,
  object: str,
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
  object: str,
  model: str,
  data: z.array(
    z.object({
      index: num,
      object: str,
      embedding: z.union([z.array(num), str]),
    }),
  ),
  usage: z.optional(z.nullable(z.object({ prompt_tokens: num, total_tokens: num }))),
});

const model = z.object({
  id: str,
  object: str,
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
  object: str,
  deleted: z.boolean(),
});
