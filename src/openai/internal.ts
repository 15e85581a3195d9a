/**
 * Shared pieces of the OpenAI operations: input checks and the SSE event decoder.
 * @module
 */
import { isObject } from '../core/check.js';
import { InvalidRequestError, ModelwireError, refused } from '../core/errors.js';
import type { StreamError } from '../core/errors.js';
import { defaultDecode, SKIP, type EventDecoder, type SSEEvent } from '../core/stream.js';

/**
 * Throws an {@link InvalidRequestError} whose `path` names the input unless `ok`.
 *
 * @example
 * ```ts
 * check(Array.isArray(params.tools), 'tools', 'an array', 'openai.chat.completions.create', params.tools);
 * ```
 */
export function check(ok: unknown, path: string, what: string, operation: string, value: unknown): void {
  if (!ok) throw refused(operation, path, `must be ${what}, got ${describe(value)}`);
}

/**
 * Throws an {@link InvalidRequestError} at `path[i]` for the first element that is neither a
 * string, a token id (an integer) nor an array of token ids (the spec's completion `prompt` and
 * embedding `input` arrays). Call it after {@link checkFiniteNumbers}, which names a NaN's own place.
 *
 * @example
 * ```ts
 * if (Array.isArray(params.prompt)) checkTokenInputs(params.prompt, 'prompt', 'openai.completions.create');
 * ```
 */
export function checkTokenInputs(list: readonly unknown[], path: string, operation: string): void {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    // the path is written only for a bad element: a prompt of 200,000 token ids makes no string per id
    // a token id is an integer (the spec's `items: { type: integer }`): 2.5 would only be refused by
    // the server; NaN and ±Infinity are refused first, by checkFiniteNumbers, with their own reason
    if (!(typeof x === 'string' || Number.isInteger(x) || (Array.isArray(x) && x.every(Number.isInteger)))) {
      check(false, `${path}[${i}]`, 'a string, a token id (an integer) or an array of token ids', operation, x);
    }
  }
}

/**
 * Throws an {@link InvalidRequestError} naming the first NaN or ±Infinity in `params` (plain objects
 * and arrays walked, each once): JSON would send it as null, which servers read as "not given" (a
 * `temperature: NaN` would sample at the default temperature). The path is written only for that value.
 *
 * @example
 * ```ts
 * checkFiniteNumbers({ temperature: NaN }, 'openai.chat.completions.create'); // throws, path 'temperature'
 * ```
 */
export function checkFiniteNumbers(params: object, operation: string): void {
  const seen = new Set<unknown>();
  // the path from `params` to the bad value ('' for the value itself), or undefined
  const walk = (v: unknown): string | undefined => {
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : '';
    // a shared or cyclic object is walked once (JSON.stringify refuses a cycle itself)
    if (!v || typeof v !== 'object' || seen.has(v)) return undefined;
    seen.add(v);
    let at: string | undefined;
    // an index loop: a prompt of 200,000 token ids makes no key string per id
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if ((at = walk(v[i])) !== undefined) return `[${i}]${at}`;
    } else {
      for (const k of Object.keys(v)) if ((at = walk((v as Record<string, unknown>)[k])) !== undefined) return `.${k}${at}`;
    }
    return undefined;
  };
  const at = walk(params);
  if (at !== undefined) throw refused(operation, at.slice(1), 'is NaN or ±Infinity, which JSON would send as null');
}

/**
 * Throws an {@link InvalidRequestError} unless `params` is an object whose `model` is a non-empty
 * string (every OpenAI operation's first two checks).
 *
 * @example
 * ```ts
 * requireParams(params, 'openai.embeddings.create');
 * ```
 */
export function requireParams(params: unknown, operation: string): void {
  if (!isObject(params)) {
    throw new InvalidRequestError(`${operation}: params must be an object, got ${describe(params)}`, { path: '', operation });
  }
  const model = params.model;
  check(typeof model === 'string' && model.length > 0, 'model', 'a non-empty string', operation, model);
}

/** A short, secret-free description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string';
  return typeof value;
}

/**
 * The SSE decoder of OpenAI-compatible streams: {@link defaultDecode} (which ends the stream at
 * `[DONE]` and throws a {@link StreamError} carrying the payload for an `error` event, a
 * `{"error": ...}` payload or vLLM's `{"object": "error", ...}`), with empty events skipped and
 * errors named after the operation.
 *
 * @example
 * ```ts
 * const decode = openAIDecoder('openai.chat.completions.create');
 * ```
 */
export function openAIDecoder(operation: string): EventDecoder {
  return (event: SSEEvent) => {
    if (event.data.length === 0 && event.event !== 'error') return SKIP;
    try {
      return defaultDecode(event);
    } catch (err) {
      // defaultDecode's own errors (StreamErrors it makes without an operation) get this one
      if (err instanceof ModelwireError) {
        err.operation = operation;
        // keep the message self-explaining: name the operation first
        err.message = `${operation}: ${err.message}`;
      }
      throw err;
    }
  };
}

/**
 * Statuses with which OpenAI-compatible servers refuse a request before doing any work: a 429 (rate
 * limit, quota, an overloaded TGI) is retried under the client's policy even for a billable POST.
 *
 * @example
 * ```ts
 * request(client, { method: 'POST', path: '/chat/completions', body, operation, refusedBeforeWork: REFUSED_BEFORE_WORK });
 * ```
 */
export const REFUSED_BEFORE_WORK: readonly number[] = [429];

/**
 * The per-call options of a call that may stream besides the core's (`StreamCallOptions`), as a
 * request spec's `options`: taken by the non-stream path too, whose `stream` may be known only at
 * run time (`CallOptionsFor<boolean>`).
 *
 * @example
 * ```ts
 * request(client, { method: 'POST', path: '/completions', body, operation, options: STREAM_OPTIONS }, options);
 * ```
 */
export const STREAM_OPTIONS = 'firstEventTimeoutMs idleTimeoutMs';
