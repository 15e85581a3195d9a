/**
 * The generate extension: `generate` (one JSON answer) and `generate_stream` (server-sent events)
 * as a `Stream<T>`. Both are declared idempotent like `infer` (no server-side state); a stream is
 * retried only before its first event.
 * @module
 */
import { callSecrets, request } from '../core/client.js';
import { APIError, InvalidRequestError, named, ResponseValidationError } from '../core/errors.js';
import { scrubValue } from '../core/redact.js';
import { openStream, type Stream } from '../core/stream.js';
import { isObject } from '../core/check.js';
import { coreOf, modelPath, type OipClientLike } from './connection.js';
import { checkFinite } from './tensor.js';
import { GenerateResponseShape, GenerateStreamResponseShape } from './shapes.gen.js';
import type { ModelCallOptions } from './types.js';

/**
 * Well-known generate parameters; servers accept model-specific extras.
 *
 * @example
 * ```ts
 * const p: GenerateParameters = { max_tokens: 16, temperature: 0, stop: ['\n'] };
 * ```
 */
export interface GenerateParameters {
  /** Sampling temperature; higher is more random. */
  temperature?: number | undefined;
  /** Nucleus sampling: sample only from the tokens that make up this much probability. */
  top_p?: number | undefined;
  /** Most tokens to generate. */
  max_tokens?: number | undefined;
  /** Strings that end generation where they appear. */
  stop?: string[] | undefined;
  /** Ask for `details` (finish reason, log probabilities). */
  details?: boolean | undefined;
  [key: string]: unknown;
}

/**
 * A generate request.
 *
 * @example
 * ```ts
 * const req: GenerateRequest = { text_input: 'Hello', parameters: { max_tokens: 8 } };
 * ```
 */
export interface GenerateRequest {
  /** Correlation id, echoed by servers that support it. */
  id?: string | undefined;
  /** The prompt. */
  text_input: string;
  /** Generation parameters. */
  parameters?: GenerateParameters | undefined;
  /** Extra fields are passed to the model as parameters or tensors (Triton). */
  [key: string]: unknown;
}

/**
 * One generated token with its log probability.
 * @example `const t: GenerateToken = { id: 1, text: 'hi', logprob: -0.1, special: false };`
 */
export interface GenerateToken {
  /** Token id in the model's vocabulary. */
  id: number;
  /** Its text. */
  text: string;
  /** Natural log of its probability. */
  logprob: number;
  /** True for a control token (end of sequence, padding, …). */
  special: boolean;
}

/**
 * The answer of `generate`.
 *
 * @example
 * ```ts
 * const { text_output, details } = await generate(client, 'llm', { text_input: 'Hi' });
 * ```
 */
export interface GenerateResponse {
  /** `null` or absent when the server sent none (KServe writes absent fields as `null`). */
  id?: string | null | undefined;
  /** The model that answered. */
  model_name: string;
  /** The version that answered, when the server says. */
  model_version?: string | null | undefined;
  /** The generated text. (A model that returns several sequences, vLLM with `n` > 1, gets an array from Triton, refused: read those with `infer`.) */
  text_output: string;
  /** Present when `parameters.details` asked for it: why generation stopped, and each token's log probability. */
  details?:
    | {
        /** Why generation stopped: `length` (hit `max_tokens`), `eos_token` (end-of-sequence token) or `stop_sequence` (generated one of `stop`). */
        finish_reason?: string | undefined;
        /** Each generated token, in order, with its log probability. */
        logprobs?: GenerateToken[] | undefined;
        [key: string]: unknown;
      }
    | null
    | undefined;
  [key: string]: unknown;
}

/**
 * One event of `generate_stream`.
 *
 * @example
 * ```ts
 * for await (const ev of stream) process.stdout.write(ev.text_output);
 * ```
 */
export interface GenerateStreamEvent {
  /** `null` or absent when the server sent none (KServe writes absent fields as `null`). */
  id?: string | null | undefined;
  /** The model that answered. */
  model_name: string;
  /** The version that answered, when the server says. */
  model_version?: string | null | undefined;
  /** Text this event carries (servers differ: the new piece, or everything so far). */
  text_output: string;
  /** Present when `parameters.details` asked for it: this event's token and, on the last, why generation stopped. */
  details?:
    | {
        /** Why generation stopped (`length`, `eos_token` or `stop_sequence`); servers send it on the last event. */
        finish_reason?: string | undefined;
        /** The token this event generated, with its log probability. */
        token?: GenerateToken | undefined;
        [key: string]: unknown;
      }
    | null
    | undefined;
  [key: string]: unknown;
}

/**
 * Options of {@link generateStream}; `idleTimeoutMs` bounds the silence between two stream events.
 * ({@link generate} answers at once and takes the {@link ModelCallOptions} without the stream's timeouts.)
 *
 * @example
 * ```ts
 * await generateStream(client, 'llm', { text_input: 'Once upon' }, { timeoutMs: 60_000, idleTimeoutMs: 5_000 });
 * ```
 */
