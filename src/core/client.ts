/**
 * The core client: configuration resolved once, a middleware chain composed once, and `request()`,
 * the function every platform operation calls.
 * @module
 */
import { BAD_HEADER_CHAR, checkCall, checkHeaders, checkMode, checkNumber, checkOptions, checkType, headerValue } from './check.js';
import { abortReason, createCallContext, type CallContext } from './deadline.js';
import { AbortError, InvalidRequestError, ModelwireError, refused, ResponseValidationError } from './errors.js';
import { guardAttempts, heeds } from './guard.js';
import { addHeaders, compose, requestIdOf } from './middleware.js';
import { sharedRegistry } from './shared.js';
import { headerSecrets, KEY_HEADER, querySecrets, RedactedHeaders, requestSecrets, scrub, scrubValue, SECRET_HEADER } from './redact.js';
import { parseJson, readText, toAPIError } from './response.js';
import { attemptsOf, discardBody, retryMiddleware, makeRetryPolicy, type RetryEvent, type RetryOptions, type RetryPolicy } from './retry.js';
import type { StandardSchemaV1 } from './schema.js';
import { validateInCall } from './schema.js';
import { fetchOf, type fetchTransport, safeUrl } from './transport-fetch.js';
import type { Handler, HttpMethod, Middleware, Transport, ValidationMode, WireRequest, WireResponse } from './types.js';

/**
 * Settings of a client. Only `baseURL` is required.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL: 'https://api.example.com', apiKey: process.env.KEY, timeoutMs: 30_000 });
 * ```
 */
