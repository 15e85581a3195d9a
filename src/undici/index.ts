/**
 * `modelwire/undici`: the fast transport for Node, on `undici` (an optional peer dependency).
 * Keep-alive connection pools per origin, and timeouts that follow each call's remaining deadline.
 * @module
 */
import { Agent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { MAX_TIMER_MS } from '../core/deadline.js';
import { checkNumber, checkOptions } from '../core/check.js';
import { InvalidRequestError } from '../core/errors.js';
import { heedsSignal } from '../core/guard.js';
import type { Transport } from '../core/types.js';
import { mapUndiciError, optionRefused } from './errors.js';
import { noProxyMatcher } from './no-proxy.js';
import { dispatchRequest } from './response.js';

/**
 * A proxy with the `Proxy-Authorization` value to send it (e.g. `Bearer …` or `Basic …`), for
 * {@link UndiciTransportOptions.proxy}.
 *
 * @example
 * ```ts
 * const proxy: UndiciProxy = { uri: 'http://proxy.internal:3128', token: `Bearer ${process.env.PROXY_TOKEN}` };
 * ```
 */
export interface UndiciProxy {
  /** The proxy's URL, `http:` or `https:`. */
  uri: string | URL;
  /** The `Proxy-Authorization` header value (never in an error, a log or a serialised object). */
  token?: string | undefined;
}

/**
 * Options of {@link undiciTransport}.
 *
 * @example
 * ```ts
 * undiciTransport({ connections: 64, keepAliveTimeoutMs: 30_000 });
 * ```
 */
export interface UndiciTransportOptions {
  /**
   * Your own dispatcher (proxy, mTLS, mock). When given, the pool options below are not used (they
   * are still checked).
   */
  dispatcher?: Dispatcher | undefined;
  /**
   * An HTTP or HTTPS proxy every request goes through (but those to the servers of `noProxy`), in a
   * CONNECT tunnel (kept alive and reused like any connection): its URL (a `user:password@` in it is
   * sent as Basic credentials) or an {@link UndiciProxy}. Each step of opening a tunnel (reaching the
   * proxy, its answer to CONNECT, TLS to the server) waits at most `connectTimeoutMs`; the pool
   * options apply. Not with `dispatcher`. `undefined`, `null` and `''` (the variable set but empty)
   * are no proxy.
   */
  proxy?: string | URL | UndiciProxy | undefined;
  /**
   * Servers reached directly, not through `proxy`, in the `NO_PROXY` syntax: entries separated by
   * commas or white space, each `*` (every server), `example.com` or `.example.com` (the host and its
   * subdomains), `*.example.com` (its subdomains only), an IP address (`127.0.0.1`, `::1`), any of
   * these with `:port` (that port only; `[::1]:8443`), or a CIDR range (`10.0.0.0/8`). Compared with
   * the host as the URL writes it, case and a trailing dot aside (no DNS lookup: `localhost` is not
   * `127.0.0.1`). The environment is not read: pass `process.env.NO_PROXY`. Checked even without a
   * `proxy` (then every request goes direct anyway); not with `dispatcher`.
   *
   * @example
   * ```ts
   * undiciTransport({ proxy: process.env.HTTPS_PROXY, noProxy: process.env.NO_PROXY }); // e.g. 'localhost,127.0.0.1,.svc.cluster.local'
   * ```
   */
  noProxy?: string | undefined;
  /** Most connections per origin: a whole number ≥ 1, or `Infinity` (the default) for no limit. */
  connections?: number | undefined;
  /**
   * Requests pipelined per connection: a whole number ≥ 0 (default 1; 0 = no keep-alive). Above 1, a
   * request may wait behind a slower answer on its connection (HTTP/1.1 answers in order), but never
   * behind an event stream: a stream's connection takes no further request, and closes after it.
   */
  pipelining?: number | undefined;
  /**
   * How long an idle connection is kept: a number from 1 to 2^31 − 1 ms (default 4 000 ms, undici's
   * own). Servers that close idle connections after 5 s without a `Keep-Alive` hint (uvicorn: vLLM,
   * MLServer, KServe's Python server) would otherwise race the next request on a closing socket. Raise
   * it for servers that keep connections longer (most proxies and load balancers: 60 s or more).
   */
  keepAliveTimeoutMs?: number | undefined;
  /**
   * Longest wait for a TCP/TLS connection, in ms (default 10 000; the call's deadline bounds it
   * too). `0`, `Infinity` or more than 2^31 − 1 (which no timer can wait) for no limit of its own.
   */
  connectTimeoutMs?: number | undefined;
}

/** Numeric options: name, smallest value, largest value, whole numbers only. */
const NUMBER_OPTIONS: readonly (readonly [keyof UndiciTransportOptions, number, number, boolean])[] = [
  ['connections', 1, Infinity, true],
  ['pipelining', 0, Number.MAX_SAFE_INTEGER, true],
  ['keepAliveTimeoutMs', 1, MAX_TIMER_MS, false],
  ['connectTimeoutMs', 0, Infinity, false],
];


/** Refuses nonsensical pool options when the transport is made, naming the option (undici would report them at the first request, as a bad header). */
function checkTransportOptions(options: UndiciTransportOptions): void {
  // a misspelt option (`connection`) would leave its default in force
  checkOptions('undiciTransport', options, 'dispatcher proxy noProxy connections pipelining keepAliveTimeoutMs connectTimeoutMs');
  for (const [path, min, max, whole] of NUMBER_OPTIONS) {
    checkNumber('undiciTransport', path, options[path], min, max, whole);
  }
  const given = options.dispatcher; // null reads as undefined: the default Agent
  if (given != null && typeof (given as Partial<Dispatcher>).dispatch !== 'function') {
    throw optionRefused('dispatcher', 'dispatcher has no dispatch() method: pass an undici Dispatcher (Agent, Pool, ProxyAgent, …)');
  }
  if (options.proxy != null) {
    if (given != null) throw optionRefused('proxy', 'give either proxy or dispatcher, not both (a dispatcher of yours can be a ProxyAgent)');
    checkProxy(options.proxy);
  }
  if (options.noProxy != null && given != null) throw optionRefused('noProxy', 'give noProxy with proxy, not with a dispatcher (which chooses its own routes)');
  // Bun resolves `undici` to a built-in stand-in whose Agent cannot dispatch
  if (given == null && typeof Agent?.prototype?.dispatch !== 'function') {
    throw optionRefused('dispatcher', "the runtime's `undici` has an Agent without dispatch() (Bun's built-in stand-in): use fetchTransport(), the default, there");
  }
}

/** Refuses a proxy undici could not use, without quoting its credentials. */
function checkProxy(proxy: NonNullable<UndiciTransportOptions['proxy']>): void {
  if (typeof proxy === 'object' && !(proxy instanceof URL)) checkOptions('undiciTransport', proxy, 'uri token', 'proxy');
  const { uri, token } = proxyParts(proxy);
  // a line break in it would be refused by undici at every call, as a bad header
  if (token !== undefined && !(typeof token === 'string' && !/[\r\n\0]/.test(token))) {
    throw optionRefused('proxy', 'token must be a string without line breaks (the Proxy-Authorization value; value not shown)');
  }
  // not a URL: said without its text, which may hold credentials
  if (!URL.canParse(String(uri))) throw optionRefused('proxy', 'proxy is not a URL (value not shown)');
  // the scheme only: the rest of a URL of another kind may be anything, credentials included
  const { protocol } = new URL(String(uri));
  if (protocol !== 'http:' && protocol !== 'https:') throw optionRefused('proxy', `proxy must be an http: or https: URL, got a ${protocol} one`);
}

/** A proxy option as its URL and token. */
function proxyParts(proxy: NonNullable<UndiciTransportOptions['proxy']>): UndiciProxy {
  return typeof proxy === 'object' && !(proxy instanceof URL) ? proxy : { uri: proxy };
}

/** The transport's own dispatcher: an Agent, or a ProxyAgent to `proxy` whose tunnels are bounded by the connect timeout. */
function ownDispatcher(options: UndiciTransportOptions, connectTimeout: number, proxy: UndiciTransportOptions['proxy'] | null = options.proxy): Dispatcher {
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? 4_000;
  const pool = {
    connections: options.connections === undefined || options.connections === Infinity ? null : options.connections,
    pipelining: options.pipelining ?? 1,
    keepAliveTimeout,
    // a server's longer `Keep-Alive: timeout=` hint would otherwise keep idle sockets up to 600 s
    keepAliveMaxTimeout: keepAliveTimeout,
  };
  if (proxy == null) return new Agent({ ...pool, connect: { timeout: connectTimeout } });
  const { uri, token } = proxyParts(proxy);
  const step = { timeout: connectTimeout };
  return new ProxyAgent({
    ...pool,
    uri: String(uri),
    token,
    // a tunnel for http: servers too, on every undici major (8 forwards their requests to the proxy by default)
    proxyTunnel: true,
    proxyTls: step,
    requestTls: step,
    // the proxy's answer to CONNECT: undici would wait 300 s for it, holding the socket after the call ended
    clientFactory: (origin, opts) => new Pool(origin, { ...opts, headersTimeout: connectTimeout }),
  });
}

/** A URL as the URL parser reads it; `undefined` when it carries credentials, which fetch refuses to send. */
function parsedUrl(url: string): { origin: string; path: string } | undefined {
  const u = new URL(url);
  return u.username || u.password ? undefined : { origin: u.origin, path: u.pathname + u.search };
}

/**
 * The origin ends where the path, query or fragment begins (`http://h?x=1` asks for `/?x=1`); a
 * fragment is not sent. `undefined` for a URL with credentials; throws the parser's TypeError for
 * a URL it rejects.
 */
function splitUrl(url: string): { origin: string; path: string } | undefined {
  // what the URL parser would rewrite (a space or non-ASCII character, a character it percent-encodes,
  // a backslash, a `.` or `..` segment): let it, as fetch does (undici sends a path as it is)
  if (/[^\x21-\x7e]|["'<>\\`{}]|\/(?:\.|%2e)/i.test(url)) return parsedUrl(url);
  let end = url.indexOf('//') + 2;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    // user info: undici would drop it and send the request anyway
    if (c === 64 /* @ */) return parsedUrl(url);
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
 * the call's remaining deadline (no hidden 300 s cap). Throws {@link InvalidRequestError}
 * (`path` = the option) at once for a numeric option out of range (NaN, negative, a fraction of a
 * connection), rather than at the first request, and (`path: 'dispatcher'`) for a `dispatcher`
 * without a `dispatch()` method, or where `undici` cannot dispatch at all: Bun resolves the
 * `undici` import to its own stand-in, so use `fetchTransport()` (the default) there;
 * (`path: 'proxy'`) for a `proxy` that is not an http: or https: URL, or given with a `dispatcher`,
 * or whose `token` holds a line break; (`path: 'noProxy'`) for a `noProxy` entry it cannot read, or
 * a `noProxy` with a `dispatcher`; and (`path` = the name) for an option name it does not know.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { undiciTransport } from 'modelwire/undici';
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000', transport: undiciTransport() });
 * const proxied = undiciTransport({ proxy: { uri: 'http://proxy.internal:3128', token: `Bearer ${process.env.PROXY_TOKEN}` } });
 * const fromEnv = undiciTransport({ proxy: process.env.HTTPS_PROXY, noProxy: process.env.NO_PROXY });
 * ```
 */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  // HTTPS_PROXY set but empty means no proxy, as curl and undici's EnvHttpProxyAgent read it
  if (options?.proxy === '') options = { ...options, proxy: undefined };
  checkTransportOptions(options);
  const noProxy = noProxyMatcher(options.noProxy);
  // the servers reached without the proxy, when there is one
  const goesDirect = options.proxy == null ? undefined : noProxy;
  let dispatcher = options.dispatcher;
  let direct: Dispatcher | undefined;
  const connectMs = options.connectTimeoutMs ?? 10_000;
  // undici reads 0 as no connect timeout; a longer timer would fire at once
  const connectTimeout = connectMs > MAX_TIMER_MS ? 0 : connectMs;
  // HTTP/1.1 answers in order: a request pipelined behind an event stream would wait for the whole
  // stream, so with pipelining on, a stream's connection takes no further request (and then closes)
  const streamsAlone = options.dispatcher == null && (options.pipelining ?? 1) > 1;
  // it stops, body reads included, when the call ends (src/core/guard.ts)
  return heedsSignal((req) => {
    let target: ReturnType<typeof splitUrl>;
    let via: Dispatcher;
    try {
      target = splitUrl(req.url);
      via =
        target && goesDirect?.(target.origin)
          ? (direct ??= ownDispatcher(options, connectTimeout, null))
          : (dispatcher ??= ownDispatcher(options, connectTimeout));
    } catch (err) {
      // a URL the parser rejects: a ConnectionError as on the fast path (undici's) and from fetch, its text not quoted
      // ('queued': it was never sent, which a later phase would deny)
      return Promise.reject(mapUndiciError(err, req, 'queued'));
    }
    // fetch refuses a URL with credentials, before sending
    if (target === undefined) return Promise.reject(new InvalidRequestError(`${req.operation}: URL with credentials, not sent (value not shown)`, { operation: req.operation, path: 'url' }));
    const { origin, path } = target;
    // undici's timers, like setTimeout, fire at once past MAX_TIMER_MS; the call's own deadline covers the rest.
    // Past 1 s undici counts on a coarse clock (499 ms ticks, from the tick before it started) that can
    // fire up to a tick early: a second more, so the call's own deadline ends it first and undici's is a backstop
    let timeout = req.timeoutMs !== undefined && Number.isFinite(req.timeoutMs) ? Math.max(1, Math.ceil(req.timeoutMs)) : 0;
    if (timeout > 1_000) timeout = Math.min(MAX_TIMER_MS, timeout + 1_000);
    return dispatchRequest(
      via,
      {
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body: req.body as Dispatcher.DispatchOptions['body'],
        headersTimeout: timeout,
        bodyTimeout: timeout,
        reset: streamsAlone && /event-stream/i.test(req.headers.accept ?? ''),
      },
      req,
    );
  });
}
