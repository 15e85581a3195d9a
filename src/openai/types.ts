/**
 * Request and response types of the OpenAI-compatible REST API (chat completions, completions,
 * embeddings, models), written by hand from `openai/openapi.yaml` (OAS 3.1, API 2.3.0).
 *
 * Request types follow the spec closely. Response types mark as optional what compatible servers
 * (vLLM, TGI, Together, Groq, Fireworks, Ollama, llama.cpp) leave out, and type enum-like strings
 * as "known values or any string", because those servers send values OpenAI does not (`eos`, ...).
 * @module
 */
import type { CallOptions } from '../core/client.js';

/**
 * A string that offers the known values for completion but accepts any other.
 *
 * @example
 * ```ts
 * const reason: OpenString<'stop' | 'length'> = 'eos'; // any string type-checks; editors suggest the known ones
 * ```
 */
export type OpenString<Known extends string> = Known | (string & {});

// ---------------------------------------------------------------- chat: messages

/**
 * Text content part.
 *
 * @example
 * ```ts
 * const part: ChatCompletionContentPartText = { type: 'text', text: 'Describe this image.' };
 * ```
 */
export interface ChatCompletionContentPartText {
  /** Part kind. */
  type: 'text';
  /** The text. */
  text: string;
  /** Explicit prompt-cache breakpoint (OpenAI). */
  prompt_cache_breakpoint?: {
    /** The breakpoint mode. Always `explicit`. */
    mode: 'explicit';
  } | undefined;
}

/**
 * Image content part: an `https:` URL or a `data:image/...;base64,` URL.
 *
 * @example
 * ```ts
 * const part: ChatCompletionContentPartImage = { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } };
 * ```
 */
export interface ChatCompletionContentPartImage {
  /** Part kind. */
  type: 'image_url';
  /** Where the image is, and how closely to look. */
  image_url: {
    /** Either a URL of the image or the base64-encoded image data (a `data:image/...;base64,` URL). */
    url: string;
    /** Level of detail the model looks at (default `auto`). */
    detail?: 'auto' | 'low' | 'high' | undefined;
  };
  /** Explicit prompt-cache breakpoint (OpenAI). */
  prompt_cache_breakpoint?: {
    /** The breakpoint mode. Always `explicit`. */
    mode: 'explicit';
  } | undefined;
}

/**
 * Audio input part: base64-encoded audio.
 *
 * @example
 * ```ts
 * const part: ChatCompletionContentPartInputAudio = { type: 'input_audio', input_audio: { data: base64Wav, format: 'wav' } };
 * ```
 */
export interface ChatCompletionContentPartInputAudio {
  /** Part kind. */
  type: 'input_audio';
  /** The audio and its format. */
  input_audio: {
    /** Base64-encoded audio bytes. */
    data: string;
    /** The format of the encoded audio data: `wav` or `mp3`. */
    format: 'wav' | 'mp3';
  };
  /** Explicit prompt-cache breakpoint (OpenAI). */
  prompt_cache_breakpoint?: {
    /** The breakpoint mode. Always `explicit`. */
    mode: 'explicit';
  } | undefined;
}

/**
 * File input part (uploaded `file_id` or inline base64 `file_data`).
 *
 * @example
 * ```ts
 * const part: ChatCompletionContentPartFile = { type: 'file', file: { file_id: 'file-abc123' } };
 * ```
 */
export interface ChatCompletionContentPartFile {
  /** Part kind. */
  type: 'file';
  /** An uploaded file (`file_id`) or inline base64 data (`file_data`, with `filename`). */
  file: {
    /** The name of the file, used when passing the file to the model as a string (`file_data`). */
    filename?: string | undefined;
    /** The base64-encoded file data, used when passing the file to the model as a string. */
    file_data?: string | undefined;
    /** The ID of an uploaded file to use as input. */
    file_id?: string | undefined;
  };
  /** Explicit prompt-cache breakpoint (OpenAI). */
  prompt_cache_breakpoint?: {
    /** The breakpoint mode. Always `explicit`. */
    mode: 'explicit';
  } | undefined;
}

/**
 * Refusal part (assistant messages only).
 *
 * @example
 * ```ts
 * const part: ChatCompletionContentPartRefusal = { type: 'refusal', refusal: 'I cannot help with that.' };
 * ```
 */
export interface ChatCompletionContentPartRefusal {
  /** Part kind. */
  type: 'refusal';
  /** The refusal text. */
  refusal: string;
}

/**
 * A part of a user message.
 *
 * @example
 * ```ts
 * const content: ChatCompletionContentPart[] = [
 *   { type: 'text', text: 'What is in this image?' },
 *   { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
 * ];
 * ```
 */
export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | ChatCompletionContentPartInputAudio
  | ChatCompletionContentPartFile;

/**
 * Developer message (replaces `system` for reasoning models).
 *
 * @example
 * ```ts
 * const message: ChatCompletionDeveloperMessageParam = { role: 'developer', content: 'Answer in French.' };
 * ```
 */
export interface ChatCompletionDeveloperMessageParam {
  /** Message kind. */
  role: 'developer';
  /** Instructions, as text or text parts. */
  content: string | ChatCompletionContentPartText[];
  /** Optional name of the author, to tell participants of one role apart. */
  name?: string | undefined;
}

/**
 * System message.
 *
 * @example
 * ```ts
 * const message: ChatCompletionSystemMessageParam = { role: 'system', content: 'You are a terse assistant.' };
 * ```
 */
export interface ChatCompletionSystemMessageParam {
  /** Message kind. */
  role: 'system';
  /** Instructions, as text or text parts. */
  content: string | ChatCompletionContentPartText[];
  /** Optional name of the author, to tell participants of one role apart. */
  name?: string | undefined;
}

/**
 * User message: text, or parts (text, images, audio, files).
 *
 * @example
 * ```ts
 * const message: ChatCompletionUserMessageParam = { role: 'user', content: 'Hello!' };
 * ```
 */
