/**
 * `createOpenAIClient`: a core client configured for an OpenAI-compatible server, plus the
 * operations bound to it under the official client's names (`chat.completions.create`, ...).
 * @module
 */
import { checkHeaders, checkOptions } from '../core/check.js';
import { CLIENT_OPTIONS, createClientAs, type CallOptions, type Client, type ClientOptions } from '../core/client.js';
import type { StandardSchemaV1, InferOutput } from '../core/schema.js';
import type { Stream } from '../core/stream.js';
import { createChatCompletion, streamChatCompletion } from './chat.js';
import { createCompletion } from './completions.js';
import { createEmbedding } from './embeddings.js';
import { deleteModel, listModels, retrieveModel } from './models.js';
import { parseChatCompletion, type ParseChatCompletionParams, type ParsedChatCompletion } from './structured.js';
import type {
  CallOptionsFor,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  Completion,
  CompletionCreateParams,
  CompletionCreateParamsBase,
  CompletionCreateParamsNonStreaming,
  CompletionCreateParamsStreaming,
  CreateEmbeddingResponse,
  EmbeddingCreateParams,
  Model,
  ModelDeleted,
  ModelList,
  StreamCallOptions,
} from './types.js';

/**
 * The default server.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL: OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
 * ```
 */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * Options of {@link createOpenAIClient}: the core {@link ClientOptions} with an OpenAI default
 * `baseURL`, plus OpenAI's organization and project headers.
 *
 * @example
 * ```ts
 * const options: OpenAIClientOptions = { apiKey: process.env.OPENAI_API_KEY, timeoutMs: 120_000 };
 * ```
 */
export interface OpenAIClientOptions extends Omit<ClientOptions, 'baseURL'> {
  /** Root of the API including its version, e.g. `http://127.0.0.1:8000/v1` (default `https://api.openai.com/v1`). */
  baseURL?: string | undefined;
  /** Deadline of each call in ms, its retries and whole stream included (default 600 000: 10 minutes, the official client's timeout). */
  timeoutMs?: number | undefined;
  /** Sent as `openai-organization`. */
  organization?: string | undefined;
  /** Sent as `openai-project`. */
  project?: string | undefined;
}

/**
 * The bound operations. A plain object of functions over one core client; nothing is created
 * per resource and nothing is sent until you call one.
 *
 * @example
 * ```ts
 * const openai: OpenAIClient = createOpenAIClient({ apiKey });
 * const models = await openai.models.list();
 * ```
 */
