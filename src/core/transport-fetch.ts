/**
 * The default transport: the runtime's web-standard `fetch`.
 * @module
 */
import { checkOptions } from './check.js';
import { abortReason } from './deadline.js';
import { ConnectionError, InvalidRequestError, ModelwireError } from './errors.js';
import { heedsSignal } from './guard.js';
import { querySecrets } from './redact.js';
import type { Transport, WireRequest } from './types.js';

/**
 * Options of {@link fetchTransport}.
 *
 * @example
 * ```ts
 * const transport = fetchTransport({ fetch: globalThis.fetch, init: { keepalive: true } });
 * ```
 */
export interface FetchTransportOptions {
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Extra `RequestInit` fields merged into every request (e.g. `{ keepalive: true }`). Redirects are
   * not followed by default (`redirect: 'manual'`), like the undici transport: a 3xx surfaces as an APIError.
   * With `redirect: 'follow'`, fetch drops `Authorization` on a redirect to another origin but sends
   * every other header on, a credential header such as `x-api-key` or `api-key` included.
   */
  init?: Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'> | undefined;
}

// an unreachable network or host proves "never sent" only when it ends the attempt to connect: an
// established connection whose peer became unreachable ends with the same codes
// (case-insensitive: ECONNREFUSED, Bun's ConnectionRefused code and the message `connection refused`)
const REFUSED = /(?:ECONN|connection ?)refused|ENOTFOUND|EAI_AGAIN|connect E(?:NET|HOST)UNREACH|UND_ERR_CONNECT_TIMEOUT/i;

/**
 * Whether an error from the network layer proves the request never reached the server
 * (connection refused, DNS failure, unreachable network while connecting).
 *
 * @example
 * ```ts
 * failedBeforeSending(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })); // true
 * ```
 */
export function failedBeforeSending(error: unknown): boolean {
  for (let e = error as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && REFUSED.test(e.syscall === 'connect' ? `connect ${e.code}` : e.code)) return true;
    if (typeof e.message === 'string' && REFUSED.test(e.message)) return true;
  }
  return false;
}

// a port the fetch standard blocks (Node: `bad port`; Deno: `Requests to port 6000 are blocked`)
const BLOCKED_PORT = /\bbad port\b|\bport \d+ (?:is|are) blocked/i;

/**
 * Maps an exception from a transport to a modelwire error: the call's abort reason when it was
 * aborted, otherwise a {@link ConnectionError} that quotes the exception's message (a URL in it
 * without query values or user info, the exception then not kept as its `cause`, nor when the
 * request has a credential in its query). A URL refused before connecting (one the URL parser
 * rejects, a scheme other than http(s), a port fetch blocks) gives `requestMayHaveReachedServer:
 * false`, as does a refused connection; with `followsRedirects` only the first two do (a blocked
 * port or a refused connection may be a redirect's, after the request went out).
 *
 * @example
 * ```ts
 * catch (err) { throw toTransportError(err, req); }
 * ```
 */
export function toTransportError(error: unknown, req: Pick<WireRequest, 'signal' | 'operation' | 'url'> & Partial<Pick<WireRequest, 'method'>>, followsRedirects = false): ModelwireError {
  if (error instanceof ModelwireError) return error;
  if (req.signal.aborted) return abortReason(req.signal, req.operation);
  if (error instanceof TypeError && /header|credentials/i.test(error.message) && !failedBeforeSending(error)) {
    // fetch rejects bad header values and URLs with credentials before sending, quoting them: never pass that text on.
    // The path is the URL's for its user info ("Request cannot be constructed from a URL that includes
    // credentials"), as the undici transport names it
    return new InvalidRequestError(`${req.operation}: invalid header value or URL, not sent (value not shown)`, {
      operation: req.operation,
      path: /credentials/i.test(error.message) ? 'url' : 'headers',
    });
  }
  // a TypeError about the URL (one that does not parse) quotes it whole, user info and query values,
  // in its message (Deno) or its cause's message and `input` (Node): neither is passed on
  const badUrl = error instanceof TypeError && /\bURL\b/.test(error.message);
  const text = badUrl ? 'invalid URL' : String((error as { cause?: { message?: string }; message?: string } | null)?.cause?.message ?? (error as Error | null)?.message ?? error);
  // a URL the runtime quotes (Deno: `error sending request for url (http://…?key=…): …`) is shown as
  // the SDK shows it, without query values or user info; an error that quotes them is not kept, nor
  // one of a request with a credential in its query (Bun's keeps the URL as its `path`)
  const detail = text.replace(/\bhttps?:\/\/\S+?(?=\)?:?(?:\s|$))/gi, safeUrl);
  const what = req.url ? `${req.method} ${safeUrl(req.url)}` : 'reading the response body';
  // refused before any connection: it reached no server (it used to say it may have)
  const refusedUrl = badUrl || (error instanceof TypeError && !!req.url && (!/^https?:/i.test(req.url) || (!followsRedirects && BLOCKED_PORT.test(text))));
  return new ConnectionError(`${req.operation}: ${what} failed${refusedUrl ? ' before sending' : ''}: ${detail}`, {
    cause: badUrl || detail !== text || querySecrets(req.url, [])[0] !== undefined ? undefined : error,
    operation: req.operation,
    // a redirect followed: a refused port or connection may be the next hop's, after the request went out
    requestMayHaveReachedServer: !refusedUrl && (followsRedirects || !failedBeforeSending(error)),
  });
}

