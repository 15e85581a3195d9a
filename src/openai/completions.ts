/**
 * `createCompletion`: the legacy `POST /completions` (text in, text out), JSON or streamed.
 * @module
 */
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { StandardSchemaV1 } from '../core/schema.js';
import { openStream, type EventDecoder, type Stream } from '../core/stream.js';
import { check, checkFiniteNumbers, checkTokenInputs, openAIDecoder, requireParams, REFUSED_BEFORE_WORK, STREAM_OPTIONS } from './internal.js';
import { CompletionShape } from './shapes.gen.js';
import type {
  CallOptionsFor,
  Completion,
  CompletionCreateParams,
  CompletionCreateParamsBase,
  CompletionCreateParamsNonStreaming,
  CompletionCreateParamsStreaming,
  StreamCallOptions,
} from './types.js';

const OPERATION = 'openai.completions.create';
const decodeEvent = /* @__PURE__ */ openAIDecoder(OPERATION);

/**
 * The chunk decoder: Together's CompletionChunk (../shared/specs/together/openapi.yaml) carries
 * `finish_reason` on the chunk, and its choices have none; a choice without the field gets the
 * chunk's (before validation, which drops the chunk-level field), so the finish reason is not lost.
 * Its CompletionChoice may leave `text` out and carry the piece as `delta.content` (which becomes
 * `text`), and its `logprobs` as the one token's number (which becomes `{ tokens, token_logprobs }`).
 * TGI's CompletionComplete (../shared/specs/tgi/openapi.json) makes `finish_reason` a required
 * string, `""` until the last chunk: that becomes `null`, as on OpenAI, so "not finished" reads alike.
 */
const decodeChunk: EventDecoder = (event) => {
  const value = decodeEvent(event);
  const v = value as { finish_reason?: unknown; choices?: unknown } | null;
  if (v !== null && typeof v === 'object' && Array.isArray(v.choices)) {
    const finish = v.finish_reason;
    for (const c of v.choices as Array<{ finish_reason?: unknown; text?: unknown; delta?: { content?: unknown } | null; logprobs?: unknown } | null>) {
      if (c === null || typeof c !== 'object') continue;
      if (c.finish_reason === '') c.finish_reason = null;
      else if (typeof finish === 'string' && finish && !('finish_reason' in c)) c.finish_reason = finish;
      if (c.text === undefined && typeof c.delta?.content === 'string') c.text = c.delta.content;
      // Together: the log probability of the one token this chunk carries
      if (typeof c.logprobs === 'number') c.logprobs = { tokens: [typeof c.text === 'string' ? c.text : ''], token_logprobs: [c.logprobs] };
    }
  }
  fillDefaults(value);
  return value;
};

/**
 * Fills in, before validation, what Together leaves out (../shared/specs/together/openapi.yaml):
 * `object`, `created` and `model` of a chunk, `text` of a choice, and (`indexes`) the `index` of a
 * choice of a non-streamed answer (its position). The schema's defaults do the same, but only
 * `strict` returns the schema's output: `passthrough` returns the body itself, which must then
 * already hold every field `Completion` types as present.
 */
function fillDefaults(value: unknown, indexes = false): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const v = value as { object?: unknown; created?: unknown; model?: unknown; choices?: unknown };
  if (v.object === undefined) v.object = 'text_completion';
  if (v.created === undefined) v.created = 0;
  if (v.model === undefined) v.model = '';
  if (!Array.isArray(v.choices)) return;
  v.choices.forEach((c: unknown, i) => {
    if (c === null || typeof c !== 'object') return;
    const choice = c as { index?: unknown; text?: unknown };
    if (indexes && !('index' in choice)) choice.index = i;
    if (choice.text === undefined) choice.text = '';
  });
}

/**
 * The completion schema, after {@link fillDefaults} (a choice without `index` gets its position:
 * Together's CompletionChoicesData, ../shared/specs/together/openapi.yaml, has no `index`).
 */
const CompletionWithIndexes: StandardSchemaV1<unknown, Completion> = {
  '~standard': {
    version: 1,
    vendor: 'modelwire',
    validate(value) {
      fillDefaults(value, true);
      return CompletionShape['~standard'].validate(value);
    },
  },
};

/**
 * Creates a text completion. With `stream: true` it resolves to a {@link Stream} of
 * {@link Completion} chunks (each carries the next piece of `text`); see
 * {@link accumulateCompletionStream}. Retried under the same rule as chat completions.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { createCompletion } from 'modelwire/openai';
 *
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000/v1' }); // e.g. vLLM
 * const res = await createCompletion(client, { model: 'Qwen/Qwen2.5-0.5B', prompt: 'Once upon a time', max_tokens: 16 });
 * console.log(res.choices[0]?.text);
 * ```
 */
export function createCompletion(client: Client, params: CompletionCreateParamsStreaming, options?: StreamCallOptions): Promise<Stream<Completion>>;
export function createCompletion(client: Client, params: CompletionCreateParamsNonStreaming, options?: CallOptions): Promise<Completion>;
export function createCompletion<S extends boolean | null | undefined = undefined>(
  client: Client,
  params: CompletionCreateParamsBase & {
    /** `true`: the answer comes as a stream of completions; absent, `false` or `null`: it comes whole. */
    stream?: S;
  },
  options?: CallOptionsFor<S>,
): Promise<Completion | Stream<Completion>>;
export async function createCompletion(
  client: Client,
  params: CompletionCreateParams,
  options?: StreamCallOptions,
): Promise<Completion | Stream<Completion>> {
  requireParams(params, OPERATION);
  // first: a NaN token id is named at its own place (prompt[0][2]), not as a bad element
  checkFiniteNumbers(params, OPERATION);
  const prompt = params.prompt;
  // null is the spec's "start as if from a new document"
  check(prompt === null || typeof prompt === 'string' || Array.isArray(prompt), 'prompt', 'a string, strings, token ids, arrays of token ids or null', OPERATION, prompt);
  if (Array.isArray(prompt)) checkTokenInputs(prompt, 'prompt', OPERATION);
  // a string 'true' would silently take the non-stream path
  check(params.stream == null || typeof params.stream === 'boolean', 'stream', 'a boolean', OPERATION, params.stream);
  if (params.stream === true) {
    return openStream(
      client,
      {
        method: 'POST',
        path: '/completions',
        body: params,
        schema: CompletionShape,
        operation: OPERATION,
        options: STREAM_OPTIONS,
        refusedBeforeWork: REFUSED_BEFORE_WORK,
        decode: decodeChunk,
        firstEventTimeoutMs: options?.firstEventTimeoutMs,
        idleTimeoutMs: options?.idleTimeoutMs,
      },
      options,
    );
  }
  return request(client, { method: 'POST', path: '/completions', body: params, schema: CompletionWithIndexes, operation: OPERATION, options: STREAM_OPTIONS, refusedBeforeWork: REFUSED_BEFORE_WORK }, options);
}
