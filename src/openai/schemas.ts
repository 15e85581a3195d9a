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
 * tool-call `arguments` sent as an object, a choice's `index` Together may leave out, the LiteLLM
 * proxy's `tool_calls: null`, vLLM's `annotations: null`) happen after validation, in
 * {@link normalizeChatCompletion}.
 *
 * Every schema-building call is marked `@__PURE__` so bundlers drop the schemas an app never uses.
 * @module
 */
import * as z from 'zod/mini';
import type { StandardSchemaV1 } from '../core/schema.js';
import type { WireChatCompletion } from './normalize.js';
import type {
  ChatCompletionChunk,
  Completion,
  CreateEmbeddingResponse,
  Model,
  ModelDeleted,
  ModelList,
} from './types.js';

const str = /* @__PURE__ */ z.string();
const num = /* @__PURE__ */ z.number();
const optStr = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(str));

/** Tool-call arguments: a JSON string; TGI 2.x sends the object itself (made into JSON text by normalizeChatCompletion). */
const args = /* @__PURE__ */ z.unknown();

/** A usage detail count: `null` from Python servers that serialise their unset counts (SGLang, some vLLM builds). */
const count = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(num));

const usage = /* @__PURE__ */ z.object({
  prompt_tokens: num,
  completion_tokens: num,
  total_tokens: num,
  prompt_tokens_details: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.nullable(
      /* @__PURE__ */ z.object({
        cached_tokens: count,
        audio_tokens: count,
        text_tokens: count,
        image_tokens: count,
        cache_write_tokens: count,
      }),
    ),
  ),
  completion_tokens_details: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.nullable(
      /* @__PURE__ */ z.object({
        reasoning_tokens: count,
        audio_tokens: count,
        accepted_prediction_tokens: count,
        rejected_prediction_tokens: count,
        text_tokens: count,
      }),
    ),
  ),
});

const bytes = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(num)));
const tokenLogprob = /* @__PURE__ */ z.object({
  token: str,
  logprob: num,
  bytes,
  top_logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.object({ token: str, logprob: num, bytes }))),
});
const choiceLogprobs = /* @__PURE__ */ z.object({
  content: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(tokenLogprob))),
  refusal: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(tokenLogprob))),
  // Together's LogprobsPart (no `content`): the sampled tokens and their logprobs side by side
  tokens: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(str)),
  token_logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.nullable(num))),
});

/** Fields every completion and chunk starts with (spread into each schema's shape). */
const envelope = { id: str, object: str, created: num, model: str };
/** Fields every completion and chunk ends with. */
const tail = { usage: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(usage)), system_fingerprint: optStr };
/** Moderation of a moderated completion's input and output (spec: results or an error, by `type`), kept as sent. */
const moderationPart = /* @__PURE__ */ z.looseObject({ type: str });
const moderation = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.object({ input: moderationPart, output: moderationPart })));
/** A function call whose fields arrive in pieces (stream deltas). */
const partialFunctionCall = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.object({ name: optStr, arguments: optStr })));

const functionToolCall = /* @__PURE__ */ z.object({
  id: str,
  type: /* @__PURE__ */ z.literal('function'),
  function: /* @__PURE__ */ z.object({ name: str, arguments: args }),
});
const customToolCall = /* @__PURE__ */ z.object({
  id: str,
  type: /* @__PURE__ */ z.literal('custom'),
  custom: /* @__PURE__ */ z.object({ name: str, input: str }),
});

const message = /* @__PURE__ */ z.object({
  role: /* @__PURE__ */ z.literal('assistant'),
  content: optStr,
  refusal: optStr,
  // `null` on the LiteLLM proxy's plain replies: normalizeChatCompletion removes it
  tool_calls: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(/* @__PURE__ */ z.union([functionToolCall, customToolCall])))),
  // `null` in every vLLM answer (its ChatMessage's unset fields, all serialised): normalizeChatCompletion removes it
  annotations: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.nullable(
      /* @__PURE__ */ z.array(
        /* @__PURE__ */ z.object({
          type: /* @__PURE__ */ z.literal('url_citation'),
          url_citation: /* @__PURE__ */ z.object({ start_index: num, end_index: num, url: str, title: str }),
        }),
      ),
    ),
  ),
  audio: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.object({ id: str, expires_at: num, data: str, transcript: str }))),
  function_call: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.object({ name: str, arguments: args }))),
  reasoning_content: optStr,
  reasoning: optStr,
});

/**
 * `POST /chat/completions` (non-streaming), before {@link normalizeChatCompletion}.
 * @example `normalizeChatCompletion(validate(ChatCompletionSchema, body, 'strict'))`
 */