export interface ChatCompletionUserMessageParam {
  /** Message kind. */
  role: 'user';
  /** Text, or parts (text, images, audio, files). */
  content: string | ChatCompletionContentPart[];
  /** Optional name of the author, to tell participants of one role apart. */
  name?: string | undefined;
}

/**
 * A function tool call the assistant made.
 *
 * @example
 * ```ts
 * const call: ChatCompletionMessageFunctionToolCall = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
 * ```
 */
export interface ChatCompletionMessageFunctionToolCall {
  /** Id of the call; the tool message that answers it quotes it as `tool_call_id`. */
  id: string;
  /** Call kind. */
  type: 'function';
  /** The function to call and its arguments. */
  function: {
    /** The name of the function to call. */
    name: string;
    /**
     * The arguments as JSON text, as the model generated it: it may be invalid or name parameters
     * the schema lacks, so check it before use. In a completion, arguments a server sent as an
     * object (TGI 2.x) are turned into their JSON text.
     */
    arguments: string;
  };
}

/**
 * A custom (free-form input) tool call.
 *
 * @example
 * ```ts
 * const call: ChatCompletionMessageCustomToolCall = { id: 'call_2', type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } };
 * ```
 */
export interface ChatCompletionMessageCustomToolCall {
  /** Id of the call; the tool message that answers it quotes it as `tool_call_id`. */
  id: string;
  /** Call kind. */
  type: 'custom';
  /** The tool to call and its free-form input. */
  custom: {
    /** The name of the custom tool to call. */
    name: string;
    /** The input for the custom tool call generated by the model. */
    input: string;
  };
}

/**
 * Any tool call of an assistant message.
 *
 * @example
 * ```ts
 * const calls: ChatCompletionMessageToolCall[] = completion.choices[0]?.message.tool_calls ?? [];
 * for (const call of calls) if (call.type === 'function') console.log(call.function.name, call.function.arguments);
 * ```
 */
export type ChatCompletionMessageToolCall = ChatCompletionMessageFunctionToolCall | ChatCompletionMessageCustomToolCall;

/**
 * Assistant message (earlier turns, including its tool calls).
 *
 * @example
 * ```ts
 * const message: ChatCompletionAssistantMessageParam = {
 *   role: 'assistant',
 *   content: null,
 *   tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
 * };
 * ```
 */
export interface ChatCompletionAssistantMessageParam {
  /** Message kind. */
  role: 'assistant';
  /** What the assistant said; may be absent or `null` when it only called tools. */
  content?: string | Array<ChatCompletionContentPartText | ChatCompletionContentPartRefusal> | null | undefined;
  /** The refusal, when the assistant refused. */
  refusal?: string | null | undefined;
  /** Optional name of the author, to tell participants of one role apart. */
  name?: string | undefined;
  /** Reference to an earlier audio response. */
  audio?: {
    /** Unique identifier of a previous audio response from the model. */
    id: string;
  } | null | undefined;
  /** The tool calls it made. */
  tool_calls?: ChatCompletionMessageToolCall[] | undefined;
  /** The name and arguments of a function the model called (the older form of `tool_calls`). @deprecated use `tool_calls`. */
  function_call?: {
    /** The name of the function to call. */
    name: string;
    /** The arguments, as the JSON text the model generated. */
    arguments: string;
  } | null | undefined;
}

/**
 * The result of a tool call.
 *
 * @example
 * ```ts
 * const message: ChatCompletionToolMessageParam = { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":18}' };
 * ```
 */
export interface ChatCompletionToolMessageParam {
  /** Message kind. */
  role: 'tool';
  /** The tool's result. */
  content: string | ChatCompletionContentPartText[];
  /** Id of the tool call this answers. */
  tool_call_id: string;
}

/**
 * Legacy function result message.
 *
 * @deprecated use a `tool` message.
 * @example
 * ```ts
 * const message: ChatCompletionFunctionMessageParam = { role: 'function', name: 'get_weather', content: '{"temp_c":18}' };
 * ```
 */
export interface ChatCompletionFunctionMessageParam {
  /** Message kind. */
  role: 'function';
  /** The function's result. */
  content: string | null;
  /** Name of the function that was called. */
  name: string;
}

/**
 * One message of the conversation.
 *
 * @example
 * ```ts
 * const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }];
 * ```
 */
export type ChatCompletionMessageParam =
  | ChatCompletionDeveloperMessageParam
  | ChatCompletionSystemMessageParam
  | ChatCompletionUserMessageParam
  | ChatCompletionAssistantMessageParam
  | ChatCompletionToolMessageParam
  | ChatCompletionFunctionMessageParam;

// ---------------------------------------------------------------- chat: tools and formats

/**
 * A JSON Schema object (as sent to the API).
 *
 * @example
 * ```ts
 * const schema: JsonSchemaObject = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
 * ```
 */
export type JsonSchemaObject = { [key: string]: unknown };

/**
 * A function the model may call.
 *
 * @example
 * ```ts
 * const fn: FunctionDefinition = { name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
 * ```
 */
export interface FunctionDefinition {
  /** `a-z`, `A-Z`, `0-9`, `_` and `-`, at most 64 characters. */
  name: string;
  /** What the function does; the model reads it to decide when and how to call it. */
  description?: string | undefined;
  /** JSON Schema of the arguments. */
  parameters?: JsonSchemaObject | undefined;
  /** Enforce the schema exactly (Structured Outputs). */
  strict?: boolean | null | undefined;
}

/**
 * Function tool.
 *
 * @example
 * ```ts
 * const tool: ChatCompletionFunctionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
 * ```
 */
export interface ChatCompletionFunctionTool {
  /** Tool kind. */
  type: 'function';
  /** The function. */
  function: FunctionDefinition;
}

/**
 * Custom tool with free-form (or grammar-constrained) input.
 *
 * @example
 * ```ts
 * const tool: ChatCompletionCustomTool = { type: 'custom', custom: { name: 'run_sql', description: 'Runs one SQL query', format: { type: 'text' } } };
 * ```
 */
