/**
 * The undici transport's response: a `Dispatcher.dispatch` handler that is also the
 * {@link WireResponse}. Bodies read whole (`text()`, `arrayBuffer()`) are collected as buffers with
 * no Node stream in between; a web `ReadableStream` is made only when `body` is asked for, and it
 * applies backpressure by pausing the socket once 64 KiB are queued (as it does for a body nobody has
 * asked for yet). Internal to `modelwire/undici`.
 */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
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
    const key = name.toLowerCase();
    // undici's headers are a plain object: `constructor` and `__proto__` are no headers of the answer
    const v = Object.hasOwn(this.#raw, key) ? this.#raw[key] : undefined;
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.#raw) {
      const v = this.#raw[name];
      if (v === undefined) continue;
      // as fetch's Headers: each set-cookie on its own (a cookie's Expires date has a comma in it)
      if (Array.isArray(v) && name === 'set-cookie') for (const cookie of v) callback(cookie, name);
      else callback(Array.isArray(v) ? v.join(', ') : v, name);
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
const NO_BYTES = Buffer.alloc(0);

/** Statuses whose response has no body, as fetch's `Response.body` is `null` for them (and for HEAD). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type Coding = 'gzip' | 'deflate' | 'br' | 'zstd';
const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

/** node:zlib's zstd (Node 22.15+, 23.8+; not in @types/node 20). fetch (undici 7) undoes zstd where it exists. */
interface ZstdZlib {
  createZstdDecompress(options: object): zlib.Inflate;
  zstdDecompress(buffer: Buffer, options: object, callback: (error: Error | null, result: Buffer) => void): void;
  constants: { ZSTD_e_continue: number; ZSTD_e_end: number };
}
const zstd = typeof (zlib as unknown as Partial<ZstdZlib>).createZstdDecompress === 'function' ? (zlib as unknown as ZstdZlib) : undefined;
const ZSTD_FLUSH = zstd && { flush: zstd.constants.ZSTD_e_continue, finishFlush: zstd.constants.ZSTD_e_end };
const unzstd = zstd && promisify(zstd.zstdDecompress);

/** fetch refuses a response with more content codings than this (resource exhaustion; curl's CVE-2022-32206). */
const MAX_CODINGS = 5;

/**
 * The content codings to undo, in the order to undo them, as fetch does: none when one of them is
 * unknown (the body is then passed on as it came). More than {@link MAX_CODINGS} throw, as fetch
 * fails such a response.
 */
function codingsOf(header: string | null): Coding[] {
  if (!header) return [];
  const listed = header.toLowerCase().split(',');
  if (listed.length > MAX_CODINGS) throw new Error(`too many content-encodings in response: ${listed.length}, maximum allowed is ${MAX_CODINGS}`);
  const codings: Coding[] = [];
  for (const raw of listed.reverse()) {
    // as fetch: `identity` (only meaningful as the whole header, where nothing is undone either) and
    // an empty entry are unknown codings like any other
    const c = raw.trim();
    if (c === 'gzip' || c === 'x-gzip') codings.push('gzip');
    else if (c === 'deflate' || c === 'br' || (c === 'zstd' && zstd)) codings.push(c);
    else return [];
  }
  return codings;
}

const ZLIB_FLUSH = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_FLUSH = { flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/** Whether a deflate body starts with a zlib header; without one it is raw deflate, which fetch also accepts. */
const zlibWrapped = (first: number | undefined): boolean => ((first ?? 0) & 0x0f) === 0x08;

/** Undoes the content codings of a body read whole. */
async function decodeWhole(bytes: Buffer, codings: readonly Coding[]): Promise<Buffer> {
  for (const c of codings) {
    if (c === 'gzip') bytes = await gunzip(bytes, ZLIB_FLUSH);
    else if (c === 'br') bytes = await brotli(bytes, BROTLI_FLUSH);
    else if (c === 'zstd') bytes = await unzstd!(bytes, ZSTD_FLUSH!);
    else bytes = zlibWrapped(bytes[0]) ? await inflate(bytes, ZLIB_FLUSH) : await inflateRaw(bytes, ZLIB_FLUSH);
  }
  return bytes;
}

/** The zlib stream that undoes `coding`; a deflate body's first byte tells zlib-wrapped from raw. */
function zlibDecoder(coding: Coding, first: number | undefined): zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress {
  if (coding === 'gzip') return zlib.createGunzip(ZLIB_FLUSH);
  if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_FLUSH);
  if (coding === 'zstd') return zstd!.createZstdDecompress(ZSTD_FLUSH!);
  return zlibWrapped(first) ? zlib.createInflate(ZLIB_FLUSH) : zlib.createInflateRaw(ZLIB_FLUSH);
}

/** A web transform stream that undoes one content coding of a streamed body. */
function decoderStream(coding: Coding): TransformStream<Uint8Array, Uint8Array> {
  let z: ReturnType<typeof zlibDecoder> | undefined;
  let failed: Error | undefined;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!z) {
        z = zlibDecoder(coding, chunk[0]);
        // the stream may already be cancelled or failed when zlib hands over its last bytes
        z.on('data', (d: Buffer) => {
          if (!failed) {
            try {
              controller.enqueue(d);
            } catch {
              /* cancelled */
            }
          }
        });
        z.on('error', (err: Error) => {
          if (failed) return;
          failed = err;
          try {
            controller.error(err);
          } catch {
            /* cancelled */
          }
        });
      }
      const zs = z;
      return new Promise<void>((resolve, reject) => zs.write(chunk, () => (failed ? reject(failed) : resolve())));
    },
    flush() {
      const zs = z;
      if (!zs) return;
      return new Promise<void>((resolve, reject) => {
        zs.once('end', resolve);
        zs.once('error', reject);
        zs.end();
      });
    },
  });
}

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
  /** Bytes in `#chunks` before anyone asked for the body: past the high-water mark the socket is paused. */
  #held = 0;
  #ended = false;
  #error: Error | undefined;
  #whole: { resolve: () => void; reject: (err: Error) => void } | undefined;
  #stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** The call was aborted: the body fails at once, even with data queued. */
  #aborted = false;
  /** A failure after data the reader has not taken yet: raised once that data was read. */
  #lateError: Error | undefined;
  #body: ReadableStream<Uint8Array> | null | undefined;
  /** The response has no body (HEAD, 204, 304…): `body` is `null`, as on a fetch `Response`. */
  #nullBody = false;
  /** Content codings to undo (gzip, deflate, br, zstd where node:zlib has it), as fetch does. */
  #codings: Coding[] = [];
  /** `text()` or `arrayBuffer()` was called: another read is refused, as fetch refuses it. */
  #read = false;

  /** The request, kept private: its headers carry the credential (never on a serialised response). */
  readonly #req: WireRequest;
  /** The dispatcher it went to (an error names it when it is a proxy that could not be reached). */
  #via: Dispatcher | undefined;

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
    handler.#via = dispatcher;
    if (handler.#error !== undefined) return;
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      // undici's own dispatchers hand a failure to the handler; an interceptor of yours (compose())
      // or a hand-written dispatcher may throw it: typed, and the abort subscription ended, the same
      handler.#failed(err);
    }
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

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: RawHeaders): void {
    if (statusCode < 200) return; // informational (1xx)
    this.status = statusCode;
    this.headers = new UndiciHeaders(headers);
    this.#nullBody = this.#req.method === 'HEAD' || NULL_BODY_STATUSES.has(statusCode);
    if (!this.#nullBody) {
      try {
        this.#codings = codingsOf(this.headers.get('content-encoding'));
      } catch (err) {
        const error = mapUndiciError(err, this.#req);
        controller.abort(error);
        return this.#fail(error);
      }
    }
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
      // nobody asked for the body yet: hold at most what the stream would queue, as fetch does, rather than all of it
      if (!this.#whole && (this.#held += chunk.byteLength) >= BODY_HIGH_WATER_MARK) controller.pause();
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
    this.#failed(err);
  }

  /** Fails the response with undici's (or a dispatcher's) error, mapped by how far the request had come. */
  #failed(err: unknown): void {
    this.#fail(mapUndiciError(err, this.#req, this.status !== 0 ? 'answered' : this.#controller ? 'sent' : 'queued', this.#via));
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
    if (this.#nullBody) {
      this.#body = null;
      return null;
    }
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
    let body = new ReadableStream<Uint8Array>(underlying, { highWaterMark: BODY_HIGH_WATER_MARK, size: chunkBytes });
    for (const coding of this.#codings) body = body.pipeThrough(decoderStream(coding));
    this.#body = body;
    return body;
  }

  /** The whole body, decoded. Looking at `body` without reading it (as a fetch `Response` allows) does not consume it. */
  async #readAll(): Promise<Buffer> {
    if (this.#body === null || (this.#body === undefined && this.#nullBody)) return NO_BYTES;
    // fetch's TypeError: a second read would get nothing (or, while the first waits, take its wait over)
    if (this.#read) throw new TypeError('Body is unusable: Body has already been read');
    this.#read = true;
    if (this.#body !== undefined) {
      if (this.#body.locked) throw new TypeError('the response body was already read as a stream');
      const chunks: Uint8Array[] = [];
      const reader = this.#body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
      return Buffer.concat(chunks);
    }
    if (!this.#ended) {
      if (this.#error) throw this.#error;
      const whole = new Promise<void>((resolve, reject) => (this.#whole = { resolve, reject }));
      // outside undici's callbacks (a caller's read), so the parser may run the held data through at once
      this.#controller?.resume();
      await whole;
    }
    const chunks = this.#chunks;
    this.#chunks = [];
    const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    if (this.#codings.length === 0) return bytes;
    try {
      return await decodeWhole(bytes, this.#codings);
    } catch (err) {
      throw mapUndiciError(err, this.#req);
    }
  }

  async text(): Promise<string> {
    const bytes = await this.#readAll();
    // UTF-8 decode, dropping a leading byte order mark, as fetch's text() does
    const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString('utf8', start);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#readAll();
    // chunks joined (or inflated) into a buffer of their own are handed over as they are; a view
    // into a shared one (Node's buffer pool, a socket read, a zlib chunk) is copied out of it
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return (own ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  }
}
