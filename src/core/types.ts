/**
 * Wire-level types shared by every transport, middleware and platform operation.
 * @module
 */

/**
 * HTTP methods the SDK sends. `QUERY` (safe and idempotent, with a body) is used by Replicate's model search.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'POST';
 * ```
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'QUERY';

/**
 * Read-only view of response headers; a fetch `Headers` object satisfies it.
 *
 * @example
 * ```ts
 * const headers: HeaderReader = new Headers({ 'x-request-id': 'abc' });
 * headers.get('X-Request-Id'); // 'abc'
 * ```
 */
export interface HeaderReader {
  /** Value of a header (case-insensitive), or `null` when absent. */
  get(name: string): string | null;
  /** Visits every header with its lower-case name. */
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * One HTTP request as a transport sees it. Built by an operation, passed down the middleware chain.
 *
 * @example
 * ```ts
 * const req: WireRequest = {
 *   method: 'GET', url: 'http://127.0.0.1:8000/v2/health/ready', headers: {},
 *   signal: AbortSignal.timeout(1000), idempotent: true, operation: 'oip.serverReady', attempt: 1,
 * };
 * ```
 */
export interface WireRequest {
  /** HTTP method. */
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Request body: text, bytes, or a stream (a streamed body is never retried). */
  body?: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
  /**
   * Aborts when the caller aborts or the call's deadline passes. On a request the client built, the
   * signal is made on first read (a transport that uses `onAbort` never pays for one); a spread
   * (`{ ...req }`) reads it and copies it as a value.
   */
  signal: AbortSignal;
  /**
   * Subscribes to the abort of `signal` without adding an event listener to it; transports that
   * can use a callback (undici) prefer it because listeners on a fresh AbortSignal are costly.
   * Returns the unsubscribe function.
   */
  onAbort?: ((callback: () => void) => () => void) | undefined;
  /** Milliseconds left before the call's deadline; transports derive their own timeouts from it. */
  timeoutMs?: number | undefined;
  /** True when repeating the request cannot duplicate work (safe method, declared-idempotent operation or idempotency key). */
  idempotent: boolean;
  /** Stable operation name, e.g. `oip.infer`; used in logs, errors and hooks. */
  operation: string;
  /**
   * 1 for the first attempt, 2 for the first retry, and so on. The retry middleware numbers its
   * attempts on from it: a stream's reconnect after a drop is sent as a later attempt of the call,
   * so its own retries count against the same `maxRetries`.
   */
  attempt: number;
  /**
   * Statuses with which the platform refuses a request before doing any work (e.g. Replicate's 429):
   * such an answer is retried even when the request is not idempotent.
   */
  refusedBeforeWork?: readonly number[] | undefined;
  /**
   * The caller reads the whole body as text: the retry policy reads it inside the attempt, so a body
   * that breaks half-way is a failed attempt like any other (same allowance, same hook).
   */
  bufferBody?: boolean | undefined;
  /**
   * The caller reads a stream's first event within the attempt (a 2xx answer): the retry policy
   * awaits it, so a stream dropped before its first event is a failed attempt like any other.
   */
  prime?: ((response: WireResponse) => Promise<void>) | undefined;
  /** The call asked for no retries (`retry: false`): the retry policy makes its one attempt (a success refills the budget) and repeats nothing. */
  noRetry?: boolean | undefined;
  /**
   * The headers of a retried attempt, from the time it has left and the first attempt's headers,
   * for headers that depend on the time left (Replicate's `Prefer: wait`, which must fit the deadline).
   */
  timedHeaders?: ((timeoutMs: number, headers: Readonly<Record<string, string>>) => Record<string, string>) | undefined;
}

/**
 * One HTTP response as a transport returns it. A fetch `Response` satisfies this interface.
 *
 * @example
 * ```ts
 * const res: WireResponse = await fetchTransport()(req);
 * if (res.status === 200) console.log(await res.text());
 * ```
 */
export interface WireResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers, read by name in any case (`get('x-request-id')`). */
  readonly headers: HeaderReader;
  /** The body as a web stream, or `null` when there is none. Read it once. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /**
   * Reads the whole body as bytes: a buffer of the caller's own, as fetch's is (an OIP binary
   * answer's outputs are moved within it to be viewed rather than copied), not one the transport keeps.
   */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Sends one request. Implementations: `fetchTransport()` (every runtime) and `undiciTransport()` (Node).
 *
 * @example
 * ```ts
 * const transport: Transport = fetchTransport();
 * ```
 */
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/**
 * A function that sends a request and returns its response; what middleware wraps.
 *
 * @example
 * ```ts
 * const timed: Middleware = (next: Handler): Handler => async (req) => {
 *   const start = Date.now();
 *   try { return await next(req); } finally { console.log(req.operation, Date.now() - start, 'ms'); }
 * };
 * ```
 */
export type Handler = (request: WireRequest) => Promise<WireResponse>;

/**
 * Cross-cutting behaviour around a handler: `(next) => (request) => response`.
 *
 * @example
 * ```ts
 * const tag: Middleware = (next) => (req) => next({ ...req, headers: { ...req.headers, 'x-team': 'search' } });
 * ```
 */
export type Middleware = (next: Handler) => Handler;

/**
 * How results are checked against their schema. `strict` drops unknown fields, `passthrough` keeps them, `off` skips the check.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL, validation: 'passthrough' });
 * ```
 */
export type ValidationMode = 'strict' | 'passthrough' | 'off';
