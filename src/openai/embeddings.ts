/**
 * `createEmbedding`: `POST /embeddings`, with `float` vectors as `number[]` and `base64` vectors
 * decoded straight into `Float32Array`s.
 * @module
 */
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError, ResponseValidationError, type ValidationIssue } from '../core/errors.js';
import { readJson } from '../core/response.js';
import { validate, type InferOutput } from '../core/schema.js';
import { decodeBase64Float32 } from './base64.js';
import { check, checkFiniteNumbers, checkTokenInputs, requireParams, REFUSED_BEFORE_WORK } from './internal.js';
import { EmbeddingResponseShape } from './shapes.gen.js';
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from './types.js';

const OPERATION = 'openai.embeddings.create';

/**
 * Creates embeddings. With `encoding_format: 'base64'` the server sends little-endian float32
 * bytes as base64 (about a quarter of the JSON size) and each vector comes back as a
 * `Float32Array`; otherwise as `number[]`. A server that ignores `base64` and answers with
 * numbers still yields `Float32Array`s, and a base64 answer to a `float` request still yields
 * `number[]`s, so the type holds.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { createEmbedding } from 'modelwire/openai';
 *
 * const client = createClient({ baseURL: 'https://api.openai.com/v1', apiKey: process.env.OPENAI_API_KEY });
 * const res = await createEmbedding(client, { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'base64' });
 * const v: Float32Array = res.data[0]!.embedding;
 * ```
 */
export function createEmbedding(
  client: Client,
  params: EmbeddingCreateParams & {
    /** `base64`: the vectors come as little-endian float32, decoded into `Float32Array`s. */
    encoding_format: 'base64';
  },
  options?: CallOptions,
): Promise<CreateEmbeddingResponse<Float32Array>>;
export function createEmbedding(
  client: Client,
  params: EmbeddingCreateParams & {
    /** `float` (the default): the vectors come as JSON numbers. */
    encoding_format?: 'float' | undefined;
  },
  options?: CallOptions,
): Promise<CreateEmbeddingResponse<number[]>>;
export function createEmbedding(client: Client, params: EmbeddingCreateParams, options?: CallOptions): Promise<CreateEmbeddingResponse<number[] | Float32Array>>;
export async function createEmbedding(client: Client, params: EmbeddingCreateParams, options?: CallOptions): Promise<CreateEmbeddingResponse<number[] | Float32Array>> {
  requireParams(params, OPERATION);
  const input = params.input;
  if (typeof input !== 'string' && (!Array.isArray(input) || input.length === 0)) {
    throw new InvalidRequestError(`${OPERATION}: input must be a string or a non-empty array`, { path: 'input', operation: OPERATION });
  }
  // the spec: input "cannot be an empty string" (OpenAI answers an opaque 400, SGLang and others refuse it too)
  check(input !== '', 'input', 'a non-empty string or a non-empty array', OPERATION, input);
  // first: a NaN token id is named at its own place, not as a bad element
  checkFiniteNumbers(params, OPERATION);
  if (Array.isArray(input)) {
    checkTokenInputs(input, 'input', OPERATION);
    // nor may an element be empty: '' (as above) or a token array of none (the spec's `minItems: 1`)
    for (let i = 0; i < input.length; i++) {
      const x: unknown = input[i];
      if (x === '' || (Array.isArray(x) && x.length === 0)) check(false, `input[${i}]`, 'a non-empty string or token array', OPERATION, x);
    }
  }
  // the spec's `type: integer, minimum: 1`: 0, 2.5 or '256' would be refused by OpenAI with a 400,
  // or read by another server as some other length than asked (null is "not given", as TEI reads it)
  const dimensions: unknown = params.dimensions;
  check(dimensions == null || (Number.isInteger(dimensions) && (dimensions as number) >= 1), 'dimensions', 'a positive integer', OPERATION, dimensions);
  const format = params.encoding_format;
  check(format === undefined || format === 'float' || format === 'base64', 'encoding_format', "'float' or 'base64'", OPERATION, format);
  const base64 = format === 'base64';
  if (base64) {
    // vLLM's extras that change the bytes: the vectors are decoded as little-endian float32 only, so
    // other bytes would read as other numbers, without an error
    const extra = params as { embed_dtype?: unknown; endianness?: unknown };
    check(extra.embed_dtype == null || extra.embed_dtype === 'float32', 'embed_dtype', "'float32' with encoding_format 'base64' (decoded as little-endian float32)", OPERATION, extra.embed_dtype);
    check(extra.endianness !== 'big', 'endianness', "'little' or 'native' with encoding_format 'base64' (decoded as little-endian float32)", OPERATION, extra.endianness);
  }
  const mode = options?.validation ?? client.validation;
  // read, checked and decoded inside the call (parse), so a decoding error carries the answer's
  // request id and is scrubbed of every credential of the call, like a schema failure
  return request(
    client,
    {
      method: 'POST',
      path: '/embeddings',
      body: params,
      operation: OPERATION,
      refusedBeforeWork: REFUSED_BEFORE_WORK,
      parse: async (r, signal) => decode(validate(EmbeddingResponseShape, fillUsage(await readJson(r, signal, OPERATION)), mode, OPERATION), base64),
    },
    options,
  );
}

