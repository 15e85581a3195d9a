/**
 * Built-in middleware and the composition rule. The order is fixed and documented:
 * `headers/auth → retry → user middleware (including loggingMiddleware, requestIdMiddleware) → transport`
 * (leftmost is outermost: user middleware sees every attempt).
 * @module
 */
import { checkHeaders, checkOptions, checkType, headerValue } from './check.js';
import { ModelwireError } from './errors.js';
import { redactHeaders, scrub, scrubValue, secretsOfRequest } from './redact.js';
import { heedsSignal } from './guard.js';
import { discardBody } from './retry.js';
import { safeUrl } from './transport-fetch.js';
import type { Handler, Middleware, WireResponse } from './types.js';

/**
 * Folds middleware around a handler; the first middleware is the outermost.
 *
 * @example
 * ```ts
 * const handler = compose([headersMiddleware({ 'x-team': 'a' })], fetchTransport());
 * ```
 */
export function compose(middleware: readonly Middleware[], handler: Handler): Handler {
  return middleware.reduceRight<Handler>((next, m) => m(next), handler);
}

/**
 * Adds headers the request does not already set. Credentials belong here too: the value lives only
 * in this closure, never on an enumerable property. Headers that are no object are refused with
 * `InvalidRequestError` (`path: 'headers'`); a value that is not a string or number, or holds a
 * character no runtime sends in a header (a line break, a control character, an emoji), too (`path: 'headers.<name>'`, the value not shown).
 *
 * @example
 * ```ts
 * headersMiddleware({ authorization: `Bearer ${key}` });
 * ```
 */
export function headersMiddleware(headers: Readonly<Record<string, string>>): Middleware {
  checkHeaders('headersMiddleware', headers, true);
  const entries = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), headerValue(v, k, 'headersMiddleware')] as const);
  // none: the request passes as it is (it heeds the signal as its `next` does, src/core/guard.ts)
  return entries.length === 0 ? heedsSignal((next) => next) : addHeaders(entries);
}

/**
 * @internal {@link headersMiddleware} of checked headers, as `[lower-case name, value]` pairs (the
 * client's own, whose names and values it checked already; at least one).
 *
 * @example
 * ```ts
 * addHeaders(Object.entries({ accept: 'application/json' }));
 * ```
 */
export function addHeaders(entries: readonly (readonly [string, string])[]): Middleware {
  // it heeds the signal as its `next` does (src/core/guard.ts)
  return heedsSignal((next) => (req) => {
    const h = req.headers;
    for (const [k, v] of entries) if (!(k in h)) h[k] = v;
    return next(req);
  });
}

/**
 * Response headers that carry a request id, in the order they are looked up (Baseten's own before
 * a Cloudflare ray, which names the edge hop).
 */
export const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-baseten-request-id', 'cf-ray', 'x-trace-id'] as const;

/**
 * The server's request id from a response's headers, when it sent one, with any of `secrets`
 * in it redacted (a server that echoes the credential there).
 *
 * @example
 * ```ts
 * requestIdOf(res.headers); // 'req_123'
 * ```
 */
export function requestIdOf(
  headers: {
    /** The value of a header (case-insensitive name), or `null` when absent, as `Headers#get` answers. */
    get(name: string): string | null;
  },
  secrets: readonly string[] = []): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const v = headers.get(name);
    if (v) return scrub(v, secrets);
  }
  return undefined;
}

/**
 * Options of {@link requestIdMiddleware}.
 *
 * @example
 * ```ts
 * requestIdMiddleware({ header: 'x-correlation-id', generate: () => crypto.randomUUID() });
 * ```
 */
export interface RequestIdOptions {
  /** Header to send (default `x-request-id`). */
  header?: string | undefined;
  /** Makes an id (default `crypto.randomUUID()`). */
  generate?: (() => string) | undefined;
  /** Told the server's request id (or the one sent) of every response. */
  onResponse?:
    | ((info: {
        /** Name of the operation the response answers, e.g. `oip.infer`. */
        operation: string;
        /** The server's request id (`x-request-id`, `request-id`, `cf-ray`...; secrets redacted), else the id this middleware sent. */
        requestId: string | undefined;
        /** HTTP status of the response. */
        status: number;
      }) => void)
    | undefined;
}