export interface ChatCompletionCustomTool {
  /** Tool kind. */
  type: 'custom';
  /** Name, description and input format (free text or a grammar) of the tool. */
  custom: {
    /** The name of the custom tool, used to identify it in tool calls. */
    name: string;
    /** Optional description of the custom tool, used to provide more context. */
    description?: string | undefined;
    /** The input format for the custom tool (default: unconstrained text). */
    format?:
      | {
          /** Unconstrained text format. Always `text`. */
          type: 'text';
        }
      | {
          /** Grammar format. Always `grammar`. */
          type: 'grammar';
          /** Your chosen grammar. */
          grammar: {
            /** The grammar definition. */
            definition: string;
            /** The syntax of the grammar definition: `lark` or `regex`. */
            syntax: 'lark' | 'regex';
          };
        }
      | undefined;
  };
}

/**
 * A tool the model may call.
 *
 * @example
 * ```ts
 * const tools: ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_time', description: 'Current UTC time' } }];
 * ```
 */
export type ChatCompletionTool = ChatCompletionFunctionTool | ChatCompletionCustomTool;

/**
 * Which tool the model must (or may) call.
 *
 * @example
 * ```ts
 * const choice: ChatCompletionToolChoiceOption = { type: 'function', function: { name: 'get_weather' } };
 * ```
 */
export type ChatCompletionToolChoiceOption =
  | 'none'
  | 'auto'
  | 'required'
  | {
      /** For function calling, always `function`. */
      type: 'function';
      /** The function the model must call. */
      function: {
        /** The name of the function to call. */
        name: string;
      };
    }
  | {
      /** For custom tool calling, always `custom`. */
      type: 'custom';
      /** The custom tool the model must call. */
      custom: {
        /** The name of the custom tool to call. */
        name: string;
      };
    }
  | {
      /** Allowed tool configuration type. Always `allowed_tools`. */
      type: 'allowed_tools';
      /** Constrains the tools available to the model to a pre-defined set. */
      allowed_tools: {
        /** `auto`: the model may pick among the allowed tools or answer with a message; `required`: it must call one or more of them. */
        mode: 'auto' | 'required';
        /** The tool definitions the model may call, e.g. `[{ type: 'function', function: { name: 'get_weather' } }]`. */
        tools: Array<{ [key: string]: unknown }>;
      };
    };

/**
 * Plain text output (the default).
 *
 * @example
 * ```ts
 * const format: ResponseFormatText = { type: 'text' };
 * ```
 */
export interface ResponseFormatText {
  /** Format kind. */
  type: 'text';
}

/**
 * JSON mode: the output is some valid JSON object.
 *
 * @example
 * ```ts
 * const format: ResponseFormatJsonObject = { type: 'json_object' };
 * ```
 */
export interface ResponseFormatJsonObject {
  /** Format kind. */
  type: 'json_object';
}

/**
 * Structured Outputs: the output matches the given JSON Schema.
 *
 * @example
 * ```ts
 * const format: ResponseFormatJsonSchema = {
 *   type: 'json_schema',
 *   json_schema: { name: 'person', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
 * };
 * ```
 */
export interface ResponseFormatJsonSchema {
  /** Format kind. */
  type: 'json_schema';
  /** The schema, its name and whether to enforce it exactly (`strict`). */
  json_schema: {
    /** `a-z`, `A-Z`, `0-9`, `_` and `-`, at most 64 characters. */
    name: string;
    /** What the response format is for; the model reads it to decide how to respond in the format. */
    description?: string | undefined;
    /** The schema of the response format, as a JSON Schema object. */
    schema?: JsonSchemaObject | undefined;
    /** Always follow the exact schema (only a subset of JSON Schema is supported then; default false). */
    strict?: boolean | null | undefined;
  };
}

/**
 * Hugging Face TGI's grammar (its `GrammarType`), which TGI takes as `response_format` in place of
 * OpenAI's forms: the output matches a JSON Schema (`json`, on every TGI with `response_format`;
 * `json_schema` with a `{ name?, schema }` value, on newer ones) or a regular expression (`regex`).
 * TGI refuses OpenAI's forms with a 422.
 *
 * @example
 * ```ts
 * const person: ResponseFormatGrammar = { type: 'json', value: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } };
 * const year: ResponseFormatGrammar = { type: 'regex', value: '(19|20)\\d{2}' };
 * await createChatCompletion(tgi, { model: 'tgi', messages, response_format: person });
 * ```
 */
export type ResponseFormatGrammar =
  | {
      /** The output matches a JSON Schema. */
      type: 'json';
      /** The JSON Schema, or its JSON text. */
      value: JsonSchemaObject | string;
    }
  | {
      /** The output matches a regular expression. */
      type: 'regex';
      /** The regular expression. */
      value: string;
    }
  | {
      /** The output matches a JSON Schema (newer TGI versions). */
      type: 'json_schema';
      /** The schema and its optional name. */
      value: {
        /** Optional name of the schema. */
        name?: string | null | undefined;
        /** The JSON Schema. */
        schema: JsonSchemaObject;
      };
    };

/**
 * The output format of a chat completion: OpenAI's (text, JSON mode, a JSON Schema), or TGI's
 * grammar ({@link ResponseFormatGrammar}).
 *
 * @example
 * ```ts
 * const response_format: ResponseFormat = { type: 'json_object' };
 * await createChatCompletion(client, { model: 'gpt-4o-mini', messages, response_format });
 * ```
 */
export type ResponseFormat = ResponseFormatText | ResponseFormatJsonObject | ResponseFormatJsonSchema | ResponseFormatGrammar;

/**
 * Options of streamed responses.
 *
 * @example
 * ```ts
 * await createChatCompletion(client, { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
 * ```
 */
export interface ChatCompletionStreamOptions {
  /** Send one more chunk before `[DONE]` whose `usage` holds the totals (its `choices` is empty). */
  include_usage?: boolean | undefined;
  /** Pad chunks with a random `obfuscation` field (OpenAI; default on). */
  include_obfuscation?: boolean | undefined;
}