/**
 * Gives a usage with one of its two counts (Jina's `{ total_tokens }`) the other: an embedding call
 * has no output tokens, so `prompt_tokens` and `total_tokens` are the same number. Done before
 * validation, so every mode returns both.
 */
function fillUsage(body: unknown): unknown {
  const usage = (body as { usage?: unknown } | null)?.usage;
  if (usage !== null && typeof usage === 'object' && !Array.isArray(usage)) {
    const u = usage as { prompt_tokens?: unknown; total_tokens?: unknown };
    if (u.prompt_tokens === undefined && typeof u.total_tokens === 'number') u.prompt_tokens = u.total_tokens;
    else if (u.total_tokens === undefined && typeof u.prompt_tokens === 'number') u.total_tokens = u.prompt_tokens;
  }
  return body;
}

/** Makes each vector a `Float32Array` (`base64`) or a `number[]`, whichever form the server sent. */
function decode(res: InferOutput<typeof EmbeddingResponseShape>, base64: boolean): CreateEmbeddingResponse<number[] | Float32Array> {
  // with validation 'off' the body is unchecked: what is walked below must be there
  const data = (res as { data?: unknown } | null)?.data as typeof res.data | undefined;
  if (!Array.isArray(data)) {
    throw invalidEmbeddings([{ path: ['data'], message: 'expected an array of embeddings' }], res);
  }
  for (let i = 0; i < data.length; i++) {
    const item = data[i]!;
    if (item === null || typeof item !== 'object') {
      throw invalidEmbeddings([{ path: ['data', i], message: 'expected an embedding object' }], res);
    }
    const e = item.embedding;
    if (typeof e === 'string') {
      try {
        const vector = decodeBase64Float32(e);
        // a float request typed the vectors number[]: a server that answers base64 anyway must not change that
        (item as { embedding: unknown }).embedding = base64 ? vector : Array.from(vector);
      } catch (err) {
        throw invalidEmbeddings([{ path: ['data', i, 'embedding'], message: (err as Error).message }], res);
      }
    } else if (!Array.isArray(e)) {
      throw invalidEmbeddings([{ path: ['data', i, 'embedding'], message: 'expected an array of numbers or a base64 string' }], res);
    } else if (base64) {
      (item as { embedding: unknown }).embedding = Float32Array.from(e);
    }
  }
  return res as CreateEmbeddingResponse<number[] | Float32Array>;
}

/** A decoding error of the answer, which it keeps (the call scrubs its credentials and adds the request id). */
function invalidEmbeddings(issues: ValidationIssue[], res: unknown): ResponseValidationError {
  return new ResponseValidationError(issues, res, { operation: OPERATION });
}