export interface ClientOptions {
  /** Root of every request path, e.g. `http://127.0.0.1:8000` or `https://api.replicate.com/v1` (no query or fragment: a middleware adds a query every request needs, see docs/core.md). */
  baseURL: string;
  /** Credential; sent as `authorization: Bearer <key>` unless `authHeader` says otherwise. Never stored on the client object. */
  apiKey?: string | undefined;
  /** Where the key goes, e.g. `{ name: 'x-api-key', prefix: '' }` (default `authorization` with `Bearer `). */
  authHeader?:
    | {
        /** Header name the key is sent in, e.g. `x-api-key` (matched case-insensitively). */
        name: string;
        /** Text put before the key, e.g. `Token ` (default none: `Bearer ` is only the default header's). */
        prefix?: string | undefined;
      }
    | undefined;
  /** How requests are sent (default {@link fetchTransport}). */
  transport?: Transport | undefined;
  /** Default deadline of each call in ms, covering retries, polling and whole streams (default 60 000; `Infinity`, or anything above 2^31 − 1, for none). */
  timeoutMs?: number | undefined;
  /** Retry settings, or `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** Default validation mode (default `strict`). */
  validation?: ValidationMode | undefined;
  /** Headers sent with every request; credential ones (a name with auth, key, token, secret, password or cookie) only to the `baseURL`'s origin, like the key. */
  headers?: Record<string, string> | undefined;
  /** Your middleware, run on every attempt between the retry policy and the transport. */
  middleware?: Middleware[] | undefined;
  /** The platform's idempotency-key header; a call with `idempotencyKey` sends it and becomes retry-safe. */
  idempotencyHeader?: string | undefined;
  /** Told about every retry before its wait. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * A configured client. Pass it to operation functions; it holds no credentials on its properties.
 *
 * @example
 * ```ts
 * import { createClient, request } from 'modelwire';
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000' });
 * const ready = await request(client, { method: 'GET', path: '/v2/health/ready', operation: 'ready', responseType: 'none' });
 * ```
 */
export interface Client {
  /** The `baseURL` it was made with, trailing slashes removed; request paths are appended to it. */
  readonly baseURL: string;
  /** Default deadline of each call in ms (60 000 unless `timeoutMs` was given). */
  readonly timeoutMs: number;
  /** Default validation mode of its calls (`strict` unless `validation` was given). */
  readonly validation: ValidationMode;
  /** The idempotency-key header name, lower-cased, or `undefined` when the platform has none. */
  readonly idempotencyHeader: string | undefined;
  /** The composed middleware chain and transport. */
  readonly handler: Handler;
}

/**
 * Strings to scrub from anything that leaves a client (its API key); kept off the client object, in a
 * registry both builds share (a client of the CJS build used with an ESM operation keeps its secrets).
 */
const secretsByClient = /* @__PURE__ */ sharedRegistry<WeakMap<Client, readonly string[]>>('secrets', WeakMap);
/** The clients with middleware of the user's, whose calls record the credential headers it sets. */
const withMiddleware = /* @__PURE__ */ sharedRegistry<WeakSet<Client>>('middleware', WeakSet);
const NO_SECRETS: readonly string[] = [];

/**
 * @internal The retry policy `client` was made with (kept off its enumerable fields); its
 * `maxRetries` is 0 for a client made with `retry: false`.
 *
 * @example
 * ```ts
 * const retries = retryPolicyOf(client).maxRetries;
 * ```
 */
export const retryPolicyOf = (client: Client): RetryPolicy => (client as unknown as { retryPolicy: RetryPolicy }).retryPolicy;

/**
 * True for a client made by {@link createClient} (e.g. so a wrapper passes it on as it is).
 *
 * @example
 * ```ts
 * isClient(createClient({ baseURL: 'http://127.0.0.1:8000' })); // true
 * ```
 */
export function isClient(value: unknown): value is Client {
  return secretsByClient.has(value as Client);
}

/**
 * Per-call settings every operation accepts. An operation refuses any other option name (other
 * than one given as `undefined`) that is not one of its own (e.g. OIP's `version`) with an
 * {@link InvalidRequestError} whose `path` is the name and whose message lists the known names,
 * before anything is sent: a misspelt `timeoutMS` would otherwise leave the client's deadline in
 * force in silence.
 *
 * @example
 * ```ts
 * await infer(client, 'mlp', request, { timeoutMs: 2000, signal: controller.signal });
 * ```
 */
export interface CallOptions {
  /** Cancels the call, including backoff waits, polling and streams. */
  signal?: AbortSignal | undefined;
  /** Deadline for this call in ms (default: the client's). */
  timeoutMs?: number | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** Idempotency key; makes a non-idempotent call retry-safe where the platform honours it. */
  idempotencyKey?: string | undefined;
  /** Validation mode for this call. */
  validation?: ValidationMode | undefined;
  /** `false` disables retries for this call. */
  retry?: false | undefined;
}

/**
 * What an operation asks of the core: where, how, and what it expects back.
 *
 * @example
 * ```ts
 * const spec: RequestSpec<InferOutput<typeof ModelMetadataSchema>> = { method: 'GET', path: `/v2/models/${model}`, schema: ModelMetadataSchema, operation: 'oip.models.get' };
 * ```
 */
export interface RequestSpec<T> {
  /** HTTP method; it decides, with `idempotent`, whether a failed attempt may be repeated. */
  method: HttpMethod;
  /** Path appended to the client's `baseURL` (a leading `/` is added when missing), or an absolute `http(s)://` URL sent as is; encode caller-supplied segments yourself. */
  path: string;
  /** Query parameters, encoded and appended to the path; `undefined` values are left out. */
  query?: Record<string, string | number | boolean | undefined> | undefined;
  /** JSON body. */
  body?: unknown;
  /** Body sent as-is with its content type (takes precedence over `body`). */
  rawBody?:
    | {
        /** The body bytes, text or stream, sent unchanged (a stream cannot be replayed: such a call is not retried). */
        data: Uint8Array | string | ReadableStream<Uint8Array>;
        /** The `content-type` header sent with it, e.g. `application/octet-stream`. */
        contentType: string;
      }
    | undefined;
  /** Response schema (Standard Schema). */
  schema?: StandardSchemaV1<unknown, T> | undefined;
  /** Name of the operation (e.g. `oip.infer`), put on every error, retry event and log line of the call. */
  operation: string;
  /**
   * The names of the operation's own per-call options besides {@link CallOptions}'s, separated by
   * spaces (e.g. `'version binary'`): the call's options may carry them. Any other name is refused.
   */
  options?: string | undefined;
  /** Declares the operation safe to repeat even though its method is not idempotent. */
  idempotent?: boolean | undefined;
  /**
   * Statuses with which this platform refuses the request before doing any work (e.g. `[429]`):
   * retried under the policy even when the operation is not idempotent.
   */
  refusedBeforeWork?: readonly number[] | undefined;
  /**
   * `json` (default), `text`, `none` (body discarded) or `response` (status checked, body unread;
   * the call's deadline and signal no longer bound reading it: prefer `parse`). A 204 or 205, and
   * the answer to a HEAD, read as `undefined`; with `json` and a `schema`, that `undefined` is
   * validated like any result.
   */
  responseType?: 'json' | 'text' | 'none' | 'response' | undefined;
  /** Accept header (default `application/json`). */
  accept?: string | undefined;
  /**
   * Headers the operation sets itself (lower-case names, valid values), sent after the caller's
   * `headers`, which they override: Replicate's `prefer`, Triton's `inference-header-content-length`.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Reads the (successful) response yourself, within the call's deadline and signal, e.g. for a
   * binary body. Takes precedence over `responseType` and `schema`. Runs inside each attempt (with
   * retries on): a body that breaks half-way is retried like any failed attempt. One that fails
   * leaves no body open: the rest is cancelled, or ended through the transport when `parse` holds a
   * reader on it.
   */
  parse?: ((response: WireResponse, signal: AbortSignal) => Promise<T>) | undefined;
  /**
   * For headers that depend on the time left: the headers of a retried attempt (lower-case names),
   * from the milliseconds it has before the deadline and the first attempt's headers, so a retry
   * sent later asks for no more than fits (Replicate's `Prefer: wait=<s>`).
   */
  timedHeaders?: WireRequest['timedHeaders'];
}


/**
 * Adds the credential headers (the key, and credential headers of the `headers` option), only to
 * requests for the client's own origin: an absolute URL a server handed back (a `next` page, a
 * stream URL) on another host never receives them. A header the request already sets wins.
 */
function credentialMiddleware(baseURL: string, headers: Readonly<Record<string, string>>): Middleware {
  // the base URL's origin: its scheme and authority, up to the first slash after `//`
  const origin = /^[^/]*\/\/[^/]*/.exec(baseURL)![0];
  const add = addHeaders(Object.entries(headers));
  return (next) => {
    const withCredentials = add(next);
    // the origin itself, then the end of the URL, a path or a query
    return (req) => (req.url.startsWith(origin) && '/?'.includes(req.url.charAt(origin.length) || '/') ? withCredentials : next)(req);
  };
}

/** A header value must be visible ASCII or tab/space (tab, space to tilde): a key with a newline would be quoted back by fetch. */
const HEADER_VALUE = /^[\t -~]*$/;

/** The options of {@link createClient}, as {@link checkOptions} knows them. */
/** @internal createClient's option names (and kinds), for {@link checkOptions}; platform factories add their own. */
export const CLIENT_OPTIONS = 'baseURL apiKey authHeader:object transport:function timeoutMs retry validation headers middleware idempotencyHeader:string onRetry';

/**
 * Whether a call may be repeated without duplicating work: an idempotent method, an operation
 * declared idempotent, or an idempotency key.
 *
 * @example
 * ```ts
 * isIdempotent({ method: 'POST', idempotent: true }, undefined); // true
 * ```
 */
export function isIdempotent(spec: Pick<RequestSpec<unknown>, 'method' | 'idempotent'>, options: CallOptions | undefined): boolean {
  return spec.idempotent === true || IDEMPOTENT_METHODS.has(spec.method) || options?.idempotencyKey !== undefined;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'QUERY']);