// ---------------------------------------------------------------- chat: request

/**
 * The parameters of `POST /chat/completions` (everything except `stream`).
 *
 * @example
 * ```ts
 * const params: ChatCompletionCreateParamsBase = {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Say hi' }],
 *   temperature: 0.2,
 * };
 * ```
 */
export interface ChatCompletionCreateParamsBase {
  /** Model id, e.g. `gpt-4o-mini` or `meta-llama/Llama-3.1-8B-Instruct`. */
  model: string;
  /** The conversation so far (at least one message). */
  messages: ChatCompletionMessageParam[];
  /** Upper bound of generated tokens, reasoning included. */
  max_completion_tokens?: number | null | undefined;
  /** Most tokens to generate (o-series models refuse it). @deprecated use `max_completion_tokens` (still the one most compatible servers read). */
  max_tokens?: number | null | undefined;
  /** 0–2. */
  temperature?: number | null | undefined;
  /** 0–1. */
  top_p?: number | null | undefined;
  /** -2–2. */
  frequency_penalty?: number | null | undefined;
  /** -2–2. */
  presence_penalty?: number | null | undefined;
  /** Token id → bias (-100–100). */
  logit_bias?: Record<string, number> | null | undefined;
  /** Return log probabilities of the output tokens (Together takes a number: the top tokens per position, 0–20). */
  logprobs?: boolean | number | null | undefined;
  /** 0–20 most likely tokens per position (needs `logprobs: true`). */
  top_logprobs?: number | null | undefined;
  /** How many choices to generate (1–128). */
  n?: number | null | undefined;
  /** Up to 4 stop sequences. */
  stop?: string | string[] | null | undefined;
  /** Best-effort deterministic sampling. */
  seed?: number | null | undefined;
  /** Output format: text, JSON mode or a JSON Schema (Structured Outputs); on TGI its grammar ({@link ResponseFormatGrammar}). */
  response_format?: ResponseFormat | undefined;
  /** Tools the model may call. */
  tools?: ChatCompletionTool[] | undefined;
  /** Which tool to call. */
  tool_choice?: ChatCompletionToolChoiceOption | undefined;
  /** Allow several tool calls in one turn (default true). */
  parallel_tool_calls?: boolean | undefined;
  /** Streaming options (only with `stream: true`). */
  stream_options?: ChatCompletionStreamOptions | null | undefined;
  /** Stable id of your end user, for abuse detection and caching. @deprecated use `safety_identifier` / `prompt_cache_key`. */
  user?: string | undefined;
  /** Stable id of your end user for abuse detection (at most 64 characters). */
  safety_identifier?: string | null | undefined;
  /** Groups similar requests for prompt caching. */
  prompt_cache_key?: string | null | undefined;
  /** Prompt caching: `mode: 'explicit'` writes only the content parts' `prompt_cache_breakpoint`s; `ttl` is the minimum cache lifetime. */
  prompt_cache_options?: {
    /** The minimum lifetime of every cache breakpoint the request writes (default and only value: `30m`). */
    ttl?: OpenString<'30m'> | undefined;
    /** `implicit` (default): one automatic breakpoint plus up to the latest three explicit ones; `explicit`: only the latest four explicit ones. */
    mode?: 'implicit' | 'explicit' | undefined;
  } | undefined;
  /** The longest time a cached prefix is kept. @deprecated use `prompt_cache_options.ttl`. */
  prompt_cache_retention?: OpenString<'in_memory' | '24h'> | null | undefined;
  /** Moderated completions: moderate the input and the output with this model; the answer (and a chunk of the stream) carries `moderation`. */
  moderation?: {
    /** The moderation model to use, e.g. `omni-moderation-latest`. */
    model: string;
    /** The policy to apply to the moderated input and output. */
    policy?: {
      /** The moderation policy of the input. */
      input?: {
        /** The moderation mode: `score` or `block`. */
        mode: OpenString<'score' | 'block'>;
      } | null | undefined;
      /** The moderation policy of the output. */
      output?: {
        /** The moderation mode: `score` or `block`. */
        mode: OpenString<'score' | 'block'>;
      } | null | undefined;
    } | null | undefined;
  } | null | undefined;
  /** Up to 16 key-value pairs stored with the completion. */
  metadata?: Record<string, string> | null | undefined;
  /** Store the completion (distillation, evals). */
  store?: boolean | null | undefined;
  /** Output modalities, e.g. `['text', 'audio']`. */
  modalities?: Array<'text' | 'audio'> | null | undefined;
  /** Audio output settings (with `modalities: ['audio']`). */
  audio?: {
    /** The voice the model answers with: a built-in one (`alloy`, `ash`, `ballad`, `coral`, `echo`, `fable`, `nova`, `onyx`, `sage`, `shimmer`, `marin`, `cedar`) or a custom `{ id }`. */
    voice: string | {
      /** The custom voice ID, e.g. `voice_1234`. */
      id: string;
    };
    /** The output audio format. */
    format: 'wav' | 'aac' | 'mp3' | 'flac' | 'opus' | 'pcm16';
  } | null | undefined;
  /** Reasoning effort of reasoning models. */
  reasoning_effort?: OpenString<'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh'> | null | undefined;
  /** Response verbosity. */
  verbosity?: 'low' | 'medium' | 'high' | null | undefined;
  /** Processing tier. */
  service_tier?: OpenString<'auto' | 'default' | 'flex' | 'scale' | 'priority'> | null | undefined;
  /** Predicted output, to speed up regenerations. */
  prediction?: {
    /** The type of the predicted content. Always `content`. */
    type: 'content';
    /** The content to match; if the generated tokens match it, the whole response comes back much sooner. */
    content: string | ChatCompletionContentPartText[];
  } | null | undefined;
  /** Web search options (search models). */
  web_search_options?: {
    /** Approximate location of the user, for the search. */
    user_location?: {
      /** The type of location approximation. Always `approximate`. */
      type: 'approximate';
      /** Approximate location parameters for the search. */
      approximate: {
        /** Free text input for the city of the user, e.g. `San Francisco`. */
        city?: string | undefined;
        /** The two-letter ISO 3166-1 country code of the user, e.g. `US`. */
        country?: string | undefined;
        /** Free text input for the region of the user, e.g. `California`. */
        region?: string | undefined;
        /** The IANA timezone of the user, e.g. `America/Los_Angeles`. */
        timezone?: string | undefined;
      };
    } | null | undefined;
    /** How much context window space to use for the search (default `medium`). */
    search_context_size?: 'low' | 'medium' | 'high' | undefined;
  } | undefined;
  /** Functions the model may call (the older form of `tools`). @deprecated use `tools`. */
  functions?: FunctionDefinition[] | undefined;
  /** Which function, if any, the model must call (the older form of `tool_choice`). @deprecated use `tool_choice`. */
  function_call?: 'none' | 'auto' | {
    /** The name of the function the model must call. */
    name: string;
  } | undefined;
}

