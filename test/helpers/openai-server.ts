/**
 * A loopback OpenAI-compatible server for tests and benchmarks, built on the recording, fault-injecting
 * test server. It answers `/v1/models`, `/v1/models/{id}` (GET, DELETE), `/v1/chat/completions`
 * (JSON or SSE), `/v1/completions` (JSON or SSE) and `/v1/embeddings` (float or base64) with
 * real-shaped bodies, and can behave like a compatible server (`flavor`: vLLM, TGI, Together, Ollama).
 *
 * Chat scenarios are picked by the request's `model` (so every request stays spec-valid):
 * - `tool-model` (or any request whose last message is a user message and that has `tools` with
 *   `tool_choice` not `none`): two parallel tool calls (on every choice when `n > 1`), streamed as
 *   argument deltas spread over chunks, by index or as the servers that omit it send them (`toolDeltas`).
 * - `error-mid-stream`: two content chunks, then `data: {"error": {...}}` (OpenAI's shape; TGI's
 *   `{"error": "...", "error_type": "..."}` under the `tgi` flavor).
 * - `error-event`: two content chunks, then an `event: error` frame.
 * - `vllm-error`: two content chunks, then vLLM's `{"object":"error", ...}` payload.
 * - `refuse-model`: a refusal (`content: null`, `refusal: "..."`).
 * - `bad-request` (chat, completions, embeddings): a 4xx in the flavor's error shape (see {@link flavorError}).
 * - `overloaded` under the `tgi` flavor: TGI's 429 `{"error": "Model is overloaded", ...}`; with
 *   `stream: true` a 200 whose first event is that payload (TGI's router reports the refusals of
 *   `generate_stream` inside the stream), then `[DONE]`.
 * - anything else: the reply `options.reply` (default "Hello! How can I help you today?"); with
 *   `response_format: json_schema` (or TGI's `json`) the reply is `options.structured` (a JSON text).
 *
 * Under the `tgi` flavor a chat request whose `response_format` is not TGI's `GrammarType`
 * (../shared/specs/tgi/openapi.json), such as OpenAI's `json_schema` form, is refused as TGI's router
 * refuses it: a plain-text 422 from its JSON extractor, before any work (see {@link tgiGrammarRefusal}).
 *
 * @example
 * ```ts
 * const api = await startOpenAIServer({ apiKey: 'sk-test', conformance: true });
 * const openai = createOpenAIClient({ baseURL: api.baseURL, apiKey: 'sk-test' });
 * await openai.models.list();
 * api.conformance?.assertNoViolations();
 * await api.close();
 * ```
 * @module
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ServerResponse } from 'node:http';
import { conformanceRecorder, createSpecValidator, type ConformanceRecorder, type SpecValidator } from './openapi-conformance.js';
import { delay, json, startTestServer, write, type RecordedRequest, type TestServer } from './test-server.js';

/** Which server the fake behaves like. */
export type OpenAIFlavor = 'openai' | 'vllm' | 'tgi' | 'tei' | 'together' | 'ollama';