export interface OpenAIClient {
  /** The core client every operation uses (pass it to the standalone functions too). */
  readonly client: Client;
  /** Chat: `POST /chat/completions`. */
  readonly chat: {
    /** Create, stream or parse a chat completion. */
    readonly completions: {
      /**
       * Creates a chat completion streamed as chunks (`stream: true`); calls {@link createChatCompletion}.
       *
       * @example
       * ```ts
       * const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
       * // the same as createChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, stream: true })
       * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
       * ```
       */
      create(params: ChatCompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<ChatCompletionChunk>>;
      /**
       * Creates a chat completion that comes whole (no `stream`, or `stream: false`); calls {@link createChatCompletion}.
       *
       * @example
       * ```ts
       * const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
       * // the same as createChatCompletion(openai.client, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
       * console.log(completion.choices[0]?.message.content);
       * ```
       */
      create(params: ChatCompletionCreateParamsNonStreaming, options?: CallOptions): Promise<ChatCompletion>;
      /**
       * Creates a chat completion whose `stream` is known only at run time: a stream or a whole completion; calls {@link createChatCompletion}.
       *
       * @example
       * ```ts
       * const res = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: process.env.STREAM === '1' });
       * // the same as createChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, stream: process.env.STREAM === '1' })
       * ```
       */
      create<S extends boolean | null | undefined = undefined>(
        params: ChatCompletionCreateParamsBase & {
          /** `true`: the answer comes as a stream of chunks; absent, `false` or `null`: it comes whole. */
          stream?: S;
        },
        options?: CallOptionsFor<S>,
      ): Promise<ChatCompletion | Stream<ChatCompletionChunk>>;
      /**
       * Creates a streamed chat completion without passing `stream: true`; calls {@link streamChatCompletion}.
       *
       * @example
       * ```ts
       * const final = await accumulateChatStream(await openai.chat.completions.stream({ model: 'gpt-4o-mini', messages }));
       * // the same as streamChatCompletion(openai.client, { model: 'gpt-4o-mini', messages })
       * ```
       */
      stream(
        params: Omit<ChatCompletionCreateParamsStreaming, 'stream'> & {
          /** Always streams; `true` may be passed but is not needed. */
          stream?: true | undefined;
        },
        options?: StreamCallOptions,
      ): Promise<Stream<ChatCompletionChunk>>;
      /**
       * Creates a chat completion constrained to `schema` and returns each choice's `message.parsed`, checked and typed by it; calls {@link parseChatCompletion}.
       *
       * @example
       * ```ts
       * const completion = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages, schema: z.object({ name: z.string() }) });
       * // the same as parseChatCompletion(openai.client, { model: 'gpt-4o-mini', messages, schema })
       * console.log(completion.choices[0]?.message.parsed?.name);
       * ```
       */
      parse<S extends StandardSchemaV1>(params: ParseChatCompletionParams<S>, options?: CallOptions): Promise<ParsedChatCompletion<InferOutput<S>>>;
    };
  };
  /** Legacy text completions: `POST /completions`. */
  readonly completions: {
    /**
     * Creates a legacy text completion streamed as completions (`stream: true`); calls {@link createCompletion}.
     *
     * @example
     * ```ts
     * const stream = await openai.completions.create({ model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', stream: true });
     * // the same as createCompletion(openai.client, { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', stream: true })
     * for await (const part of stream) process.stdout.write(part.choices[0]?.text ?? '');
     * ```
     */
    create(params: CompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<Completion>>;
    /**
     * Creates a legacy text completion that comes whole (no `stream`, or `stream: false`); calls {@link createCompletion}.
     *
     * @example
     * ```ts
     * const res = await openai.completions.create({ model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', max_tokens: 16 });
     * // the same as createCompletion(openai.client, { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', max_tokens: 16 })
     * console.log(res.choices[0]?.text);
     * ```
     */
    create(params: CompletionCreateParamsNonStreaming, options?: CallOptions): Promise<Completion>;
    /**
     * Creates a legacy text completion whose `stream` is known only at run time: a stream or a whole completion; calls {@link createCompletion}.
     *
     * @example
     * ```ts
     * const res = await openai.completions.create({ model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once', stream: process.env.STREAM === '1' });
     * // the same as createCompletion(openai.client, { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once', stream: process.env.STREAM === '1' })
     * ```
     */
    create<S extends boolean | null | undefined = undefined>(
      params: CompletionCreateParamsBase & {
        /** `true`: the answer comes as a stream of completions; absent, `false` or `null`: it comes whole. */
        stream?: S;
      },
      options?: CallOptionsFor<S>,
    ): Promise<Completion | Stream<Completion>>;
  };
  /** Embeddings: `POST /embeddings`. */
  readonly embeddings: {
    /**
     * Creates embeddings sent as base64 and decoded into `Float32Array`s; calls {@link createEmbedding}.
     *
     * @example
     * ```ts
     * const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'base64' });
     * // the same as createEmbedding(openai.client, { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'base64' })
     * const v: Float32Array = res.data[0]!.embedding;
     * ```
     */
    create(
      params: EmbeddingCreateParams & {
        /** `base64`: the vectors come as little-endian float32, decoded into `Float32Array`s. */
        encoding_format: 'base64';
      },
      options?: CallOptions,
    ): Promise<CreateEmbeddingResponse<Float32Array>>;
    /**
     * Creates embeddings as arrays of numbers (`encoding_format` absent or `float`); calls {@link createEmbedding}.
     *
     * @example
     * ```ts
     * const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
     * // the same as createEmbedding(openai.client, { model: 'text-embedding-3-small', input: 'hello' })
     * const v: number[] = res.data[0]!.embedding;
     * ```
     */
    create(
      params: EmbeddingCreateParams & {
        /** `float` (the default): the vectors come as JSON numbers. */
        encoding_format?: 'float' | undefined;
      },
      options?: CallOptions,
    ): Promise<CreateEmbeddingResponse<number[]>>;
    /**
     * Creates embeddings whose `encoding_format` is known only at run time: `number[]` or `Float32Array` vectors; calls {@link createEmbedding}.
     *
     * @example
     * ```ts
     * const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'hello', encoding_format: process.env.COMPACT ? 'base64' : 'float' });
     * // the same as createEmbedding(openai.client, { model: 'text-embedding-3-small', input: 'hello', encoding_format: process.env.COMPACT ? 'base64' : 'float' })
     * ```
     */
    create(params: EmbeddingCreateParams, options?: CallOptions): Promise<CreateEmbeddingResponse<number[] | Float32Array>>;
  };
  /** Models the server offers: `/models`. */
  readonly models: {
    /**
     * Lists the models the server offers (`GET /models`); calls {@link listModels}.
     *
     * @example
     * ```ts
     * const { data } = await openai.models.list();
     * // the same as listModels(openai.client)
     * console.log(data.map((m) => m.id));
     * ```
     */
    list(options?: CallOptions): Promise<ModelList>;
    /**
     * Retrieves one model (`GET /models/{model}`); calls {@link retrieveModel}.
     *
     * @example
     * ```ts
     * const model = await openai.models.retrieve('gpt-4o-mini');
     * // the same as retrieveModel(openai.client, 'gpt-4o-mini')
     * ```
     */
    retrieve(model: string, options?: CallOptions): Promise<Model>;
    /**
     * Deletes a fine-tuned model (`DELETE /models/{model}`; needs the Owner role in your organization); calls {@link deleteModel}.
     *
     * @example
     * ```ts
     * const { deleted } = await openai.models.delete('ft:gpt-4o-mini:acme::abc');
     * // the same as deleteModel(openai.client, 'ft:gpt-4o-mini:acme::abc')
     * ```
     */
    delete(model: string, options?: CallOptions): Promise<ModelDeleted>;
  };
}

/**
 * The core client options for an OpenAI-compatible server: default base URL, a 10-minute deadline
 * (`timeoutMs` 600 000, whole stream included), `idempotency-key` as the idempotency header (so
 * `idempotencyKey` makes a POST retry-safe), organization and project headers. Any other option is passed on: `createClient` refuses a name it does not know (a
 * `baseUrl` would otherwise leave the default `https://api.openai.com/v1` in force, key included).
 *
 * @example
 * ```ts
 * const client = createClient(openAIClientOptions({ baseURL: 'http://127.0.0.1:11434/v1' })); // Ollama
 * ```
 */
export function openAIClientOptions(options: OpenAIClientOptions = {}): ClientOptions {
  return openAIOptionsAs('openAIClientOptions', options);
}

/** {@link openAIClientOptions}, its refusals in the name of the function called (`createOpenAIClient`). */
function openAIOptionsAs(op: string, options: OpenAIClientOptions): ClientOptions {
  const { organization, project, baseURL, headers, ...rest } = options ?? {};
  // spread below, a string would become headers `0`, `1`…, and a Headers instance or a Map none
  checkHeaders(op, headers);
  // names checked here too, not only by createClient, so that a misspelt `organisation` is shown
  // the two options of its own among the known ones (createClient checks the values of its own)
  checkOptions(op, options, `${CLIENT_OPTIONS} organization:string project:string`);
  const extra: Record<string, string> = {};
  if (organization) extra['openai-organization'] = organization;
  if (project) extra['openai-project'] = project;
  return {
    ...rest,
    // after the spread: an explicit `idempotencyHeader: undefined` keeps the default
    idempotencyHeader: rest.idempotencyHeader ?? 'idempotency-key',
    // the official client's 10 minutes: the core's 60 s would end a longer generation mid-answer
    timeoutMs: rest.timeoutMs ?? 6e5,
    baseURL: baseURL ?? OPENAI_BASE_URL,
    headers: { ...extra, ...headers },
  };
}

/**
 * Creates a client for OpenAI or any OpenAI-compatible server (vLLM, TGI, Together, Groq,
 * Fireworks, Ollama, llama.cpp) with the operations bound under the official client's names.
 * Every operation is also a standalone function taking `openai.client`, for smaller bundles.
 *
 * @example
 * ```ts
 * import { createOpenAIClient } from 'modelwire/openai';
 * import { undiciTransport } from 'modelwire/undici';
 *
 * const openai = createOpenAIClient({ apiKey: process.env.OPENAI_API_KEY, transport: undiciTransport() });
 * const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * const local = createOpenAIClient({ baseURL: 'http://127.0.0.1:8000/v1' }); // vLLM, no key
 * ```
 */
export function createOpenAIClient(options: OpenAIClientOptions = {}): OpenAIClient {
  const client = createClientAs('createOpenAIClient', openAIOptionsAs('createOpenAIClient', options));
  return {
    client,
    chat: {
      completions: {
        create: ((params: ChatCompletionCreateParams, o?: StreamCallOptions) => createChatCompletion(client, params, o)) as OpenAIClient['chat']['completions']['create'],
        stream: (params, o) => streamChatCompletion(client, params, o),
        parse: (params, o) => parseChatCompletion(client, params, o),
      },
    },
    completions: {
      create: ((params: CompletionCreateParams, o?: StreamCallOptions) => createCompletion(client, params, o)) as OpenAIClient['completions']['create'],
    },
    embeddings: {
      create: ((params: EmbeddingCreateParams, o?: CallOptions) => createEmbedding(client, params, o)) as OpenAIClient['embeddings']['create'],
    },
    models: {
      list: (o) => listModels(client, o),
      retrieve: (model, o) => retrieveModel(client, model, o),
      delete: (model, o) => deleteModel(client, model, o),
    },
  };
}