/** Non-streaming chat request. @example `const p: ChatCompletionCreateParamsNonStreaming = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };` */
export interface ChatCompletionCreateParamsNonStreaming extends ChatCompletionCreateParamsBase {
  /** Absent, `false` or `null`: the answer comes whole. */
  stream?: false | null | undefined;
}

/** Streaming chat request. @example `const p: ChatCompletionCreateParamsStreaming = { model: 'm', messages, stream: true };` */
export interface ChatCompletionCreateParamsStreaming extends ChatCompletionCreateParamsBase {
  /** `true`: the answer comes as a stream of chunks. */
  stream: true;
}

/**
 * Any chat request.
 *
 * @example
 * ```ts
 * const params: ChatCompletionCreateParams = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true };
 * ```
 */
export type ChatCompletionCreateParams = ChatCompletionCreateParamsNonStreaming | ChatCompletionCreateParamsStreaming;

// ---------------------------------------------------------------- chat: responses

/**
 * Token counts. Servers may add fields (Groq: `queue_time`, ...); `strict` validation drops them.
 * A detail count may be `null`: Python servers (SGLang, some vLLM builds) send their unset counts so.
 *
 * @example
 * ```ts
 * const usage: CompletionUsage | null | undefined = completion.usage;
 * console.log(usage?.prompt_tokens, usage?.completion_tokens, usage?.total_tokens);
 * const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
 * ```
 */
export interface CompletionUsage {
  /** Tokens in the prompt. */
  prompt_tokens: number;
  /** Tokens generated (reasoning included). */
  completion_tokens: number;
  /** Prompt and completion tokens together. */
  total_tokens: number;
  /** Breakdown of the prompt tokens (cached, audio, …). */
  prompt_tokens_details?: {
    /** Cached tokens present in the prompt. */
    cached_tokens?: number | null;
    /** Audio input tokens present in the prompt. */
    audio_tokens?: number | null;
    /** Text input tokens present in the prompt. */
    text_tokens?: number | null;
    /** Image input tokens present in the prompt. */
    image_tokens?: number | null;
    /** Prompt tokens written to the prompt cache (OpenAI). */
    cache_write_tokens?: number | null;
  } | null;
  /** Breakdown of the generated tokens (reasoning, audio, predicted, …). */
  completion_tokens_details?: {
    /** Tokens the model generated for reasoning. */
    reasoning_tokens?: number | null;
    /** Audio tokens the model generated. */
    audio_tokens?: number | null;
    /** With Predicted Outputs, tokens of the prediction that appeared in the completion. */
    accepted_prediction_tokens?: number | null;
    /** With Predicted Outputs, tokens of the prediction that did not appear in the completion (still billed and counted as completion tokens). */
    rejected_prediction_tokens?: number | null;
    /** Text tokens the model generated. */
    text_tokens?: number | null;
  } | null;
}

/**
 * Log probability of one token.
 *
 * @example
 * ```ts
 * const lp: ChatCompletionTokenLogprob = { token: 'Hi', logprob: -0.01, bytes: [72, 105] };
 * ```
 */
export interface ChatCompletionTokenLogprob {
  /** The token. */
  token: string;
  /** Natural log of its probability. */
  logprob: number;
  /** UTF-8 bytes of the token (absent on TGI). */
  bytes?: number[] | null;
  /** Most likely tokens at this position (with `top_logprobs`). */
  top_logprobs?: Array<{
    /** The token. */
    token: string;
    /** Natural log of its probability. */
    logprob: number;
    /** UTF-8 bytes of the token (absent on TGI). */
    bytes?: number[] | null;
  }>;
}

/**
 * Log probabilities of a choice.
 *
 * @example
 * ```ts
 * const logprobs: ChatCompletionChoiceLogprobs | null | undefined = completion.choices[0]?.logprobs;
 * console.log(logprobs?.content?.map((t) => t.token));
 * ```
 */
export interface ChatCompletionChoiceLogprobs {
  /** Log probabilities of the content tokens. */
  content?: ChatCompletionTokenLogprob[] | null;
  /** Log probabilities of the refusal tokens. */
  refusal?: ChatCompletionTokenLogprob[] | null;
  /** Together (its `LogprobsPart`, sent instead of `content`): the sampled tokens, in order. */
  tokens?: string[];
  /** Together: the log probability of each of `tokens`. */
  token_logprobs?: Array<number | null>;
}

/**
 * Why generation stopped. Compatible servers send others (Together `eos`, TGI `eos_token`).
 *
 * @example
 * ```ts
 * const reason: FinishReason | null | undefined = completion.choices[0]?.finish_reason;
 * if (reason === 'length') console.warn('truncated: raise max_completion_tokens');
 * ```
 */
export type FinishReason = OpenString<'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call'>;

/**
 * The assistant's message in a chat completion.
 *
 * @example
 * ```ts
 * const message: ChatCompletionMessage | undefined = completion.choices[0]?.message;
 * console.log(message?.content ?? message?.refusal);
 * ```
 */