/** Options of {@link startOpenAIServer}. */
export interface OpenAIServerOptions {
  /** Require `authorization: Bearer <apiKey>` (401 in OpenAI's error shape otherwise). */
  apiKey?: string;
  /** Validate every request against ../shared/specs/openai/openapi.yaml (basePath `/v1`). */
  conformance?: boolean;
  /** Response shapes of a compatible server (default `openai`). */
  flavor?: OpenAIFlavor;
  /** Assistant reply of the default chat scenario. */
  reply?: string;
  /** JSON text returned as content when the request asks for `response_format: json_schema`. */
  structured?: string;
  /** Embedding vector of input `i` (text or token array); default: a deterministic function of `i`, 8 dims. */
  embedding?: (input: unknown, index: number, dimensions: number | undefined) => Float32Array;
  /** Model ids served (default `['gpt-4o-mini', 'text-embedding-3-small', 'ft:gpt-4o-mini:acme::abc123']`). */
  models?: string[];
  /** Number of content chunks of the default streamed reply (default: one per word). */
  streamChunks?: number;
  /** Pause between SSE frames in ms (default 0: written back to back). */
  streamDelayMs?: number;
  /**
   * How the tool scenario streams its calls (default `indexed`):
   * - `indexed`: OpenAI's deltas: the first piece of each call carries `index`, `id`, `type` and the
   *   name, then arguments follow in small deltas with only `index`, the two calls interleaved;
   * - `no-index`: the same pieces without `index` (older vLLM and TGI, some Gemini and Together
   *   compat layers): the calls one after the other, the id only on each call's first piece;
   * - `repeat-id`: without `index`, every piece repeating the call's `id` and `type`, the calls interleaved;
   * - `whole`: without `index`, each call whole in one delta (Gemini's OpenAI endpoint);
   * - `index-0`: `index: 0` on the pieces of every call (Ollama, some vLLM versions, proxies that
   *   translate another API), the calls one after the other, the id and name on each call's first piece.
   */
  toolDeltas?: 'indexed' | 'no-index' | 'repeat-id' | 'whole' | 'index-0';
  /** The `delta` of each choice's last chunk, the one with `finish_reason` (default `{}`; Azure sends `null`, some servers none). */
  finishDelta?: 'empty' | 'null' | 'missing';
}

/** A running fake. */
export interface OpenAIServer {
  /** The underlying recording test server (faults, requests). */
  readonly server: TestServer;
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  /** Conformance recorder, when enabled. */
  readonly conformance: ConformanceRecorder | undefined;
  /** Options in effect; mutate between tests (e.g. `api.options.reply = '...'`). */
  readonly options: OpenAIServerOptions;
  /** Stops the server. */
  close(): Promise<void>;
}

let sharedValidator: SpecValidator | undefined;
/** The OpenAI spec validator, loaded once per process. */
export function openAIValidator(): SpecValidator {
  return (sharedValidator ??= createSpecValidator('openai/openapi.yaml', { basePath: '/v1' }));
}

let tgiSpec: SpecValidator | undefined;
const TGI_GRAMMARS = ['json', 'regex', 'json_schema'];

/**
 * TGI's refusal of a chat request whose `response_format` is not its `GrammarType` (checked against
 * ../shared/specs/tgi/openapi.json; only that field: the rest of the body is the OpenAI suites'
 * business), or `undefined` when TGI takes it. TGI's router reads the body with axum's JSON
 * extractor, which answers serde's reason in plain text with a 422, e.g. for OpenAI's `json_schema`
 * form: "Failed to deserialize the JSON body into the target type: response_format: missing field
 * `value` at line 1 column 168" (huggingface/text-generation-inference#2899).
 */