/**
 * A URL with its query string values and user info hidden, for messages and logs. Only the
 * authority's user info is hidden: a path segment such as `//user@host` after it is kept as it is.
 *
 * @example
 * ```ts
 * safeUrl('https://u:p@x.io/a?key=s3cret'); // 'https://x.io/a?key=…'
 * ```
 */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  // user info runs to the authority's last @ (a password may hold one); only the authority's, right
  // after the scheme: a `//segment@` further on is part of the path and is kept
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^([a-z][a-z\d+.-]*:)?\/\/[^/#]*@/i, '$1//');
  if (q < 0) return path;
  return `${path}?${url.slice(q + 1).split('&').map((kv) => `${kv.split('=')[0]}=…`).join('&')}`;
}

/** Deno's `Deno.createHttpClient`, where there is one. */
type CreateHttpClient = ((options: { poolMaxIdlePerHost: number }) => unknown) | undefined;

/**
 * The default transport. Works in Node 20+, Deno, Bun, workerd, edge runtimes and browsers.
 *
 * Deno's fetch re-sends a request whose kept-alive connection is reset, even after the server read
 * it; so under Deno, unless `init.client` names a client of yours, a request that must not be
 * repeated (not idempotent, no idempotency key) or whose call said `retry: false` goes out on a
 * connection of its own. Browsers re-send such a request too, and no script can stop them
 * (docs/core.md, "The safety rule"). Throws `InvalidRequestError` (`path` = the option) for a
 * `fetch` that is not a function, an `init` that is not an object, or an option name it does not know.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000', transport: fetchTransport() });
 * ```
 */
export function fetchTransport(options: FetchTransportOptions = {}): Transport {
  // a `fetch` that is no function would fail every call as a ConnectionError, retried as never sent
  checkOptions('fetchTransport', options, 'fetch:function init:object');
  return fetchOf(options);
}

/**
 * @internal {@link fetchTransport} of checked options: a client's default transport, which has none
 * to check (so a bundle without `fetchTransport` carries no check of its options).
 *
 * @example
 * ```ts
 * const transport = options.transport ?? fetchOf();
 * ```
 */
export function fetchOf(options: FetchTransportOptions = {}): Transport {
  const init = options.init;
  let createHttpClient = (globalThis as { Deno?: { createHttpClient?: CreateHttpClient } }).Deno?.createHttpClient;
  let ownConnection: unknown;
  const transport: Transport = async (req) => {
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new ConnectionError('No fetch: pass fetchTransport({ fetch })', { operation: req.operation, requestMayHaveReachedServer: false });
    const body = req.body as BodyInit | undefined;
    const requestInit: RequestInit & { duplex?: 'half' } = { redirect: 'manual', ...init, method: req.method, headers: req.headers, body, signal: req.signal };
    if (body instanceof ReadableStream) requestInit.duplex = 'half';
    // Deno: a request that must not be repeated (or asked for no retries) gets a connection of its own (an `init.client` of yours wins)
    if (createHttpClient && (!req.idempotent || req.noRetry)) {
      try {
        (requestInit as { client?: unknown }).client ??= ownConnection ??= createHttpClient({ poolMaxIdlePerHost: 0 });
      } catch {
        createHttpClient = undefined; // a Deno host that refuses it: the shared pool, as before
      }
    }
    let res: Response;
    try {
      res = await f(req.url, requestInit);
    } catch (error) {
      throw toTransportError(error, req, requestInit.redirect !== 'manual' && requestInit.redirect !== 'error');
    }
    // a custom fetch that resolves with no response (null, a number): a ConnectionError, not a TypeError on `.status`
    if (typeof res?.status !== 'number') throw toTransportError(new Error('fetch resolved with no Response'), req);
    return res;
  };
  // the runtime's fetch stops when the signal aborts; a fetch of yours may not (src/core/guard.ts)
  return options.fetch ? transport : heedsSignal(transport);
}