export interface ChatCompletionMessage {
  /** Always `assistant`. */
  role: 'assistant';
  /** Text of the reply; `null` when the model only called tools or refused. */
  content: string | null;
  /** The refusal text, when the model refused (OpenAI only; `undefined` on most compatible servers). */
  refusal?: string | null;
  /** Tool calls the model made. */
  tool_calls?: ChatCompletionMessageToolCall[];
  /** URL citations (search models). */
  annotations?: Array<{
    /** The type of the annotation. Always `url_citation`. */
    type: 'url_citation';
    /** A URL citation when using web search. */
    url_citation: {
      /** Index of the first character of the citation in the message. */
      start_index: number;
      /** Index of the last character of the citation in the message. */
      end_index: number;
      /** The URL of the web resource. */
      url: string;
      /** The title of the web resource. */
      title: string;
    };
  }>;
  /** Audio output (with `modalities: ['audio']`). */
  audio?: {
    /** Unique identifier of this audio response (quote it in a later assistant message's `audio.id`). */
    id: string;
    /** Unix seconds after which the server no longer keeps this audio for multi-turn conversations. */
    expires_at: number;
    /** Base64-encoded audio bytes, in the format the request asked for. */
    data: string;
    /** Transcript of the audio. */
    transcript: string;
  } | null;
  /** The name and arguments of a function the model called. @deprecated use `tool_calls`. */
  function_call?: {
    /** The name of the function to call. */
    name: string;
    /** The arguments as JSON text the model generated (check it before use); an object a server sent (TGI 2.x) is turned into its JSON text. */
    arguments: string;
  } | null;
  /** Reasoning text of reasoning models on vLLM (`reasoning_content`), Together/Groq/Ollama (`reasoning`). */
  reasoning_content?: string | null;
  /** See `reasoning_content`. */
  reasoning?: string | null;
}

/**
 * One choice of a chat completion.
 *
 * @example
 * ```ts
 * const choices: ChatCompletionChoice[] = completion.choices;
 * for (const c of choices) console.log(c.index, c.finish_reason, c.message.content);
 * ```
 */
export interface ChatCompletionChoice {
  /** Position of the choice (0 to `n` − 1). */
  index: number;
  /** The generated message. */
  message: ChatCompletionMessage;
  /** Always present on OpenAI; `null` while unknown on some servers. */
  finish_reason: FinishReason | null;
  /** Log probabilities, when `logprobs` was requested. */
  logprobs?: ChatCompletionChoiceLogprobs | null;
}

/**
 * A chat completion (`object: 'chat.completion'`).
 *
 * @example
 * ```ts
 * const completion: ChatCompletion = await createChatCompletion(client, { model: 'gpt-4o-mini', messages });
 * console.log(completion.choices[0]?.message.content, completion.usage?.total_tokens);
 * ```
 */
export interface ChatCompletion {
  /** Id of the completion. */
  id: string;
  /** `chat.completion` (TGI's OpenAPI file leaves it out, but its server sends it). */
  object: 'chat.completion' | (string & {});
  /** Unix seconds. */
  created: number;
  /** The model that answered (may name a snapshot of the one asked for). */
  model: string;
  /** The generated choices (`n` of them). */
  choices: ChatCompletionChoice[];
  /** Absent on some servers and on accumulated streams without `include_usage`. */
  usage?: CompletionUsage | null;
  /** Backend configuration that served the request; compare it to explain changes under a fixed `seed`. */
  system_fingerprint?: string | null;
  /** The processing tier that served the request. */
  service_tier?: string | null;
  /** The request's `metadata`, when the server echoes it. */
  metadata?: Record<string, string> | null;
  /** Moderation of the input and the output, when moderated completions were requested. */
  moderation?: ChatCompletionModeration | null;
}

/**
 * Moderation of a moderated chat completion: for the input and for the output, either the
 * results (`type: 'moderation_results'`, with `model` and `results`) or an error
 * (`type: 'error'`, with `code` and `message`), as the server sent them.
 *
 * @example
 * ```ts
 * const m = completion.moderation;
 * if (m?.output.type === 'moderation_results') console.log(m.output.results);
 * if (m?.input.type === 'error') console.warn(m.input.message);
 * ```
 */
export interface ChatCompletionModeration {
  /** Moderation of the input. */
  input: ChatCompletionModerationPart;
  /** Moderation of the output. */
  output: ChatCompletionModerationPart;
}

/**
 * One side of {@link ChatCompletionModeration}: moderation results or a moderation error.
 *
 * @example
 * ```ts
 * const part: ChatCompletionModerationPart = { type: 'error', code: 'moderation_failed', message: 'Try again.' };
 * ```
 */
export interface ChatCompletionModerationPart {
  /** `moderation_results` or `error`. */
  type: 'moderation_results' | 'error' | (string & {});
  /** The moderation model (results). */
  model?: string;
  /** One result per moderated item (results): `flagged`, `categories`, `category_scores`, ... */
  results?: Array<Record<string, unknown>>;
  /** The error code (error). */
  code?: string;
  /** The error message (error). */
  message?: string;
  [key: string]: unknown;
}

/**
 * A partial tool call in a streamed delta; pieces with the same `index` belong to one call. A
 * stream sets the `index` of a piece a server sent without one, or under an index another call
 * already had, to its call's (see docs/openai.md, "Tool calls in a stream").
 *
 * @example
 * ```ts
 * const piece: ChatCompletionChunkToolCall = { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } };
 * ```
 */
export interface ChatCompletionChunkToolCall {
  /** Which call of the message this piece belongs to. */
  index: number;
  /** Sent with the first piece of a call. */
  id?: string | null;
  /** Call kind, sent with the first piece. */
  type?: 'function' | (string & {}) | null;
  /** Pieces of the name and of the arguments' JSON text; concatenate them per `index`. */
  function?: {
    /** The name of the function to call (usually whole, in the first piece). */
    name?: string | null;
    /** A piece of the arguments' JSON text. */
    arguments?: string | null;
  } | null;
}