/**
 * Sends a client request id on every attempt and reports the id the server answered with. The id
 * is made once per call: the retries of a call carry the same id, so a server's logs tie them together.
 *
 * @example
 * ```ts
 * createClient({ baseURL, middleware: [requestIdMiddleware({ onResponse: (i) => console.log(i.requestId) })] });
 * ```
 */
export function requestIdMiddleware(options: RequestIdOptions = {}): Middleware {
  checkOptions('requestIdMiddleware', options, 'header:string generate:function onResponse:function');
  const header = (options.header ?? 'x-request-id').toLowerCase();
  const generate = options.generate ?? (() => crypto.randomUUID());
  return heedsSignal((next) => async (req) => {
    const sent = req.headers[header] ?? (req.headers[header] = generate());
    const res = await next(req);
    try {
      // an id that echoes the credential is told scrubbed
      options.onResponse?.({ operation: req.operation, requestId: requestIdOf(res.headers, secretsOfRequest(req)) ?? sent, status: res.status });
    } catch (err) {
      discardBody(res); // the call fails with the hook's error: its body is not read
      throw err;
    }
    return res;
  });
}

/**
 * A logger: any object with some of these methods (console works).
 *
 * @example
 * ```ts
 * const logger: Logger = { warn: (message, fields) => console.warn(message, fields) };
 * ```
 */
export interface Logger {
  /** Receives every attempt answered with a status below 400. */
  debug?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
  /** Not called by `loggingMiddleware`; declared so `console` and pino-style loggers fit as they are. */
  info?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
  /** Receives every attempt answered with a status of 400 or more, or that failed with no answer (`fields.error`: the error's safe JSON). */
  warn?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
  /** Not called by `loggingMiddleware`; declared so `console` and pino-style loggers fit as they are. */
  error?: ((message: string, fields: Record<string, unknown>) => void) | undefined;
}

/**
 * Logs every attempt: operation, method, URL (query values hidden), attempt, status, duration and
 * request id, with credential headers redacted. Failures go to `warn`, successes to `debug`. A
 * `logger` with neither a `debug` nor a `warn` function (nothing would ever be logged), a `debug`
 * or `warn` that is not a function, or an option name it does not know, is refused with
 * `InvalidRequestError` (`path` = the option).
 *
 * @example
 * ```ts
 * createClient({ baseURL, middleware: [loggingMiddleware(console)] });
 * ```
 */
export function loggingMiddleware(
  logger: Logger,
  options: {
    /** Add each attempt's request headers to the log fields (`fields.headers`), credentials redacted (default false). */
    logHeaders?: boolean | undefined;
  } = {},
): Middleware {
  checkType('loggingMiddleware', 'logger', logger, 'object', true);
  for (const m of ['debug', 'warn'] as const) checkType('loggingMiddleware', `logger.${m}`, logger[m], 'function');
  // a logger with neither (`{ log }`, `{ info, error }`) would log nothing, in silence
  checkType('loggingMiddleware', 'logger.warn', logger.debug ?? logger.warn, 'function', true);
  checkOptions('loggingMiddleware', options, 'logHeaders:boolean');
  return logAttempts(logger, options.logHeaders ? redactHeaders : undefined);
}

/**
 * @internal {@link loggingMiddleware} with the header view passed in.
 */
export function logAttempts(logger: Logger, headersOf?: (headers: Record<string, string>) => Record<string, string>): Middleware {
  return heedsSignal((next) => async (req) => {
    const started = Date.now();
    const fields: Record<string, unknown> = { operation: req.operation, method: req.method, url: safeUrl(req.url), attempt: req.attempt };
    if (headersOf) fields.headers = headersOf(req.headers);
    let res: WireResponse | undefined;
    try {
      return (res = await next(req));
    } catch (err) {
      fields.error = err instanceof ModelwireError ? err.toJSON() : String(err);
      throw err;
    } finally {
      fields.durationMs = Date.now() - started;
      if (res) {
        fields.status = res.status;
        fields.requestId = requestIdOf(res.headers);
      }
      try {
        logger[res && res.status < 400 ? 'debug' : 'warn']?.(
          res ? `${req.operation} answered ${res.status}` : `${req.operation} failed`,
          // the request's credentials, wherever they turn up (a custom auth header, an echoed request id)
          scrubValue(fields, secretsOfRequest(req)) as Record<string, unknown>,
        );
      } catch {
        // a logger that throws must never change the outcome of a call
      }
    }
  });
}