export interface GenerateOptions extends ModelCallOptions {
  /** Longest time from the call's start to the first event, the wait for the response headers included (stream only). */
  firstEventTimeoutMs?: number | undefined;
  /** Longest silence between events (stream only). */
  idleTimeoutMs?: number | undefined;
}

/**
 * The path of `operation`'s request (`suffix`: `generate` or `generate_stream`), once the request and
 * the model's name and version are checked: a refusal is an {@link InvalidRequestError} naming `operation`.
 */
function checkedPath(req: GenerateRequest, model: string, version: string | undefined, operation: string, suffix: string): string {
  try {
    if (req === null || typeof req !== 'object' || typeof req.text_input !== 'string') {
      throw new InvalidRequestError('request.text_input must be a string', { path: 'text_input' });
    }
    if (req.parameters !== undefined && !isObject(req.parameters)) throw new InvalidRequestError('parameters must be an object', { path: 'parameters' });
    // JSON.stringify writes NaN and ±Infinity as null (parameters and the extra fields Triton maps to tensors)
    for (const k of Object.keys(req)) if (k !== 'text_input') checkFinite(req[k], k);
    return `${modelPath(model, version)}/${suffix}`;
  } catch (err) {
    throw named(err, operation);
  }
}

/**
 * The error a 200 answer of `generate` carries instead of text, as the call's {@link APIError} (its
 * body scrubbed of `secrets`; the request id and attempts of `from`, the validation error it caused),
 * or `undefined` for an answer. Triton sends the status with the model's first response (or its final
 * flag): a decoupled model that answers zero or several times gets 200, then `{"error": ...}`.
 */
function errorAnswer(body: unknown, operation: string, secrets: readonly string[], from?: ResponseValidationError): APIError | undefined {
  if (!isObject(body) || typeof body.error !== 'string' || typeof body.text_output === 'string') return undefined;
  const b = scrubValue(body, secrets) as { error: string };
  return new APIError('api_error', { status: 200, body: b, message: `${operation} failed with HTTP 200: ${b.error}`, operation, requestId: from?.requestId, attempts: from?.attempts });
}

/**
 * Generates text in one response (`POST /v2/models/{name}/generate`). A 200 whose body is an error
 * object (Triton's answer when a decoupled model responded zero or several times: use
 * {@link generateStream} for such a model) throws an {@link APIError} with `status` 200, in every
 * validation mode.
 *
 * @example
 * ```ts
 * const res = await generate(client, 'llm', { text_input: 'The sky is', parameters: { max_tokens: 5 } });
 * console.log(res.text_output);
 * ```
 */
export async function generate(client: OipClientLike, model: string, req: GenerateRequest, options?: ModelCallOptions): Promise<GenerateResponse> {
  options ??= {};
  const operation = 'oip.generate';
  const core = coreOf(client);
  let res: GenerateResponse;
  try {
    res = (await request(
      core,
      {
        method: 'POST',
        path: checkedPath(req, model, options.version, operation, 'generate'),
        body: req,
        schema: GenerateResponseShape,
        operation,
        options: 'version',
        idempotent: true,
      },
      options,
    )) as GenerateResponse;
  } catch (err) {
    // the validation error's body is already scrubbed
    throw (err instanceof ResponseValidationError && errorAnswer(err.body, operation, [], err)) || err;
  }
  // validation 'off' hands the body over unchecked
  const err = errorAnswer(res, operation, callSecrets(core, options));
  if (err) throw err;
  return res;
}

/**
 * Streams generated text (`POST /v2/models/{name}/generate_stream`, server-sent events). Resolves
 * once the first event arrived; an error object inside the stream (the status was already 200)
 * throws a `StreamError`. Breaking out of the loop cancels the request.
 *
 * @example
 * ```ts
 * const stream = await generateStream(client, 'llm', { text_input: 'Once upon' });
 * for await (const ev of stream) process.stdout.write(ev.text_output);
 * ```
 */
export async function generateStream(
  client: OipClientLike,
  model: string,
  req: GenerateRequest,
  options?: GenerateOptions,
): Promise<Stream<GenerateStreamEvent>> {
  options ??= {};
  const operation = 'oip.generateStream';
  return openStream(
    coreOf(client),
    {
      method: 'POST',
      path: checkedPath(req, model, options.version, operation, 'generate_stream'),
      body: req,
      schema: GenerateStreamResponseShape,
      operation,
      options: 'version firstEventTimeoutMs idleTimeoutMs',
      idempotent: true,
      firstEventTimeoutMs: options.firstEventTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
    },
    options,
  ) as Promise<Stream<GenerateStreamEvent>>;
}