/**
 * What one chunk adds to a choice.
 *
 * @example
 * ```ts
 * const delta: ChatCompletionChunkDelta | undefined = chunk.choices[0]?.delta;
 * process.stdout.write(delta?.content ?? '');
 * ```
 */
export interface ChatCompletionChunkDelta {
  /** Sent with the first chunk of a choice. */
  role?: OpenString<'developer' | 'system' | 'user' | 'assistant' | 'tool'> | null;
  /** More text of the reply. */
  content?: string | null;
  /** More text of a refusal. */
  refusal?: string | null;
  /** Pieces of tool calls. */
  tool_calls?: ChatCompletionChunkToolCall[] | null;
  /** Pieces of the name and arguments of a function the model called. @deprecated use `tool_calls`. */
  function_call?: {
    /** The name of the function to call. */
    name?: string | null;
    /** A piece of the arguments' JSON text. */
    arguments?: string | null;
  } | null;
  /** More reasoning text: vLLM's field. */
  reasoning_content?: string | null;
  /** More reasoning text: Together's, Groq's and Ollama's field. */
  reasoning?: string | null;
}

/**
 * One choice of a chunk.
 *
 * @example
 * ```ts
 * const choices: ChatCompletionChunkChoice[] = chunk.choices;
 * for (const c of choices) if (c.finish_reason) console.log(`choice ${c.index} done: ${c.finish_reason}`);
 * ```
 */
export interface ChatCompletionChunkChoice {
  /** Which choice this chunk continues. */
  index: number;
  /** What the chunk adds. */
  delta: ChatCompletionChunkDelta;
  /** Set on the choice's last chunk: why generation stopped. */
  finish_reason?: FinishReason | null;
  /** OpenAI sends an object; Together sends a number. */
  logprobs?: ChatCompletionChoiceLogprobs | number | null;
}

/**
 * One streamed chunk (`object: 'chat.completion.chunk'`).
 *
 * @example
 * ```ts
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export interface ChatCompletionChunk {
  /** Id of the completion; the same on every chunk. */
  id: string;
  /** `chat.completion.chunk`. */
  object: 'chat.completion.chunk' | (string & {});
  /** Unix seconds; the same on every chunk. */
  created: number;
  /** The model that answers. */
  model: string;
  /** Empty on the final usage chunk. */
  choices: ChatCompletionChunkChoice[];
  /** Set on the final chunk when `stream_options.include_usage` is true; `null` before. */
  usage?: CompletionUsage | null;
  /** Backend configuration that served the request. */
  system_fingerprint?: string | null;
  /** The processing tier that served the request. */
  service_tier?: string | null;
  /** On the moderation chunk, when moderated completions were requested. */
  moderation?: ChatCompletionModeration | null;
}

// ---------------------------------------------------------------- completions (legacy)

/**
 * Parameters of `POST /completions` (everything except `stream`).
 *
 * @example
 * ```ts
 * const params: CompletionCreateParamsBase = { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', max_tokens: 16, temperature: 0.7 };
 * ```
 */
export interface CompletionCreateParamsBase {
  /** Model id. */
  model: string;
  /** A string, strings, token ids, or arrays of token ids; `null` starts as if from a new document. */
  prompt: string | string[] | number[] | number[][] | null;
  /** Generate this many completions on the server and return the `n` best (costs every one). */
  best_of?: number | null | undefined;
  /** Return the prompt with the completion. */
  echo?: boolean | null | undefined;
  /** -2–2: penalise tokens by how often they already appeared. */
  frequency_penalty?: number | null | undefined;
  /** Token id → bias (-100–100). */
  logit_bias?: Record<string, number> | null | undefined;
  /** 0–5 most likely tokens per position. */
  logprobs?: number | null | undefined;
  /** Most tokens to generate. */
  max_tokens?: number | null | undefined;
  /** How many completions to generate. */
  n?: number | null | undefined;
  /** -2–2: penalise tokens that already appeared. */
  presence_penalty?: number | null | undefined;
  /** Best-effort deterministic sampling. */
  seed?: number | null | undefined;
  /** Up to 4 stop sequences. */
  stop?: string | string[] | null | undefined;
  /** Streaming options (only with `stream: true`). */
  stream_options?: ChatCompletionStreamOptions | null | undefined;
  /** Text that follows the completion (insertion). */
  suffix?: string | null | undefined;
  /** 0–2. */
  temperature?: number | null | undefined;
  /** 0–1. */
  top_p?: number | null | undefined;
  /** Stable id of your end user, for abuse detection. */
  user?: string | undefined;
}

/** Non-streaming completion request. @example `const p: CompletionCreateParamsNonStreaming = { model: 'm', prompt: 'Once' };` */
export interface CompletionCreateParamsNonStreaming extends CompletionCreateParamsBase {
  /** Absent, `false` or `null`: the answer comes whole. */
  stream?: false | null | undefined;
}

/** Streaming completion request. @example `const p: CompletionCreateParamsStreaming = { model: 'm', prompt: 'Once', stream: true };` */
export interface CompletionCreateParamsStreaming extends CompletionCreateParamsBase {
  /** `true`: the answer comes as a stream of completions. */
  stream: true;
}

/**
 * Any completion request.
 *
 * @example
 * ```ts
 * const params: CompletionCreateParams = { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', stream: true };
 * ```
 */
export type CompletionCreateParams = CompletionCreateParamsNonStreaming | CompletionCreateParamsStreaming;

/**
 * Log probabilities of a legacy completion choice (TGI sends a plain number array instead).
 *
 * @example
 * ```ts
 * const lp: CompletionLogprobs = { tokens: [' upon'], token_logprobs: [-0.2], text_offset: [4] };
 * ```
 */
export interface CompletionLogprobs {
  /** Character offset of each token in the text. */
  text_offset?: number[];
  /** Log probability of each token. */
  token_logprobs?: Array<number | null>;
  /** The tokens, in order. */
  tokens?: string[];
  /** Token → log probability per position (values not checked); Together sends one token → log probability object. */
  top_logprobs?: Array<Record<string, unknown> | null> | Record<string, unknown> | null;
}