/**
 * Creates a client: resolves defaults and composes the middleware chain once.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000', retry: { maxRetries: 3 } });
 * ```
 */
export function createClient(options: ClientOptions): Client {
  return createClientAs('createClient', options);
}

/**
 * @internal {@link createClient} for a platform client's factory: its refusals name the factory the
 * caller called (`createReplicateClient: auth is not an option`), not `createClient`.
 *
 * @example
 * ```ts
 * const core = createClientAs('createOipClient', { baseURL: 'http://127.0.0.1:8000' });
 * ```
 */
export function createClientAs(OP: string, options: ClientOptions): Client {
  // absolute http(s), and no user-info before the host (pass apiKey instead); safeUrl never quotes
  // user-info. No query or fragment either: every path is appended to it (`/v1?x=1` + `/models`).
  // And a URL the parser takes (`http://exa mple.com` would fail each call as a ConnectionError)
  let usable = false;
  try {
    // new URL, not URL.canParse (which older browsers lack)
    usable = typeof options.baseURL === 'string' && /^https?:\/\/[^/@?#]*(\/[^?#]*)?$/.test(options.baseURL) && !!new URL(options.baseURL);
  } catch {
    // no options, or a URL the parser refuses
  }
  if (!usable) {
    const url: unknown = options?.baseURL;
    // no baseURL at all: a misspelt one (`baseUrl`, as the official clients spell it) is the likelier cause: name it
    if (url === undefined && options) checkOptions(OP, options, CLIENT_OPTIONS);
    // a value with an `@` may carry credentials in any spelling (`https:user:key@host`): not quoted;
    // nor is the query of a URL object's text
    const text = String(url);
    const got = text.includes('@') ? 'a value with an @ (not shown)' : typeof url === 'string' ? JSON.stringify(safeUrl(url)) : safeUrl(text);
    throw refused(OP, 'baseURL', `must be an absolute http(s) URL without credentials, query or fragment, got ${got}`);
  }
  // nonsensical settings are refused up front, naming the option; a credential is never quoted
  // logging is a middleware now (its code is in a bundle only when used): say so instead of ignoring it
  if ((options as { logger?: unknown }).logger !== undefined) throw refused(OP, 'logger', 'is not an option: add middleware: [loggingMiddleware(logger)]');
  // a misspelt option (`timeoutMS`) would leave its default in force; a `transport` that is no
  // function fail each call with a bare TypeError; `headers` that are a string be sent as `0`, `1`…
  checkOptions(OP, options, CLIENT_OPTIONS);
  checkHeaders(OP, options.headers);
  checkNumber(OP, 'timeoutMs', options.timeoutMs, 0, Infinity);
  checkMode(options.validation, OP);
  const auth = options.authHeader;
  checkOptions(OP, auth, 'name prefix', 'authHeader');
  // without a name, the key would go out under `undefined`
  if (auth) checkType(OP, 'authHeader.name', auth.name, 'string', true);
  // header values the transports would refuse only at the first call; a credential is never quoted
  for (const [path, value] of [
    ['apiKey', options.apiKey],
    ['authHeader.prefix', auth?.prefix],
  ] as const) {
    if (value !== undefined && !(typeof value === 'string' && HEADER_VALUE.test(value))) throw refused(OP, path, 'is not a valid header value (value not shown)');
  }
  // what would otherwise fail later as a bare TypeError (`inner is not iterable`, `m is not a function`)
  if (options.middleware !== undefined && !Array.isArray(options.middleware)) throw refused(OP, 'middleware', 'must be an array of middleware');
  options.middleware?.forEach((m, i) => checkType(OP, `middleware[${i}]`, m, 'function', true));
  const defaults: Record<string, string> = { accept: 'application/json' };
  // credential headers go only to the client's origin, like the key (and before it: they win)
  const credentials: Record<string, string> = {};
  for (const k in options.headers) (SECRET_HEADER.test(k) ? credentials : defaults)[k.toLowerCase()] = headerValue(options.headers[k], k, OP);
  // what is scrubbed from errors and logs: the key, and any credential in the default headers
  const secrets = headerSecrets(options.headers, []);
  const chainHead: Middleware[] = [addHeaders(Object.entries(defaults))];
  if (options.apiKey) {
    const { name, prefix = '' } = auth ?? { name: 'authorization', prefix: 'Bearer ' };
    secrets.push(options.apiKey.trim()); // as sent: transports trim a header value
    credentials[name.toLowerCase()] ??= prefix + options.apiKey;
  }
  // a credential header or the key: each is among the secrets
  if (secrets.length) chainHead.push(credentialMiddleware(options.baseURL, credentials));
  const retryPolicy = makeRetryPolicy(options.retry, options.onRetry, OP);
  const inner = options.middleware ?? [];
  const given = options.transport ?? fetchOf();
  // a credential header your middleware set (in place or on a copy) is one of the call's: recorded
  // with them as the request reaches the transport, so it is scrubbed like the key (a value they
  // already cover is not: `Bearer <key>` stays scrubbed as `Bearer [redacted]`)
  const transport: Transport = inner.length
    ? (r) => {
        // a header value your middleware set that no runtime can send (a newline, a character past
        // Latin-1) would fail every attempt alike (fetch's as a ConnectionError, retried): refused
        // once, naming the header, the value not shown, as a call's own header is
        for (const k in r.headers) if (BAD_HEADER_CHAR.test(r.headers[k]!)) return Promise.reject(refused(r.operation, `headers.${k}`, 'set by a middleware is not a valid header value (value not shown)'));
        // (a request without onAbort, one a middleware made itself, has none: WeakMap.get(undefined) is undefined)
        const known = requestSecrets.get(r.onAbort!) as string[] | undefined;
        if (known) for (const s of headerSecrets(r.headers, querySecrets(r.url, []))) if (scrub(s, known) === s) known.push(s);
        return given(r);
      }
    : given;
  // a transport or middleware that may not heed the signal (a custom fetch, yours) is raced against
  // the call's end; a transport that may not, also its bodies (src/core/guard.ts)
  const deaf = !heeds(given);
  let below = compose(inner, transport);
  if (deaf || !inner.every(heeds)) below = guardAttempts(below, deaf);
  const handler = compose(options.retry === false ? chainHead : [...chainHead, retryMiddleware(retryPolicy)], below);
  const client = {
    baseURL: options.baseURL.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 60_000,
    validation: options.validation ?? 'strict',
    idempotencyHeader: options.idempotencyHeader?.toLowerCase(),
    handler,
  };
  // retryPolicy: not enumerable, not writable
  Object.defineProperty(client, 'retryPolicy', { value: retryPolicy });
  // a key under a name that looks like no credential (`x-credential`): its request headers print it
  // as `[redacted]` too, by their prototype (kept on the client, which a copy of modelwire's other build reads)
  const keyName = options.apiKey && auth?.name.toLowerCase();
  if (keyName && !SECRET_HEADER.test(keyName)) Object.defineProperty(client, 'headersProto', { value: Object.create(RedactedHeaders.prototype, { [KEY_HEADER]: { value: keyName } }) });
  const frozen = Object.freeze(client) as Client;
  secretsByClient.set(frozen, secrets);
  if (inner.length) withMiddleware.add(frozen);
  return frozen;
}

/**
 * Builds the URL of a request spec.
 *
 * @example
 * ```ts
 * buildUrl(client, '/v1/models', { cursor: 'abc' }); // 'https://api.x/v1/models?cursor=abc'
 * ```
 */
export function buildUrl(client: Client, path: string, query?: RequestSpec<unknown>['query']): string {
  let url = /^https?:\/\//.test(path) ? path : client.baseURL + (path.startsWith('/') ? path : `/${path}`);
  for (const key in query) {
    const v = query[key];
    if (v === undefined) continue;
    try {
      // an object would go out as `[object Object]`; a lone surrogate cannot be in a URL (encodeURIComponent throws)
      if (typeof v !== 'object') {
        // the first parameter opens the query, unless the path has one
        url += `${url.includes('?') ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`;
        continue;
      }
    } catch {}
    throw new InvalidRequestError(`query.${key} must be a string, number or boolean (no lone surrogate)`, { path: `query.${key}` });
  }
  return url;
}

/**
 * Builds the wire request of a spec for one call (internal to operations and streams), numbered
 * `attempt` (1: the first; a stream's reconnect goes on from the attempt that dropped).
 *
 * @example
 * ```ts
 * const req = buildRequest(client, spec, options, ctx);
 * ```
 */
export function buildRequest(client: Client, spec: RequestSpec<unknown>, options: CallOptions | undefined, ctx: CallContext, attempt = 1): WireRequest {
  const op = spec.operation;
  // a path that is no string (from JavaScript) would fail building the URL with a bare TypeError
  checkType(op, 'path', spec.path, 'string', true);
  if (spec.schema && typeof spec.schema['~standard']?.validate !== 'function') throw refused(op, 'schema', 'is no Standard Schema');
  let idempotent = spec.idempotent === true || IDEMPOTENT_METHODS.has(spec.method);
  // printed by a middleware or transport of yours (JSON.stringify, util.inspect), credentials redacted
  const proto = (client as { headersProto?: object }).headersProto;
  const headers = (proto ? Object.create(proto) : new RedactedHeaders()) as Record<string, string>;
  let body: WireRequest['body'];
  if (spec.rawBody) {
    body = spec.rawBody.data;
    headers['content-type'] = spec.rawBody.contentType;
  } else if (spec.body !== undefined) {
    try {
      body = JSON.stringify(spec.body);
    } catch (err) {
      // a BigInt or a cycle: JSON's message names the kind or the property path, never a value
      throw refused(op, 'body', `cannot be sent as JSON: ${(err as Error).message}`);
    }
    headers['content-type'] = 'application/json';
  }
  if (spec.accept) headers.accept = spec.accept;
  // `retry: 0` or `'false'` would leave the retries on
  checkType(op, 'retry', options?.retry, 'boolean');
  if (options?.headers !== undefined) {
    checkHeaders(op, options.headers);
    for (const k in options.headers) headers[k.toLowerCase()] = headerValue(options.headers[k], k, op);
  }
  if (spec.headers) Object.assign(headers, spec.headers);
  if (options?.idempotencyKey !== undefined) {
    // an empty key is no key to a server, so it must not make the call retry-safe; a non-string one
    // would be one shared key ('[object Object]') for different requests
    if (!client.idempotencyHeader || !options.idempotencyKey || typeof options.idempotencyKey !== 'string') {
      throw refused(op, 'idempotencyKey', 'needs a non-empty value and idempotencyHeader');
    }
    headers[client.idempotencyHeader] = options.idempotencyKey;
    idempotent = true;
  }
  const req: Omit<WireRequest, 'signal'> & { [CALL]: CallContext } = {
    method: spec.method,
    url: buildUrl(client, spec.path, spec.query),
    headers,
    body,
    onAbort: (callback) => ctx.onAbort(callback),
    timeoutMs: ctx.remaining(),
    idempotent,
    operation: op,
    attempt,
    refusedBeforeWork: spec.refusedBeforeWork,
    timedHeaders: spec.timedHeaders,
    [CALL]: ctx,
  };
  // the call's AbortSignal is made on first read (the undici transport never reads it); a getter
  // written in the literal would cost a new accessor per call, a shared one a cached map transition
  return Object.defineProperty(req, 'signal', SIGNAL) as typeof req & Pick<WireRequest, 'signal'>;
}

/** Where a request built by {@link buildRequest} keeps its call, for {@link SIGNAL}. */
const CALL = Symbol('call');

/** `signal` of a request built by {@link buildRequest}: its call's signal, made on first read (a spread copies it as a value). */
const SIGNAL = {
  get(this: { [CALL]: CallContext }) {
    return this[CALL].signal;
  },
  enumerable: true,
  configurable: true,
};

/**
 * Sends a request through the client's chain within an existing call context and checks its status.
 * Non-2xx answers become {@link APIError} subclasses. With `bufferBody`, the body is read as text
 * inside each attempt, so a body that breaks half-way is retried like any failed attempt; `prime`
 * (a stream's first event) is awaited inside each attempt the same way. `attempt` numbers the
 * first request sent (a stream's reconnect goes on from the attempt that dropped).
 *
 * @example
 * ```ts
 * const res = await send(client, spec, options, ctx);
 * ```
 */
export async function send(
  client: Client,
  spec: RequestSpec<unknown>,
  options: CallOptions | undefined,
  ctx: CallContext,
  bufferBody = false,
  prime?: WireRequest['prime'],
  attempt = 1,
): Promise<WireResponse> {
  const req = buildRequest(client, spec, options, ctx, attempt);
  const secrets = secretsOfCall(client, options, ctx, req.url);
  // by the call's onAbort: a middleware that passes on a copy of the request with new headers keeps it
  if (secrets.length > 0 || withMiddleware.has(client)) requestSecrets.set(req.onAbort!, secrets);
  if (bufferBody) req.bufferBody = true;
  if (prime) req.prime = prime;
  if (options?.retry === false) req.noRetry = true;
  let res: WireResponse;
  try {
    res = await client.handler(req);
  } catch (err) {
    if (err instanceof ModelwireError) err.attempts ??= 1;
    throw err;
  }
  if (res.status < 200 || res.status >= 300) {
    const err = await toAPIError(res, spec.operation, secrets, req);
    // an abort or the deadline that cut the error body short is what ended the call
    throw ctx.aborted ? abortReason(ctx.signal, spec.operation) : err;
  }
  return res;
}

/**
 * The credentials of one call: the client's, and those of credential headers passed with the call.
 *
 * @example
 * ```ts
 * callSecrets(client, { headers: { authorization: 'Bearer sk-1234' } }); // [...client's, 'Bearer sk-1234', 'sk-1234']
 * ```
 */
export function callSecrets(client: Client, options: CallOptions | undefined): readonly string[] {
  const known = secretsByClient.get(client) ?? NO_SECRETS;
  return options?.headers ? headerSecrets(options.headers, [...known]) : known;
}

/**
 * The credentials of the call running in `ctx`, one list for all its attempts: {@link callSecrets},
 * those in the query of `url` and of the requests it sent before (`?key=`), and the credential headers and query the
 * client's middleware set, added as its requests reach the transport.
 *
 * @example
 * ```ts
 * throw scrubValidationError(err, secretsOfCall(client, options, ctx));
 * ```
 */
export function secretsOfCall(client: Client, options: CallOptions | undefined, ctx: CallContext, url = ''): readonly string[] {
  let secrets = requestSecrets.get(ctx) as string[] | undefined;
  // a credential in the query (`?key=`) of a request the call sends is the call's too, across its attempts, polls and reconnects
  const inQuery = url.includes('?') ? querySecrets(url, []) : NO_SECRETS;
  // without middleware or a credential in the query nothing is added: no list of the call's own (a hot path)
  if (!secrets && (inQuery.length || withMiddleware.has(client))) requestSecrets.set(ctx, (secrets = [...callSecrets(client, options)]));
  for (const s of inQuery) if (!secrets!.includes(s)) secrets!.push(s);
  return secrets ?? callSecrets(client, options);
}

/**
 * A validation error keeps the server's body: it is rebuilt with the credentials scrubbed from
 * that body and from its issues (whose paths name the body's keys), and takes the request id of
 * the response `res` when it has none, and the attempts that brought `res`. Any other error is
 * returned as it is. For operations that validate outside {@link request}.
 *
 * @example
 * ```ts
 * throw scrubValidationError(err, callSecrets(client, options), 'op', res);
 * ```
 */
export function scrubValidationError(err: unknown, secrets: readonly string[], operation?: string, res?: WireResponse): unknown {
  if (!(err instanceof ResponseValidationError)) return err;
  if (res) {
    err.requestId ??= requestIdOf(res.headers, secrets);
    err.attempts ??= attemptsOf(res);
  }
  if (secrets.length === 0) return err;
  return new ResponseValidationError(scrubValue(err.issues, secrets) as ResponseValidationError['issues'], scrubValue(err.body, secrets), {
    operation: err.operation ?? operation,
    cause: err.cause,
    requestId: err.requestId,
    attempts: err.attempts,
  });
}

/**
 * Lets go of the body of an answer whose `parse` failed before reading all of it: cancelled, or,
 * when the parse holds it with a reader of its own (a locked body cannot be cancelled), ended through
 * the transport by ending the call (which has settled: the abort changes nothing else).
 */
function releaseBody(res: WireResponse, ctx: CallContext): void {
  // (no one sees this reason: the call's error is already decided)
  if (res.body?.locked) ctx.abort(new AbortError());
  else discardBody(res);
}

/** A request spec that reads its own answer. */
type ParsedSpec<T> = RequestSpec<T> & Required<Pick<RequestSpec<T>, 'parse'>>;

/**
 * {@link request} for a spec whose `parse` reads the answer: the same call, without the JSON, text
 * and schema paths, so an operation that decodes its own bodies (an OIP inference) does not carry
 * them into a bundle (internal to operations).
 *
 * @example
 * ```ts
 * const text = await requestParsed(client, { method: 'POST', path: '/v2/models/mlp/infer', body, operation: 'oip.infer', parse: (res, signal) => readText(res, signal, 'oip.infer') });
 * ```
 */
export async function requestParsed<T>(client: Client, spec: ParsedSpec<T>, options?: CallOptions): Promise<T> {
  // a misspelt option name (`timeoutMS`) would leave the client's deadline in force
  checkCall(spec.operation, options, spec.options);
  const ctx = createCallContext(options?.timeoutMs ?? client.timeoutMs, options?.signal, spec.operation);
  let res: WireResponse | undefined;
  let parsed: Promise<T> | undefined;
  try {
    // parsed inside each attempt (where there is one: not on a client made with retry: false), so a body that breaks
    // half-way is retried like any failed attempt; a 3xx is left to send()'s status error
    res = await send(client, spec, options, ctx, false, async (r) => {
      if (r.status < 300) await (parsed = spec.parse((res = r), ctx.signal));
    });
    return await (parsed ?? spec.parse(res, ctx.signal));
  } catch (err) {
    // its validation error scrubbed (with the request id of `res`), or the abort or deadline that ended it
    err = ctx.errorFor(scrubValidationError(err, secretsOfCall(client, options, ctx), undefined, res));
    // a parse that failed before reading all of it leaves no body open
    if (res) releaseBody(res, ctx);
    throw err;
  } finally {
    ctx.dispose();
  }
}

/**
 * What {@link request} resolves to for a `responseType` `R`: the body's text for `text`,
 * `undefined` for `none`, the unread {@link WireResponse} for `response`, otherwise `T` (the
 * schema's output, `parse`'s result, or `unknown` JSON without either).
 *
 * @example
 * ```ts
 * type Readme = RequestResult<'text', unknown>; // string
 * type Person = RequestResult<'json', { name: string }>; // { name: string }
 * ```
 */
export type RequestResult<R, T> = [R] extends ['text'] ? string : [R] extends ['none'] ? undefined : [R] extends ['response'] ? WireResponse : T;

/**
 * Runs one operation: deadline, middleware chain, status check, body read and validation. The
 * result is typed by `schema` (or `parse`); `responseType` `text`, `none` or `response` types it
 * as a string, `undefined` or the {@link WireResponse}, and then takes no `schema` or `parse`
 * (neither would be applied).
 *
 * @example
 * ```ts
 * import { request } from 'modelwire';
 * const model = await request(client, { method: 'GET', path: '/v2/models/mlp', schema: ModelMetadataSchema, operation: 'oip.models.get' });
 * const readme = await request(client, { method: 'GET', path: '/readme', operation: 'readme', responseType: 'text' }); // string
 * ```
 */
export function request<T, R extends RequestSpec<T>['responseType'] = RequestSpec<T>['responseType']>(
  client: Client,
  spec: RequestSpec<T> &
    {
      /** How the body is read (see {@link RequestSpec.responseType}); it also picks the result type. */
      responseType?: R;
    } & ([R] extends ['text' | 'none' | 'response']
      ? {
          /** Not allowed with this `responseType`: only a `json` body is validated. */
          schema?: undefined;
          /** Not allowed with this `responseType`: `parse` replaces it. */
          parse?: undefined;
        }
      : unknown),
  options?: CallOptions,
): Promise<RequestResult<R, T>>;
export async function request<T>(client: Client, spec: RequestSpec<T>, options?: CallOptions): Promise<T> {
  // requestParsed's call, made here (a bundle with request() then carries one call's scaffolding, not two)
  const parse = spec.parse;
  const mode = checkCall(spec.operation, options, spec.options) ?? client.validation;
  const ctx = createCallContext(options?.timeoutMs ?? client.timeoutMs, options?.signal, spec.operation);
  let res: WireResponse | undefined;
  let parsed: Promise<T> | undefined;
  try {
    if (parse) {
      res = await send(client, spec, options, ctx, false, async (r) => {
        if (r.status < 300) await (parsed = parse((res = r), ctx.signal));
      });
      return await (parsed ?? parse(res, ctx.signal));
    }
    const type = spec.responseType ?? 'json';
    res = await send(client, spec, options, ctx, type === 'json' || type === 'text');
    if (type === 'response') return res as unknown as T;
    let data: unknown;
    // a HEAD answer has no content whatever its headers say, like a 204
    if (type === 'none' || res.status === 204 || res.status === 205 || spec.method === 'HEAD') {
      discardBody(res);
      // no content is still checked against the operation's schema: a 204 is no chat completion
      if (type !== 'json') return undefined as T;
    } else {
      const text = await readText(res, ctx, spec.operation);
      if (type === 'text') return text as unknown as T;
      data = parseJson(text, spec.operation);
    }
    if (!spec.schema) return data as T;
    const out = validateInCall(spec.schema, data, mode, spec.operation);
    // a schema that answers asynchronously is awaited here, so its failure is this call's; a
    // synchronous result is returned without a turn of the event loop
    return out instanceof Promise ? await out : out;
  } catch (err) {
    // its validation error scrubbed (with the request id of `res`), or the abort or deadline that ended it
    err = ctx.errorFor(scrubValidationError(err, secretsOfCall(client, options, ctx), undefined, res));
    // a parse that failed before reading all of it leaves no body open
    if (parse && res) releaseBody(res, ctx);
    throw err;
  } finally {
    ctx.dispose();
  }
}
