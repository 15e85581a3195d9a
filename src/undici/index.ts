/**
 * `modelwire/undici`: the fast transport for Node, on `undici` (an optional peer dependency).
 * Keep-alive connection pools per origin, and timeouts that follow each call's remaining deadline.
 * @module
 */
import { Agent, type Dispatcher } from 'undici';
import { abortReason } from '../core/deadline.js';
import { ConnectionError, TimeoutError } from '../core/errors.js';
import { safeUrl, toTransportError } from '../core/transport-fetch.js';
import type { HeaderReader, Transport, WireRequest, WireResponse } from '../core/types.js';

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

type RawHeaders = Record<string, string | string[] | undefined>;

class UndiciHeaders implements HeaderReader {
  constructor(private readonly raw: RawHeaders) {}
  get(name: string): string | null {
    const v = this.raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.raw) {
      const v = this.raw[name];
      if (v !== undefined) callback(Array.isArray(v) ? v.join(', ') : v, name);
    }
  }
}

type UndiciBody = Dispatcher.ResponseData['body'];

const noop = (): void => undefined;

class UndiciResponse implements WireResponse {
  readonly headers: HeaderReader;
  #stream: ReadableStream<Uint8Array> | null | undefined;
  constructor(
    readonly status: number,
    headers: RawHeaders,
    private readonly raw: UndiciBody,
    private readonly req: WireRequest,
  ) {
    this.headers = new UndiciHeaders(headers);
  }
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream !== undefined) return this.#stream;
    const raw = this.raw;
    const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    const req = this.req;
    this.#stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(mapError(err, req));
        }
      },
      cancel() {
        // the listener keeps undici's abort 'error' event from becoming an uncaught exception
        raw.on('error', noop);
        raw.destroy();
      },
    });
    return this.#stream;
  }
  async text(): Promise<string> {
    try {
      return await this.raw.text();
    } catch (err) {
      throw mapError(err, this.req);
    }
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    try {
      return await this.raw.arrayBuffer();
    } catch (err) {
      throw mapError(err, this.req);
    }
  }
}

/**
 * The EventEmitter-shaped abort signal undici accepts, fed by the call context's callback
 * subscription instead of an EventTarget listener.
 */
class AbortEmitter {
  #listeners: Array<() => void> = [];
  aborted = false;
  constructor(private readonly req: WireRequest) {
    // Subscribing tells at once whether the call is already aborted, without making its AbortSignal.
    // The subscription lives as long as the call context, which is dropped when the call settles.
    req.onAbort!(() => {
      this.aborted = true;
      const listeners = this.#listeners;
      this.#listeners = [];
      for (const l of listeners) l();
    });
  }
  get reason(): unknown {
    return this.aborted ? this.req.signal.reason : undefined;
  }
  once(_event: 'abort', listener: () => void): this {
    this.#listeners.push(listener);
    return this;
  }
  on(event: 'abort', listener: () => void): this {
    return this.once(event, listener);
  }
  removeListener(_event: 'abort', listener: () => void): this {
    const i = this.#listeners.indexOf(listener);
    if (i >= 0) this.#listeners.splice(i, 1);
    return this;
  }
}

const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function mapError(err: unknown, req: WireRequest): Error {
  if (req.signal.aborted) return abortReason(req.signal, req.operation);
  const code = (err as { code?: string } | null)?.code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`${req.operation}: ${req.method} ${safeUrl(req.url)} timed out (${code})`, {
      cause: err,
      operation: req.operation,
      timeoutMs: req.timeoutMs ?? 0,
    });
  }
  if (code && BEFORE_SEND.has(code)) {
    return new ConnectionError(`${req.operation}: ${req.method} ${safeUrl(req.url)} failed before sending: ${code}`, {
      cause: err,
      operation: req.operation,
      requestMayHaveReachedServer: false,
    });
  }
  return toTransportError(err, req);
}

/**
 * A transport on undici's `Dispatcher.request`: pooled keep-alive connections, no web-stream
 * conversion unless the body is streamed, and headers/body timeouts derived from the call's
 * remaining deadline (no hidden 300 s cap).
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
  return async (req) => {
    dispatcher ??= new Agent({
      connections: options.connections ?? null,
      pipelining: options.pipelining ?? 1,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 60_000,
      connect: { timeout: connectTimeout },
    });
    const slash = req.url.indexOf('/', req.url.indexOf('//') + 2);
    const origin = slash < 0 ? req.url : req.url.slice(0, slash);
    const path = slash < 0 ? '/' : req.url.slice(slash);
    const timeout = req.timeoutMs !== undefined && Number.isFinite(req.timeoutMs) ? Math.max(1, Math.ceil(req.timeoutMs)) : 0;
    try {
      const res = await dispatcher.request({
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body: req.body as Dispatcher.DispatchOptions['body'],
        signal: (req.onAbort ? new AbortEmitter(req) : req.signal) as Dispatcher.RequestOptions['signal'],
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      return new UndiciResponse(res.statusCode, res.headers as RawHeaders, res.body, req);
    } catch (err) {
      throw mapError(err, req);
    }
  };
}