export const ChatCompletionSchema: StandardSchemaV1<unknown, WireChatCompletion> = /* @__PURE__ */ z.object({
  ...envelope,
  choices: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      // Together's ChatCompletionChoicesData requires none of its fields: normalizeChatCompletion gives a missing index its position
      index: /* @__PURE__ */ z.optional(num),
      message,
      finish_reason: optStr,
      logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(choiceLogprobs)),
    }),
  ),
  ...tail,
  service_tier: optStr,
  metadata: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.record(str, str))),
  moderation,
});

const chunkToolCall = /* @__PURE__ */ z.object({
  index: num,
  id: optStr,
  type: optStr,
  function: partialFunctionCall,
});

/**
 * One chunk of a streamed chat completion, as the stream checks it: after it has read a `null` or
 * missing `delta` as `{}` and given each tool-call piece its call's `index` (see
 * docs/openai.md, "Tool calls in a stream"), so a raw chunk of a server that leaves those out fails it.
 * @example `validate(ChatCompletionChunkSchema, chunk, 'strict')`
 */
export const ChatCompletionChunkSchema: StandardSchemaV1<unknown, ChatCompletionChunk> = /* @__PURE__ */ z.object({
  ...envelope,
  choices: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      index: num,
      delta: /* @__PURE__ */ z.object({
        role: optStr,
        content: optStr,
        refusal: optStr,
        tool_calls: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(chunkToolCall))),
        function_call: partialFunctionCall,
        reasoning_content: optStr,
        reasoning: optStr,
      }),
      finish_reason: optStr,
      logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.union([choiceLogprobs, num]))),
    }),
  ),
  ...tail,
  service_tier: optStr,
  moderation,
});

const completionLogprobs = /* @__PURE__ */ z.union([
  /* @__PURE__ */ z.object({
    text_offset: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(num)),
    token_logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.nullable(num))),
    tokens: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(str)),
    // OpenAI: one token → logprob object per position; Together's LogprobsPart: one TopLogprobs object
    top_logprobs: /* @__PURE__ */ z.optional(
      /* @__PURE__ */ z.nullable(
        /* @__PURE__ */ z.union([/* @__PURE__ */ z.array(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.looseObject({}))), /* @__PURE__ */ z.looseObject({})]),
      ),
    ),
  }),
  /* @__PURE__ */ z.array(num),
]);

/** `POST /completions` result and its streamed chunks. @example `validate(CompletionSchema, body, 'strict')` */
export const CompletionSchema: StandardSchemaV1<unknown, Completion> = /* @__PURE__ */ z.object({
  // Together's CompletionChunk has no `model`, and `created` and `object` are optional; its
  // CompletionChoicesData has no `index` (createCompletion fills it in from the position before
  // validation) and an optional `text`
  id: str,
  object: /* @__PURE__ */ z._default(str, 'text_completion'),
  created: /* @__PURE__ */ z._default(num, 0),
  model: /* @__PURE__ */ z._default(str, ''),
  choices: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      index: num,
      text: /* @__PURE__ */ z._default(str, ''),
      finish_reason: optStr,
      logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(completionLogprobs)),
    }),
  ),
  ...tail,
});

/** `POST /embeddings`; `embedding` is a number array (`float`) or a base64 string (`base64`). @example `validate(EmbeddingResponseSchema, body, 'strict')` */
export const EmbeddingResponseSchema: StandardSchemaV1<unknown, CreateEmbeddingResponse<number[] | string>> = /* @__PURE__ */ z.object({
  object: str,
  model: str,
  data: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      index: num,
      object: str,
      embedding: /* @__PURE__ */ z.union([/* @__PURE__ */ z.array(num), str]),
    }),
  ),
  usage: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.object({ prompt_tokens: num, total_tokens: num }))),
});

const model = /* @__PURE__ */ z.object({
  id: str,
  object: str,
  created: /* @__PURE__ */ z.optional(num),
  owned_by: /* @__PURE__ */ z.optional(str),
  shutdown_date: optStr,
});

/** One model. @example `validate(ModelSchema, body, 'strict')` */
export const ModelSchema: StandardSchemaV1<unknown, Model> = model;

/** The models list (after normalisation of TGI/Together shapes). @example `validate(ModelListSchema, body, 'strict')` */
export const ModelListSchema: StandardSchemaV1<unknown, ModelList> = /* @__PURE__ */ z.object({
  object: /* @__PURE__ */ z.literal('list'),
  data: /* @__PURE__ */ z.array(model),
});

/** A model deletion answer. @example `validate(ModelDeletedSchema, body, 'strict')` */
export const ModelDeletedSchema: StandardSchemaV1<unknown, ModelDeleted> = /* @__PURE__ */ z.object({
  id: str,
  object: str,
  deleted: /* @__PURE__ */ z.boolean(),
});
