/**
 * `modelwire/undici`: the fast transport for Node, on `undici` (an optional peer dependency).
 * Keep-alive connection pools per origin, and timeouts that follow each call's remaining deadline.
 * @module
 */
import { Agent, type Dispatcher } from 'undici';
import { MAX_TIMER_MS } from '../core/deadline.js';
import type { Transport } from '../core/types.js';
import { dispatchRequest } from './response.js';

/**
 * Options of {@link undiciTransport}.
 *
 * @example
 * ```ts
 * undiciTransport({ connections: 64, keepAliveTimeoutMs: 30_000 });
 * ```
 */
export interface UndiciTransportOptions {
  /** Your own dispatcher (proxy, mTLS, mock). When given, the pool options below are ignored. */
  dispatcher?: Dispatcher | undefined;
  /** Most connections per origin (default: unlimited). */
  connections?: number | undefined;
  /** Requests pipelined per connection (default 1). */
  pipelining?: number | undefined;
  /** How long an idle connection is kept (default 60 000 ms). */
  keepAliveTimeoutMs?: number | undefined;
  /** Longest wait for a TCP/TLS connection (default 10 000 ms, and never beyond the call's deadline). */
  connectTimeoutMs?: number | undefined;
}

/** The origin ends where the path, query or fragment begins (`http://h?x=1` asks for `/?x=1`); a fragment is not sent. */
function splitUrl(url: string): { origin: string; path: string } {
  // a space or a non-ASCII character: let the URL parser encode it, as fetch does (undici sends a path as it is)
  if (/[^\x21-\x7e]/.test(url)) {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname + u.search };
  }
  let end = url.indexOf('//') + 2;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  const hash = url.indexOf('#', end);
  const rest = hash < 0 ? url.slice(end) : url.slice(end, hash);
  return { origin: url.slice(0, end), path: rest.charCodeAt(0) === 47 ? rest : `/${rest}` };
}

/**
 * A transport on undici's `Dispatcher.dispatch`: pooled keep-alive connections, bodies collected
 * as buffers (no Node stream per response; a web stream only when the body is streamed), aborts
 * through a callback rather than an AbortSignal listener, and headers/body timeouts derived from
 * the call's remaining deadline (no hidden 300 s cap).
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { undiciTransport } from 'modelwire/undici';
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000', transport: undiciTransport() });
 * ```
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  let dispatcher = options.dispatcher;
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  return (req) => {
    dispatcher ??= new Agent({
      connections: options.connections ?? null,
      pipelining: options.pipelining ?? 1,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
      connect: { timeout: connectTimeout },
    });
    const { origin, path } = splitUrl(req.url);
    // undici's timers, like setTimeout, fire at once past MAX_TIMER_MS; the call's own deadline covers the rest
    const timeout = req.timeoutMs !== undefined && Number.isFinite(req.timeoutMs) ? Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(req.timeoutMs))) : 0;
    return dispatchRequest(
      dispatcher,
      {
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body: req.body as Dispatcher.DispatchOptions['body'],
        headersTimeout: timeout,
        bodyTimeout: timeout,
      },
      req,
    );
  };
}
