/**
 * `modelwire/openai`: typed access to OpenAI and OpenAI-compatible servers (vLLM, TGI, Together,
 * Groq, Fireworks, Ollama, llama.cpp): models, chat completions (streaming, tool calls, structured
 * output), legacy completions and embeddings. Web-standard; every operation is a standalone
 * function taking a core client, and `createOpenAIClient` binds them under the official names.
 *
 * @example
 * ```ts
 * import { createOpenAIClient, accumulateChatStream } from 'modelwire/openai';
 *
 * const openai = createOpenAIClient({ apiKey: process.env.OPENAI_API_KEY });
 * const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
 * const final = await accumulateChatStream(stream);
 * ```
 * @module
 */
export { createChatCompletion, streamChatCompletion } from './chat.js';
export { createCompletion } from './completions.js';
export { createEmbedding } from './embeddings.js';
export { listModels, retrieveModel, deleteModel } from './models.js';
export { parseChatCompletion, jsonSchemaOf } from './structured.js';
export type { ParseChatCompletionParams, ParsedChatCompletion, ParsedChatCompletionChoice, ParsedChatCompletionMessage, StandardJSONSchemaLike } from './structured.js';
export { accumulateChatStream, accumulateCompletionStream, createChatAccumulator } from './accumulate.js';
export type { ChatStreamAccumulator } from './accumulate.js';
export { createOpenAIClient, openAIClientOptions, OPENAI_BASE_URL } from './client.js';
export type { OpenAIClient, OpenAIClientOptions } from './client.js';
export { decodeBase64, decodeBase64Float32 } from './base64.js';
export { openAIDecoder } from './internal.js';
export {
  ChatCompletionSchema,
  ChatCompletionChunkSchema,
  CompletionSchema,
  EmbeddingResponseSchema,
  ModelSchema,
  ModelListSchema,
  ModelDeletedSchema,
} from './schemas.js';
export { normalizeChatCompletion } from './normalize.js';
export type { WireChatCompletion } from './normalize.js';
export type * from './types.js';
