/**
 * The undici transport's response: a `Dispatcher.dispatch` handler that is also the
 * {@link WireResponse}. Bodies read whole (`text()`, `arrayBuffer()`) are collected as buffers with
 * no Node stream in between; a web `ReadableStream` is made only when `body` is asked for, and it
 * applies backpressure by pausing the socket once 64 KiB are queued. Internal to `modelwire/undici`.
 */
import type { Dispatcher } from 'undici';
import type { HeaderReader, WireRequest, WireResponse } from '../core/types.js';
import { mapUndiciError } from './errors.js';

type RawHeaders = Record<string, string | string[] | undefined>;

class UndiciHeaders implements HeaderReader {
  readonly #raw: RawHeaders;
  constructor(raw: RawHeaders) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const v = this.#raw[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.#raw) {
      const v = this.#raw[name];
      if (v !== undefined) callback(Array.isArray(v) ? v.join(', ') : v, name);
    }
  }
}

/**
 * Bytes the body stream queues before the socket is paused, as in undici's own body stream: with
 * the web streams' default of one chunk, every chunk paused the socket and waited a turn of the
 * event loop to resume it.
 */
const BODY_HIGH_WATER_MARK = 64 * 1024;
const chunkBytes = (chunk: Uint8Array): number => chunk.byteLength;
const EMPTY = new UndiciHeaders({});

/**
 * Dispatches one request. Resolves with the response once its status and headers arrived; the
 * body keeps arriving into it.
 */
export function dispatchRequest(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, req: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => DispatchResponse.dispatch(dispatcher, options, req, resolve, reject));
}

class DispatchResponse implements WireResponse, Dispatcher.DispatchHandler {
  status = 0;
  headers: HeaderReader = EMPTY;
  #controller: Dispatcher.DispatchController | undefined;
  #unsubscribe: (() => void) | undefined;
  #resolve: ((res: WireResponse) => void) | undefined;
  #reject: ((err: Error) => void) | undefined;
  #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | undefined;
  #whole: { resolve: () => void; reject: (err: Error) => void } | undefined;
  #stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** The call was aborted: the body fails at once, even with data queued. */
  #aborted = false;
  /** A failure after data the reader has not taken yet: raised once that data was read. */
  #lateError: Error | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;

  /** The request, kept private: its headers carry the credential (never on a serialised response). */
  readonly #req: WireRequest;

  private constructor(req: WireRequest, resolve: (res: WireResponse) => void, reject: (err: Error) => void) {
    this.#req = req;
    this.#resolve = resolve;
    this.#reject = reject;
    if (req.onAbort) this.#unsubscribe = req.onAbort(() => this.#abort());
    else if (req.signal.aborted) this.#abort();
    else {
      // removed like the onAbort subscription (end, failure, body cancelled): a long-lived signal
      // must not keep one listener, and this response, per request
      const signal = req.signal;
      const onAbort = (): void => this.#abort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#unsubscribe = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /** Dispatches `req` with a new response as its handler; a call aborted already opens no connection. */
  static dispatch(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, req: WireRequest, resolve: (res: WireResponse) => void, reject: (err: Error) => void): void {
    const handler = new DispatchResponse(req, resolve, reject);
    if (handler.#error === undefined) dispatcher.dispatch(options, handler);
  }

  #abort(): void {
    this.#aborted = true;
    const reason = mapUndiciError(undefined, this.#req);
    if (this.#controller) this.#controller.abort(reason);
    else this.#fail(reason);
  }

  // ---- Dispatcher.DispatchHandler ----

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // aborted before undici started it: the abort subscription has already failed this response
    if (this.#error) controller.abort(this.#error);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: RawHeaders): void {
    if (statusCode < 200) return; // informational (1xx)
    this.status = statusCode;
    this.headers = new UndiciHeaders(headers);
    const resolve = this.#resolve;
    this.#resolve = this.#reject = undefined;
    resolve?.(this);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Uint8Array): void {
    if (this.#error) {
      if (!controller.aborted) controller.abort(this.#error);
      return;
    }
    const stream = this.#stream;
    if (stream) {
      stream.enqueue(chunk);
      if ((stream.desiredSize ?? 1) <= 0) controller.pause();
    } else if (this.#body === undefined) {
      this.#chunks.push(chunk);
    } else if (!controller.aborted) {
      // the body stream was cancelled: drop what still arrives and stop the transfer
      controller.abort(new Error('response body cancelled'));
    }
  }

  onResponseEnd(): void {
    this.#ended = true;
    this.#unsubscribe?.();
    this.#whole?.resolve();
    if (this.#stream) {
      this.#stream.close();
      this.#stream = undefined;
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.#fail(mapUndiciError(err, this.#req));
  }

  #fail(err: Error): void {
    if (this.#error || this.#ended) return;
    this.#error = err;
    this.#unsubscribe?.();
    const reject = this.#reject;
    this.#resolve = this.#reject = undefined;
    reject?.(err);
    this.#whole?.reject(err);
    if (this.#stream) this.#errorAfterQueued(this.#stream, err);
    this.#stream = undefined;
  }

  /**
   * Fails the body stream, but only after the data already queued in it was read: a connection
   * that drops right after the last event (an SSE `[DONE]`) must not take those events with it.
   * An abort fails it at once.
   */
  #errorAfterQueued(stream: ReadableStreamDefaultController<Uint8Array>, err: Error): void {
    if (this.#aborted || stream.desiredSize === BODY_HIGH_WATER_MARK) stream.error(err);
    else this.#lateError = err; // pull() raises it once the queue is empty
  }

  // ---- WireResponse ----

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body !== undefined) return this.#body;
    const buffered = this.#chunks;
    this.#chunks = [];
    const underlying: UnderlyingDefaultSource<Uint8Array> = {
      start: (controller) => {
        for (const chunk of buffered) controller.enqueue(chunk);
        if (this.#error) this.#errorAfterQueued(controller, this.#error);
        else if (this.#ended) controller.close();
        else this.#stream = controller;
      },
      pull: (controller) => {
        if (this.#lateError && controller.desiredSize === BODY_HIGH_WATER_MARK) return controller.error(this.#lateError);
        // resume outside the parser's callbacks: undici must not re-enter its parser from here
        if (this.#controller?.paused) setImmediate(() => this.#controller?.resume());
      },
      cancel: () => {
        this.#stream = undefined;
        if (!this.#ended && !this.#error) this.#controller?.abort(new Error('response body cancelled'));
        this.#unsubscribe?.();
      },
    };
    this.#body = new ReadableStream<Uint8Array>(underlying, { highWaterMark: BODY_HIGH_WATER_MARK, size: chunkBytes });
    return this.#body;
  }

  async #readAll(): Promise<Uint8Array[]> {
    if (this.#body !== undefined) throw new TypeError('the response body was already read as a stream');
    if (!this.#ended) {
      if (this.#error) throw this.#error;
      await new Promise<void>((resolve, reject) => (this.#whole = { resolve, reject }));
    }
    const chunks = this.#chunks;
    this.#chunks = [];
    return chunks;
  }

  async text(): Promise<string> {
    const chunks = await this.#readAll();
    if (chunks.length === 1) return (chunks[0] as Buffer).toString('utf8');
    return Buffer.concat(chunks).toString('utf8');
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.concat(await this.#readAll());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}
