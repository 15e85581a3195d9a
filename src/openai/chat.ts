/**
 * `createChatCompletion`: `POST /chat/completions`, as one JSON answer or, with `stream: true`, a
 * {@link Stream} of validated chunks.
 * @module
 */
import { request, type CallOptions, type Client } from '../core/client.js';
import type { StreamError } from '../core/errors.js';
import { openStream, type EventDecoder, type Stream } from '../core/stream.js';
import { isObject } from '../core/check.js';
import { check, checkFiniteNumbers, openAIDecoder, requireParams, REFUSED_BEFORE_WORK, STREAM_OPTIONS } from './internal.js';
import { ChatCompletionChunkShape, ChatCompletionShape } from './shapes.gen.js';
import { normalizeChatCompletion } from './normalize.js';
import { toolCallIndexer, type ToolCallIndexer } from './tool-call-index.js';
import type {
  CallOptionsFor,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  StreamCallOptions,
} from './types.js';

const OPERATION = 'openai.chat.completions.create';
const decodeEvent = /* @__PURE__ */ openAIDecoder(OPERATION);

/**
 * The decoder of one chat stream. Before validation it reads a choice's `null` or missing `delta`
 * (Azure's and some servers' finish chunk) as `{}`, and gives every tool-call piece the index of
 * its call (a server that leaves `index` out: see {@link toolCallIndexer}).
 */
function chunkDecoder(): EventDecoder {
  let indexOf: ToolCallIndexer | undefined;
  return (event) => {
    const value = decodeEvent(event);
    // not checked yet: what is not as it should be is left for the validation that follows
    const choices = (value as { choices?: unknown } | null)?.choices;
    if (Array.isArray(choices)) {
      for (const c of choices as Array<{ index: number; delta?: { tool_calls?: unknown } | null } | null>) {
        if (c && typeof c === 'object') c.delta ??= {};
        const calls = c?.delta?.tool_calls;
        if (Array.isArray(calls)) for (const tc of calls as Array<{ index?: unknown } | null>) if (tc && typeof tc === 'object') tc.index = (indexOf ??= toolCallIndexer())(c!.index, tc);
      }
    }
    return value;
  };
}

function checkChatParams(params: ChatCompletionCreateParams, operation: string): void {
  requireParams(params, operation);
  const messages = params.messages as unknown;
  check(Array.isArray(messages) && messages.length > 0, 'messages', 'a non-empty array of messages', operation, messages);
  for (let i = 0; i < (messages as unknown[]).length; i++) {
    const m = (messages as unknown[])[i] as { role?: unknown; content?: unknown } | null;
    const c = m?.content;
    check(typeof m?.role === 'string', `messages[${i}].role`, 'a string', operation, m?.role);
    check(c == null || typeof c === 'string' || Array.isArray(c), `messages[${i}].content`, 'a string, content parts or null', operation, c);
  }
  const { stream, tools, response_format: format } = params as { stream?: unknown; tools?: unknown; response_format?: unknown };
  // a string 'true' would silently take the non-stream path
  check(stream == null || typeof stream === 'boolean', 'stream', 'a boolean', operation, stream);
  check(tools === undefined || Array.isArray(tools), 'tools', 'an array', operation, tools);
  check(format === undefined || isObject(format), 'response_format', 'an object', operation, format);
  checkFiniteNumbers(params, operation);
}

/**
 * Creates a chat completion. With `stream: true` it resolves (once the first chunk arrived) to a
 * {@link Stream} of {@link ChatCompletionChunk}s; otherwise to a {@link ChatCompletion}.
 *
 * A POST that creates billable work: it is retried only when that cannot duplicate it (pass
 * `idempotencyKey`, or the failure happened before the server received the request). A stream
 * is never retried after its first chunk. An error sent inside the stream throws a
 * {@link StreamError} with the server's payload in `event`.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { createChatCompletion, accumulateChatStream } from 'modelwire/openai';
 *
 * const client = createClient({ baseURL: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY });
 * const completion = await createChatCompletion(client, {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Say hi' }],
 * });
 * console.log(completion.choices[0]?.message.content);
 *
 * const stream = await createChatCompletion(client, { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * ```
 */
export function createChatCompletion(client: Client, params: ChatCompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<ChatCompletionChunk>>;
export function createChatCompletion(client: Client, params: ChatCompletionCreateParamsNonStreaming, options?: CallOptions): Promise<ChatCompletion>;
export function createChatCompletion<S extends boolean | null | undefined = undefined>(
  client: Client,
  params: ChatCompletionCreateParamsBase & {
    /** `true`: the answer comes as a stream of chunks; absent, `false` or `null`: it comes whole. */
    stream?: S;
  },
  options?: CallOptionsFor<S>,
): Promise<ChatCompletion | Stream<ChatCompletionChunk>>;
export async function createChatCompletion(
  client: Client,
  params: ChatCompletionCreateParams,
  options?: StreamCallOptions,
): Promise<ChatCompletion | Stream<ChatCompletionChunk>> {
  if (params?.stream === true) return streamChatCompletion(client, params, options);
  checkChatParams(params, OPERATION);
  return normalizeChatCompletion(await request(client, { ...completionCall(params), schema: ChatCompletionShape }, options));
}

/**
 * The request of a chat completion, `POST /chat/completions` of `body` (the operation's name, and
 * its safety rule for retries), for the callers that read its answer: {@link createChatCompletion}
 * and parseChatCompletion.
 *
 * @example
 * ```ts
 * const completion = await request(client, { ...completionCall(params), schema: ChatCompletionShape });
 * ```
 * @internal
 */
export const completionCall = (body: object) => ({ method: 'POST' as const, path: '/chat/completions', body, operation: OPERATION, options: STREAM_OPTIONS, refusedBeforeWork: REFUSED_BEFORE_WORK });

/**
 * Streams a chat completion: `POST /chat/completions` with `stream: true` set for you (the
 * counterpart of the official client's `chat.completions.stream`). Resolves once the first chunk
 * arrived to a {@link Stream} of validated {@link ChatCompletionChunk}s. Standalone: a bundle that
 * imports only this function carries neither the non-stream response shape nor its fill-ins.
 *
 * Retried like {@link createChatCompletion}: only when that cannot duplicate billable work, and
 * never after the first chunk. An error sent inside the stream throws a {@link StreamError}.
 *
 * @example
 * ```ts
 * const stream = await streamChatCompletion(client, { model: 'gpt-4o-mini', messages });
 * const final = await accumulateChatStream(stream);
 * ```
 */
export async function streamChatCompletion(
  client: Client,
  params: Omit<ChatCompletionCreateParamsStreaming, 'stream'> & {
    /** Always streams; `true` may be passed but is not needed. */
    stream?: true | undefined;
  },
  options?: StreamCallOptions,
): Promise<Stream<ChatCompletionChunk>> {
  checkChatParams(params, OPERATION);
  return openStream(
    client,
    {
      method: 'POST',
      path: '/chat/completions',
      body: { ...params, stream: true },
      schema: ChatCompletionChunkShape,
      operation: OPERATION,
      options: STREAM_OPTIONS,
      refusedBeforeWork: REFUSED_BEFORE_WORK,
      decode: chunkDecoder(),
      firstEventTimeoutMs: options?.firstEventTimeoutMs,
      idleTimeoutMs: options?.idleTimeoutMs,
    },
    options,
  );
}

export { checkChatParams };