/**
 * One completion choice.
 *
 * @example
 * ```ts
 * const choice: CompletionChoice | undefined = res.choices[0];
 * console.log(choice?.text, choice?.finish_reason);
 * ```
 */
export interface CompletionChoice {
  /** Position of the choice. */
  index: number;
  /** The generated text. */
  text: string;
  /** Why generation stopped. */
  finish_reason?: FinishReason | null;
  /** Log probabilities, when `logprobs` was requested. */
  logprobs?: CompletionLogprobs | number[] | null;
}

/**
 * A legacy text completion (`object: 'text_completion'`); streamed chunks have the same shape.
 *
 * @example
 * ```ts
 * const c: Completion = await createCompletion(client, { model: 'm', prompt: 'Once upon' });
 * console.log(c.choices[0]?.text);
 * ```
 */
export interface Completion {
  /** Id of the completion. */
  id: string;
  /** `text_completion`. */
  object: 'text_completion' | (string & {});
  /** Unix seconds. */
  created: number;
  /** The model that answered. */
  model: string;
  /** The generated choices. */
  choices: CompletionChoice[];
  /** Token counts; absent on some servers, and on stream chunks but the last with `stream_options.include_usage`. */
  usage?: CompletionUsage | null;
  /** Backend configuration that served the request. */
  system_fingerprint?: string | null;
}

// ---------------------------------------------------------------- embeddings

/**
 * Parameters of `POST /embeddings`.
 *
 * @example
 * ```ts
 * const params: EmbeddingCreateParams = { model: 'text-embedding-3-small', input: ['first text', 'second text'], dimensions: 256 };
 * ```
 */
export interface EmbeddingCreateParams {
  /** Model id. */
  model: string;
  /** Text, texts, token ids, or arrays of token ids (at most 2048 inputs). */
  input: string | string[] | number[] | number[][];
  /** `float` (JSON numbers, the server default) or `base64` (little-endian float32, decoded into a `Float32Array`). */
  encoding_format?: 'float' | 'base64' | undefined;
  /** Output dimensions (text-embedding-3 and later). */
  dimensions?: number | undefined;
  /** Stable id of your end user, for abuse detection. */
  user?: string | undefined;
}

/**
 * One embedding vector: `number[]` for `float`, `Float32Array` for `base64`.
 *
 * @example
 * ```ts
 * const res = await createEmbedding(client, { model: 'text-embedding-3-small', input: 'hello' });
 * const first: Embedding<number[]> | undefined = res.data[0];
 * ```
 */
export interface Embedding<V = number[]> {
  /** Position of the input this embeds. */
  index: number;
  /** `embedding`. */
  object: 'embedding' | (string & {});
  /** The vector. */
  embedding: V;
}

/**
 * The embeddings of a request.
 *
 * @example
 * ```ts
 * const res: CreateEmbeddingResponse<Float32Array> = await createEmbedding(client, { model: 'm', input: ['a', 'b'], encoding_format: 'base64' });
 * res.data[0]?.embedding; // Float32Array
 * ```
 */
export interface CreateEmbeddingResponse<V = number[]> {
  /** `list`. */
  object: 'list' | (string & {});
  /** The model that answered. */
  model: string;
  /** One embedding per input, in input order. */
  data: Array<Embedding<V>>;
  /** Together and some TEI versions omit it. */
  usage?: {
    /** Tokens in the input. */
    prompt_tokens: number;
    /** Tokens the request used in total. */
    total_tokens: number;
  } | null;
}

// ---------------------------------------------------------------- models

/**
 * A model the server serves.
 *
 * @example
 * ```ts
 * const model: Model = await retrieveModel(client, 'gpt-4o-mini');
 * ```
 */
export interface Model {
  /** Model id, as requests name it. */
  id: string;
  /** `model`. */
  object: 'model' | (string & {});
  /** Unix seconds (0 or absent on some servers). */
  created?: number;
  /** Absent on Together (which sends `organization`). */
  owned_by?: string;
  /** The date (`YYYY-MM-DD`) the model will shut down; `null` when none is announced (OpenAI). */
  shutdown_date?: string | null;
}

/** The models list. TGI's single model and Together's bare array are normalised to this shape. @example `const { data } = await listModels(client);` */
export interface ModelList {
  /** `list`. */
  object: 'list';
  /** The models. */
  data: Model[];
}

/** The answer to a model deletion. @example `const { deleted } = await deleteModel(client, 'ft:gpt-4o-mini:acme::abc');` */
export interface ModelDeleted {
  /** Id of the deleted model. */
  id: string;
  /** `model`. */
  object: string;
  /** Whether it was deleted. */
  deleted: boolean;
}

// ---------------------------------------------------------------- call options

/**
 * Per-call options of streaming operations: the core {@link CallOptions} plus stream timeouts.
 *
 * @example
 * ```ts
 * await createChatCompletion(client, { ...params, stream: true }, { idleTimeoutMs: 30_000, timeoutMs: 300_000 });
 * ```
 */
export interface StreamCallOptions extends CallOptions {
  /** Longest time from the call's start to the first chunk, the wait for the response headers included (default: the call deadline). */
  firstEventTimeoutMs?: number | undefined;
  /** Longest silence between two chunks (default: none beyond the call deadline). */
  idleTimeoutMs?: number | undefined;
}

/**
 * The call options of a request whose `stream` is `S`: {@link StreamCallOptions} when the call may
 * stream (`true`, or a `boolean` known only at run time), otherwise {@link CallOptions}, since a
 * call that does not stream would ignore a stream's timeouts.
 *
 * @example
 * ```ts
 * const options: CallOptionsFor<boolean> = { timeoutMs: 60_000, idleTimeoutMs: 10_000 };
 * ```
 */
export type CallOptionsFor<S> = true extends S ? StreamCallOptions : CallOptions;
