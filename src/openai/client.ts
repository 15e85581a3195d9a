/**
 * `createOpenAIClient`: a core client configured for an OpenAI-compatible server, plus the
 * operations bound to it under the official client's names (`chat.completions.create`, ...).
 * @module
 */
import { checkHeaders, checkOptions } from '../core/check.js';
import { CLIENT_OPTIONS, createClient, type CallOptions, type Client, type ClientOptions } from '../core/client.js';
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
      /** {@link createChatCompletion} */
      create(params: ChatCompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<ChatCompletionChunk>>;
      create(params: ChatCompletionCreateParamsNonStreaming, options?: CallOptions): Promise<ChatCompletion>;
      create<S extends boolean | null | undefined = undefined>(params: ChatCompletionCreateParamsBase & { stream?: S }, options?: CallOptionsFor<S>): Promise<ChatCompletion | Stream<ChatCompletionChunk>>;
      /** {@link streamChatCompletion} */
      stream(params: Omit<ChatCompletionCreateParamsStreaming, 'stream'> & { stream?: true }, options?: StreamCallOptions): Promise<Stream<ChatCompletionChunk>>;
      /** {@link parseChatCompletion} */
      parse<S extends StandardSchemaV1>(params: ParseChatCompletionParams<S>, options?: CallOptions): Promise<ParsedChatCompletion<InferOutput<S>>>;
    };
  };
  /** Legacy text completions: `POST /completions`. */
  readonly completions: {
    /** {@link createCompletion} */
    create(params: CompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<Completion>>;
    create(params: CompletionCreateParamsNonStreaming, options?: CallOptions): Promise<Completion>;
    create<S extends boolean | null | undefined = undefined>(params: CompletionCreateParamsBase & { stream?: S }, options?: CallOptionsFor<S>): Promise<Completion | Stream<Completion>>;
  };
  /** Embeddings: `POST /embeddings`. */
  readonly embeddings: {
    /** {@link createEmbedding} */
    create(params: EmbeddingCreateParams & { encoding_format: 'base64' }, options?: CallOptions): Promise<CreateEmbeddingResponse<Float32Array>>;
    create(params: EmbeddingCreateParams & { encoding_format?: 'float' | undefined }, options?: CallOptions): Promise<CreateEmbeddingResponse<number[]>>;
    create(params: EmbeddingCreateParams, options?: CallOptions): Promise<CreateEmbeddingResponse<number[] | Float32Array>>;
  };
  /** Models the server offers: `/models`. */
  readonly models: {
    /** {@link listModels} */
    list(options?: CallOptions): Promise<ModelList>;
    /** {@link retrieveModel} */
    retrieve(model: string, options?: CallOptions): Promise<Model>;
    /** {@link deleteModel} */
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
  const { organization, project, baseURL, headers, ...rest } = options;
  // spread below, a string would become headers `0`, `1`…, and a Headers instance or a Map none
  checkHeaders('openAIClientOptions', headers);
  // names checked here too, not only by createClient, so that a misspelt `organisation` is shown
  // the two options of its own among the known ones (createClient checks the values of its own)
  checkOptions('openAIClientOptions', options, `${CLIENT_OPTIONS} organization:string project:string`);
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
  const client = createClient(openAIClientOptions(options));
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
