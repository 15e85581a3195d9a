/**
 * Reading responses: status to typed error, body to JSON, failures of the body read to typed errors.
 * @module
 */
import { APIError, ResponseValidationError } from './errors.js';
import { requestIdOf } from './middleware.js';
import { scrub, scrubValue } from './redact.js';
import { parseRetryAfter } from './retry-after.js';
import { attemptsOf, BufferedResponse } from './retry.js';
import { safeUrl, toTransportError } from './transport-fetch.js';
import type { HeaderReader, WireResponse } from './types.js';

const DROPPED_HEADERS = new Set(['set-cookie', 'authorization', 'proxy-authorization', 'cookie']);

/**
 * The human message inside an error body: `error` (string or `{ message }`), `detail`, `message`,
 * `title` or `msg`, looked up in nested objects and in the first element of an array; of a text
 * body, its first 500 characters, or an HTML page's `<title>`.
 *
 * @example
 * ```ts
 * errorMessageOf({ error: 'model not found' }); // 'model not found'
 * ```
 */
export function errorMessageOf(body: unknown, depth = 0): string | undefined {
  if (typeof body === 'string') {
    // an HTML page (a proxy's or load balancer's error page, mostly CSS up front) says it in its <title>
    const text = body.trim();
    const title = text[0] === '<' && /<title[^>]*>([^<]*)</i.exec(text)?.[1]!.trim();
    return (title || text).slice(0, 500) || undefined;
  }
  // a few levels are enough for any real error format; a body nested thousands deep must not overflow the stack
  if (!body || typeof body !== 'object' || depth > 8) return undefined;
  const b = body as Record<string | number, unknown>;
  // `msg` and the first element: FastAPI's `{ detail: [{ loc, msg, type }] }` (vLLM, TGI, MLServer)
  for (const key of ['error', 'detail', 'message', 'title', 'msg', 0]) {
    const v = b[key];
    if (typeof v === 'string' && v) return v;
    if (v && typeof v === 'object') {
      const inner = errorMessageOf(v, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * @internal The body of an answer that is an error (or not what was asked for), read once: parsed
 * when it is JSON (an event stream's first `data:` line: OIP `generate_stream` answers errors so),
 * else its text, else `undefined` when empty or unreadable; credentials scrubbed (before
 * {@link errorMessageOf} picks and cuts the message in it: a cut would let part of a key escape).
 */
export async function errorBodyOf(res: WireResponse, secrets: readonly string[]): Promise<unknown> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // a body that cannot be read still leaves a useful error about the status or the content type
  }
  try {
    return scrubValue(text ? JSON.parse(/event-stream/i.test(res.headers.get('content-type') ?? '') ? (/^data: ?(.*)$/m.exec(text)?.[1] ?? text) : text) : undefined, secrets);
  } catch {
    // not JSON, or JSON nested too deep to copy (a RangeError): the text, scrubbed
    return scrubValue(text || undefined, secrets);
  }
}

/**
 * Turns a non-success response into the matching {@link APIError} subclass, reading its body once.
 * Known secrets are scrubbed from the message, body and headers.
 *
 * @example
 * ```ts
 * if (res.status >= 400) throw await toAPIError(res, 'oip.infer', []);
 * ```
 */
export async function toAPIError(res: WireResponse, operation: string, secrets: readonly string[], req?: { method: string; url: string }): Promise<APIError> {
  const body = await errorBodyOf(res, secrets);
  const detail = errorMessageOf(body);
  const message = scrub(`${operation} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`, secrets);
  // the headers as a plain object (lower-case names), without cookies or credentials
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!DROPPED_HEADERS.has(name)) headers[name] = scrub(value, secrets);
  });
  return APIError.fromStatus({
    status: res.status,
    headers,
    body,
    requestId: requestIdOf(res.headers, secrets),
    message,
    operation,
    attempts: attemptsOf(res),
    // where it went: a 404 from a wrong base URL says which URL answered
    method: req?.method,
    url: req && scrub(safeUrl(req.url), secrets),
    // for a 429 (only RateLimitError keeps it): the server's hint as sent, however long (the retry
    // policy itself waits at most 60 s)
    retryAfterMs: parseRetryAfter(res.headers, undefined, Infinity),
  } as ConstructorParameters<typeof APIError>[1]);
}

/**
 * Reads a body as text; a failure while reading (reset, abort, deadline) becomes a typed error.
 *
 * @example
 * ```ts
 * const text = await readText(res, ctx, 'op'); // a call context, or an AbortSignal
 * ```
 */
export async function readText(res: WireResponse, source: AbortSignal | { readonly signal: AbortSignal }, operation: string): Promise<string> {
  if (res instanceof BufferedResponse) return res.content;
  try {
    return await res.text();
  } catch (err) {
    // the signal is looked up only here, on failure: a call context makes its signal on first access
    throw toTransportError(err, { signal: source instanceof AbortSignal ? source : source.signal, operation, url: '' });
  }
}

/**
 * Reads a body as bytes; a failure while reading (reset, abort, deadline) becomes a typed error.
 *
 * @example
 * ```ts
 * const spec: RequestSpec<Uint8Array> = { method: 'GET', path: '/files/f1/download', operation: 'files.download', parse: (res, signal) => readBytes(res, signal, 'files.download') };
 * ```
 */
export async function readBytes(res: WireResponse, source: AbortSignal | { readonly signal: AbortSignal }, operation: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    // the signal is looked up only here, on failure: a call context makes its signal on first access
    throw toTransportError(err, { signal: source instanceof AbortSignal ? source : source.signal, operation, url: '' });
  }
}

/**
 * Reads a body as JSON. A body that is not JSON becomes a {@link ResponseValidationError} that keeps the raw text.
 *
 * @example
 * ```ts
 * const data = await readJson(res, ctx.signal, 'op');
 * ```
 */
export async function readJson(res: WireResponse, signal: AbortSignal | { readonly signal: AbortSignal }, operation: string): Promise<unknown> {
  return parseJson(await readText(res, signal, operation), operation);
}

/**
 * Parses a JSON body. Text that is not JSON becomes a {@link ResponseValidationError} keeping the raw
 * text (the call scrubs its credentials from it).
 *
 * @example
 * ```ts
 * parseJson('{"a":1}', 'op'); // { a: 1 }
 * ```
 */
export function parseJson(text: string, operation: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // the parser's own message quotes the start of the body (a credential a server echoed, cut
    // where no scrubbing finds it): the text is on the error, scrubbed, for a closer look
    throw new ResponseValidationError([{ path: [], message: `body is not valid JSON (${text.length} characters)` }], text, { operation });
  }
}