export function tgiGrammarRefusal(req: RecordedRequest): string | undefined {
  const errors = (tgiSpec ??= createSpecValidator('tgi/openapi.json')).validateRequest(req).errors.filter((e) => e.startsWith('body/response_format'));
  if (errors.length === 0) return undefined;
  const format = (req.json() as { response_format: { type?: unknown; value?: unknown } }).response_format;
  // TGI also reads `json_object` as `json` (an alias its spec leaves out), so that one misses its value too
  const reason = !TGI_GRAMMARS.includes(format.type as string) && format.type !== 'json_object'
    ? `unknown variant \`${String(format.type)}\`, expected one of ${TGI_GRAMMARS.map((t) => `\`${t}\``).join(', ')}`
    : format.value === undefined
      ? 'missing field `value`'
      : `invalid value (${errors.join('; ')})`;
  // serde's column: the end of the response_format object (the SDK's JSON has no whitespace)
  const key = '"response_format":';
  const column = req.text().indexOf(key) + key.length + JSON.stringify(format).length;
  return `Failed to deserialize the JSON body into the target type: response_format: ${reason} at line 1 column ${column}`;
}

const CREATED = 1_741_570_283;
const FINGERPRINT = 'fp_44709d6fcb';

/** Little-endian float32 bytes of a vector as base64 (what OpenAI sends for `encoding_format: base64`). */
export function float32ToBase64(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** The default embedding of input `index`: `dims` values `index + j / 8 - 0.3`. */
export function defaultEmbedding(_input: unknown, index: number, dimensions: number | undefined): Float32Array {
  const dims = dimensions ?? 8;
  const v = new Float32Array(dims);
  for (let j = 0; j < dims; j++) v[j] = index + j / 8 - 0.3 + Math.fround(1 / 3) * (j % 3);
  return v;
}

function oaiError(res: ServerResponse, status: number, message: string, type: string, code: string | null = null, param: string | null = null): void {
  json(res, status, { error: { message, type, param, code } }, { 'x-request-id': `req_${status}` });
}

/**
 * The `bad-request` answer in each server's error shape, as its spec gives it:
 * - TGI (../shared/specs/tgi/openapi.json `ErrorResponse`): 422 `{ error, error_type }`;
 * - TEI (../shared/specs/tei/openapi.json `OpenAICompatErrorResponse` of `/v1/embeddings`): 413 `{ message, code, error_type }`;
 * - Together (`ErrorData`) and the others: OpenAI's 400 `{ error: { message, type, param, code } }`.
 */
export function flavorError(res: ServerResponse, flavor: OpenAIFlavor): void {
  if (flavor === 'tgi') return json(res, 422, { error: 'Input validation error: `temperature` must be strictly positive', error_type: 'validation' });
  if (flavor === 'tei') return json(res, 413, { message: 'batch size 64 > maximum allowed batch size 32', code: 413, error_type: 'Validation' });
  return oaiError(res, 400, "Invalid value for 'temperature': must be a positive number.", 'invalid_request_error', 'invalid_value', 'temperature');
}

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content?: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: unknown[];
  tool_choice?: unknown;
  n?: number;
  response_format?: { type: string } | null;
  logprobs?: boolean;
}

const usage = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
});

/** The tool calls of the tool scenario (arguments as the model would stream them). */
export const TOOL_CALLS = [
  { id: 'call_abc123', name: 'get_weather', arguments: '{"location":"Paris, France","unit":"celsius"}' },
  { id: 'call_def456', name: 'get_time', arguments: '{"timezone":"Asia/Tokyo"}' },
] as const;

/** Splits text into `n` roughly equal pieces (at least one). */
function pieces(text: string, n: number): string[] {
  const out: string[] = [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, n)));
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

function words(text: string): string[] {
  return text.match(/^\s+|\S+\s*/g) ?? [text];
}

/** Shapes a JSON body or chunk like the flavor's server would. */
function flavorize(flavor: OpenAIFlavor, body: Record<string, unknown>, kind: 'chat' | 'chunk' | 'completion'): Record<string, unknown> {
  if (flavor === 'openai') return body;
  const out: Record<string, unknown> = { ...body };
  delete out.service_tier;
  if (flavor === 'vllm') {
    delete out.system_fingerprint;
    if (kind === 'chat') out.prompt_logprobs = null;
    out.choices = (out.choices as Record<string, unknown>[]).map((c) => ({ ...c, stop_reason: null }));
    if (kind === 'chat') {
      out.choices = (out.choices as Record<string, unknown>[]).map((c) => ({
        ...c,
        // vLLM's ChatMessage with every unset field serialised (model_dump()): annotations, audio, function_call null
        message: { ...(c.message as object), annotations: null, audio: null, function_call: null, reasoning: null, reasoning_content: null, tool_calls: (c.message as { tool_calls?: unknown[] }).tool_calls ?? [] },
      }));
      if (out.usage) out.usage = { ...(out.usage as object), prompt_tokens_details: null };
    }
  } else if (flavor === 'tgi') {
    // TGI (its Rust structs; the OpenAPI file omits `object` but the server sends it): no refusal/annotations,
    // logprobs as ChatCompletionLogprobs (`content` only, entries without `bytes`), no content on
    // tool-call messages, tool-call arguments as objects (2.x)
    out.system_fingerprint = '3.3.6-native';
    out.choices = (out.choices as Record<string, unknown>[]).map((c) => {
      const { logprobs: lp, ...rest } = c;
      const content = (lp as { content?: Array<{ token: string; logprob: number }> | null } | null | undefined)?.content;
      if (kind !== 'completion') rest.logprobs = content ? { content: content.map((t) => ({ token: t.token, logprob: t.logprob, top_logprobs: [] })) } : null;
      // CompletionComplete.finish_reason is a required string: a streamed chunk that has not finished carries ""
      else if (rest.finish_reason === null) rest.finish_reason = '';
      if (kind !== 'chat') return rest;
      const m = { ...(rest.message as Record<string, unknown>) };
      delete m.refusal;
      delete m.annotations;
      if (Array.isArray(m.tool_calls)) {
        delete m.content;
        m.tool_calls = (m.tool_calls as Array<{ id: string; type: string; function: { name: string; arguments: string } }>).map((t) => ({
          ...t,
          function: { name: t.function.name, arguments: JSON.parse(t.function.arguments) as unknown },
        }));
      }
      return { ...rest, message: m };
    });
    if (out.usage) {
      const u = out.usage as Record<string, unknown>;
      out.usage = { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.total_tokens };
    }
  } else if (flavor === 'together') {
    delete out.system_fingerprint;
    out.prompt = [];
    out.choices = (out.choices as Record<string, unknown>[]).map((c) => {
      const next: Record<string, unknown> = { ...c, seed: 42 };
      if (c.finish_reason === 'stop') next.finish_reason = 'eos';
      if (kind === 'chunk') next.logprobs = c.logprobs === null ? null : -0.25;
      // ChatCompletionChoicesData.logprobs is a LogprobsPart: the sampled tokens and their logprobs side by side
      const lp = c.logprobs as { content?: Array<{ token: string; logprob: number }> | null } | null | undefined;
      if (kind === 'chat' && lp?.content) {
        next.logprobs = { token_ids: lp.content.map((_t, i) => 1000 + i), tokens: lp.content.map((t) => t.token), token_logprobs: lp.content.map((t) => t.logprob) };
      }
      // ChatCompletionChoicesData requires none of its fields (the Python SDK types index `int | None`): no index
      if (kind === 'chat') delete next.index;
      return next;
    });
  } else if (flavor === 'ollama') {
    out.system_fingerprint = 'fp_ollama';
    out.choices = (out.choices as Record<string, unknown>[]).map((c) => {
      const { logprobs: _lp, ...rest } = c;
      if (kind !== 'chat') return rest;
      const m = { ...(rest.message as Record<string, unknown>) };
      delete m.refusal;
      delete m.annotations;
      return { ...rest, message: m };
    });
    if (out.usage) {
      const u = out.usage as Record<string, unknown>;
      out.usage = { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.total_tokens };
    }
  }
  return out;
}

function chatScenario(body: ChatBody): 'tools' | 'error' | 'error-event' | 'vllm-error' | 'refusal' | 'structured' | 'text' {
  if (body.model === 'tool-model') return 'tools';
  if (body.model === 'error-mid-stream') return 'error';
  if (body.model === 'error-event') return 'error-event';
  if (body.model === 'vllm-error') return 'vllm-error';
  if (body.model === 'refuse-model') return 'refusal';
  // OpenAI's json_schema form, or TGI's json and json_schema grammars
  if (body.response_format?.type === 'json_schema' || body.response_format?.type === 'json') return 'structured';
  const last = body.messages[body.messages.length - 1];
  if (Array.isArray(body.tools) && body.tools.length > 0 && body.tool_choice !== 'none' && last?.role === 'user') return 'tools';
  return 'text';
}

function sendSSE(res: ServerResponse, frames: string[], delayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_stream' });
  return (async () => {
    for (let i = 0; i < frames.length; i++) {
      if (res.destroyed) return;
      if (i > 0 && delayMs > 0) await delay(delayMs);
      await write(res, frames[i]!);
    }
    if (!res.destroyed) res.end();
  })();
}

const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/**
 * Starts the fake OpenAI server on 127.0.0.1 (port 0).
 *
 * @example
 * ```ts
 * const api = await startOpenAIServer({ conformance: true });
 * ```
 */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const opts = options;
  const conformance = options.conformance ? conformanceRecorder(openAIValidator()) : undefined;
  const models = new Set(options.models ?? ['gpt-4o-mini', 'text-embedding-3-small', 'ft:gpt-4o-mini:acme::abc123']);

  const handler = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const flavor = opts.flavor ?? 'openai';
    if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      return oaiError(res, 401, 'Incorrect API key provided: sk-wr***ng. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
    }
    const path = req.path;
    if (path === '/v1/models' && req.method === 'GET') {
      const data = [...models].map((id) => ({ id, object: 'model', created: CREATED, owned_by: id.startsWith('ft:') ? 'acme' : 'system' }));
      if (flavor === 'tgi') return json(res, 200, { ...data[0], owned_by: 'gpt-4o-mini' });
      if (flavor === 'together') return json(res, 200, data.map(({ owned_by: _o, ...m }) => ({ ...m, type: 'chat', organization: 'Acme', context_length: 8192 })));
      if (flavor === 'vllm') return json(res, 200, { object: 'list', data: data.map((m) => ({ ...m, owned_by: 'vllm', root: m.id, parent: null, max_model_len: 8192, permission: [] })) });
      return json(res, 200, { object: 'list', data });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (modelMatch) {
      const id = decodeURIComponent(modelMatch[1]!);
      if (!models.has(id)) return oaiError(res, 404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model');
      if (req.method === 'GET') return json(res, 200, { id, object: 'model', created: CREATED, owned_by: id.startsWith('ft:') ? 'acme' : 'system' });
      if (req.method === 'DELETE') {
        if (!id.startsWith('ft:')) return oaiError(res, 403, 'You have insufficient permissions for this operation.', 'invalid_request_error');
        models.delete(id);
        return json(res, 200, { id, object: 'model', deleted: true });
      }
    }
    if (req.method === 'POST' && req.text().includes('"bad-request"') && (req.json() as { model?: unknown } | null)?.model === 'bad-request') return flavorError(res, flavor);
    if (flavor === 'tgi' && req.method === 'POST' && req.text().includes('"overloaded"')) {
      const overloaded = { error: 'Model is overloaded', error_type: 'overloaded' };
      if ((req.json() as { stream?: unknown }).stream === true) return sendSSE(res, [frame(overloaded), 'data: [DONE]\n\n']);
      return json(res, 429, overloaded);
    }
    // TEI serves only /v1/embeddings of the OpenAI surface; its router answers anything else with an empty 404
    if (flavor === 'tei' && path !== '/v1/embeddings') return void res.writeHead(404).end();
    if (path === '/v1/chat/completions' && req.method === 'POST') {
      const refusal = flavor === 'tgi' ? tgiGrammarRefusal(req) : undefined;
      if (refusal) return void res.writeHead(422, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal);
      return chat(req.json() as ChatBody, res, flavor);
    }
    if (path === '/v1/completions' && req.method === 'POST') return completion(req.json() as Record<string, unknown>, res, flavor);
    if (path === '/v1/embeddings' && req.method === 'POST') return embeddings(req.json() as Record<string, unknown>, res, flavor);
    return oaiError(res, 404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
  };

  const chat = async (body: ChatBody, res: ServerResponse, flavor: OpenAIFlavor): Promise<void> => {
    const scenario = chatScenario(body);
    const id = 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG';
    const head = { id, object: 'chat.completion', created: CREATED, model: body.model, service_tier: 'default', system_fingerprint: FINGERPRINT };
    const reply = scenario === 'structured' ? (opts.structured ?? '{}') : (opts.reply ?? 'Hello! How can I help you today?');
    const n = Math.max(1, body.n ?? 1);
    if (!body.stream) {
      const choices = [];
      for (let i = 0; i < n; i++) {
        const message: Record<string, unknown> = { role: 'assistant', content: reply, refusal: null, annotations: [] };
        let finish = 'stop';
        if (scenario === 'tools') {
          message.content = null;
          message.tool_calls = TOOL_CALLS.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
          finish = 'tool_calls';
        } else if (scenario === 'refusal') {
          message.content = null;
          message.refusal = "I'm sorry, I can't help with that.";
        }
        const logprobs = body.logprobs
          ? { content: words(String(message.content ?? '')).map((t) => ({ token: t, logprob: -0.1, bytes: [...Buffer.from(t)], top_logprobs: [] })), refusal: null }
          : null;
        choices.push({ index: i, message, logprobs, finish_reason: finish });
      }
      return json(res, 200, flavorize(flavor, { ...head, choices, usage: usage(19, 10) }, 'chat'), { 'x-request-id': 'req_chat', 'openai-processing-ms': '12' });
    }

    const chunkHead = { id, object: 'chat.completion.chunk', created: CREATED, model: body.model, service_tier: 'default', system_fingerprint: FINGERPRINT };
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      frame(flavorize(flavor, { ...chunkHead, choices, ...(includeUsage ? { usage: null } : {}), ...extra }, 'chunk'));
    const frames: string[] = [];
    for (let i = 0; i < n; i++) frames.push(chunk([{ index: i, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }]));
    let finish = 'stop';
    if (scenario === 'tools') {
      finish = 'tool_calls';
      // each choice makes the same calls; its chunks interleave with the other choices'
      const mode = opts.toolDeltas ?? 'indexed';
      const split = TOOL_CALLS.map((t) => pieces(t.arguments, 5));
      const steps: Array<Record<string, unknown>> = [];
      const first = (t: (typeof TOOL_CALLS)[number], args: string) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: args } });
      if (mode === 'whole') {
        TOOL_CALLS.forEach((t, index) => steps.push({ index, ...first(t, t.arguments) }));
      } else if (mode === 'no-index' || mode === 'index-0') {
        // without index (or one index for all) or a repeated id, a call's pieces can only follow one another
        TOOL_CALLS.forEach((t, index) => {
          steps.push({ index, ...first(t, '') });
          for (const part of split[index]!) steps.push({ index, function: { arguments: part } });
        });
      } else {
        // first piece of each call carries id, type and name; arguments follow in small deltas, the two calls interleaved
        TOOL_CALLS.forEach((t, index) => steps.push({ index, ...first(t, '') }));
        for (let k = 0; k < 5; k++) {
          for (let index = 0; index < split.length; index++) {
            const part = split[index]![k];
            const t = TOOL_CALLS[index]!;
            if (part !== undefined) steps.push(mode === 'repeat-id' ? { index, id: t.id, type: 'function', function: { arguments: part } } : { index, function: { arguments: part } });
          }
        }
      }
      for (const step of steps) {
        for (let i = 0; i < n; i++) {
          const { index, ...rest } = step;
          const piece = mode === 'indexed' ? { index, ...rest } : mode === 'index-0' ? { index: 0, ...rest } : rest;
          frames.push(chunk([{ index: i, delta: { tool_calls: [piece] }, logprobs: null, finish_reason: null }]));
        }
      }
    } else if (scenario === 'refusal') {
      for (const w of words("I'm sorry, I can't help with that.")) frames.push(chunk([{ index: 0, delta: { refusal: w }, logprobs: null, finish_reason: null }]));
    } else {
      const parts = opts.streamChunks ? pieces(reply, opts.streamChunks) : words(reply);
      for (let p = 0; p < parts.length; p++) {
        for (let i = 0; i < n; i++) {
          const logprobs = body.logprobs ? { content: [{ token: parts[p], logprob: -0.5, bytes: [...Buffer.from(parts[p]!)], top_logprobs: [] }], refusal: null } : null;
          frames.push(chunk([{ index: i, delta: { content: parts[p] }, logprobs, finish_reason: null }]));
        }
        if (p === 1 && scenario === 'error') {
          frames.push(
            frame(
              flavor === 'tgi'
                ? { error: 'Request failed during generation: Server error: CUDA out of memory', error_type: 'generation' }
                : { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } },
            ),
          );
          return sendSSE(res, frames, opts.streamDelayMs);
        }
        if (p === 1 && scenario === 'error-event') {
          frames.push(`event: error\ndata: ${JSON.stringify({ message: 'overloaded', type: 'overloaded_error' })}\n\n`);
          return sendSSE(res, frames, opts.streamDelayMs);
        }
        if (p === 1 && scenario === 'vllm-error') {
          frames.push(frame({ object: 'error', message: 'CUDA out of memory.', type: 'InternalServerError', param: null, code: 500 }));
          return sendSSE(res, frames, opts.streamDelayMs);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const last: Record<string, unknown> = { index: i, delta: opts.finishDelta === 'null' ? null : {}, logprobs: null, finish_reason: finish };
      if (opts.finishDelta === 'missing') delete last.delta;
      frames.push(chunk([last]));
    }
    if (includeUsage) frames.push(frame(flavorize(flavor, { ...chunkHead, choices: [], usage: usage(19, 10) }, 'chunk')));
    frames.push('data: [DONE]\n\n');
    return sendSSE(res, frames, opts.streamDelayMs);
  };

  const completion = async (body: Record<string, unknown>, res: ServerResponse, flavor: OpenAIFlavor): Promise<void> => {
    const text = ' there was a little robot.';
    const head = { id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7', object: 'text_completion', created: CREATED, model: body.model, system_fingerprint: FINGERPRINT };
    if (!body.stream) {
      return json(res, 200, flavorize(flavor, { ...head, choices: [{ index: 0, text, logprobs: null, finish_reason: 'length' }], usage: usage(5, 7) }, 'completion'));
    }
    const includeUsage = (body.stream_options as { include_usage?: boolean } | null | undefined)?.include_usage === true;
    const frames = words(text).map((w) => frame(flavorize(flavor, { ...head, choices: [{ index: 0, text: w, logprobs: null, finish_reason: null }] }, 'completion')));
    // TGI ends the stream with a CompletionFinal, usage included whether asked for or not
    const last = { ...head, choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'length' }], ...(flavor === 'tgi' ? { usage: usage(5, 7) } : {}) };
    frames.push(frame(flavorize(flavor, last, 'completion')));
    if (includeUsage) frames.push(frame({ ...head, choices: [], usage: usage(5, 7) }));
    frames.push('data: [DONE]\n\n');
    return sendSSE(res, frames, opts.streamDelayMs);
  };

  const embeddings = async (body: Record<string, unknown>, res: ServerResponse, flavor: OpenAIFlavor): Promise<void> => {
    const input = body.input;
    const inputs: unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) && typeof input[0] === 'number' ? [input] : (input as unknown[]);
    const make = opts.embedding ?? defaultEmbedding;
    const base64 = body.encoding_format === 'base64' && flavor !== 'ollama';
    const data = inputs.map((x, index) => {
      const v = make(x, index, body.dimensions as number | undefined);
      return { object: 'embedding', index, embedding: base64 ? float32ToBase64(v) : Array.from(v) };
    });
    const out: Record<string, unknown> = { object: 'list', data, model: body.model, usage: { prompt_tokens: 8 * inputs.length, total_tokens: 8 * inputs.length } };
    if (flavor === 'together') delete out.usage;
    return json(res, 200, out);
  };

  const server = await startTestServer(handler, conformance ? { onRequest: conformance.record } : {});
  return {
    server,
    baseURL: `${server.url}/v1`,
    conformance,
    options: opts,
    close: () => server.close(),
  };
}

/**
 * `count` fake OpenAI servers for one test file, all started with `options` before its tests, each
 * reset after every test and closed after all; `use` receives them once they are up. Registers
 * vitest hooks, so call it at module scope.
 *
 * @example
 * ```ts
 * let primary: OpenAIServer, replica: OpenAIServer;
 * useOpenAIServers(2, { apiKey: KEY }, (s) => ([primary, replica] = s));
 * ```
 */
export function useOpenAIServers(count: number, options: OpenAIServerOptions, use: (servers: OpenAIServer[]) => void): void {
  let servers: OpenAIServer[] = [];
  beforeAll(async () => {
    servers = await Promise.all(Array.from({ length: count }, () => startOpenAIServer(options)));
    use(servers);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  afterEach(() => {
    for (const s of servers) s.server.reset();
  });
}
