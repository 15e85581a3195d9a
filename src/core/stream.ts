/**
 * `Stream<T>`: an async iterable of validated values parsed from server-sent events, with idle
 * timeouts, cancellation on `break`, `tee()` and `toReadableStream()`.
 * @module
 */
import { abortReason, createCallContext, type CallContext } from './deadline.js';
import { ModelwireError, StreamError, TimeoutError } from './errors.js';
import { errorMessageOf } from './response.js';
import { scrub, scrubValue } from './redact.js';
import { backoffDelay, type RetryPolicy } from './retry.js';
import { validator } from './schema.js';
import { SSEReader, type SSEEvent } from './sse.js';
import { sleep } from './sleep.js';
import { toTransportError } from './transport-fetch.js';
import { isIdempotent, secretsOf, send, type CallOptions, type Client, type RequestSpec } from './client.js';

export type { SSEEvent } from './sse.js';

/**
 * Returned by a decoder to drop an event (e.g. a keep-alive).
 *
 * @example
 * ```ts
 * const decode: EventDecoder = (e) => (e.event === 'ping' ? SKIP : defaultDecode(e));
 * ```
 */
export const SKIP: unique symbol = Symbol.for('modelwire.stream.skip') as never;
/**
 * Returned by a decoder to end the stream (e.g. `data: [DONE]`).
 *
 * @example
 * ```ts
 * const decode: EventDecoder = (e) => (e.event === 'done' ? DONE : JSON.parse(e.data));
 * ```
 */
export const DONE: unique symbol = Symbol.for('modelwire.stream.done') as never;

/**
 * Turns one event into a value, {@link SKIP}, {@link DONE}, or throws a {@link StreamError}.
 *
 * @example
 * ```ts
 * const decode: EventDecoder = (e) => (e.data === '' ? SKIP : JSON.parse(e.data));
 * ```
 */
export type EventDecoder = (event: SSEEvent) => unknown;

/**
 * A streaming request: a {@link RequestSpec} plus how events become values and how long to wait.
 *
 * @example
 * ```ts
 * const spec: StreamSpec<Chunk> = { method: 'POST', path: '/v1/chat/completions', body, schema: ChunkSchema, operation: 'openai.chat', idleTimeoutMs: 30_000 };
 * ```
 */
export interface StreamSpec<T> extends Omit<RequestSpec<T>, 'responseType'> {
  /** Event → value (default {@link defaultDecode}). */
  decode?: EventDecoder | undefined;
  /** Longest wait for the first event (default: the call deadline). */
  firstEventTimeoutMs?: number | undefined;
  /** Longest silence between two events (default: none beyond the call deadline). */
  idleTimeoutMs?: number | undefined;
  /** After a mid-stream drop, reconnect with `Last-Event-ID` when the server sent ids. */
  resume?: boolean | undefined;
}

/**
 * The default decoder: `[DONE]` ends the stream, an `error` event or a payload with an `error`
 * field (or vLLM's `object: 'error'`) throws a {@link StreamError}, anything else is parsed as JSON.
 *
 * @example
 * ```ts
 * defaultDecode({ event: undefined, data: '{"n":1}', id: undefined }); // { n: 1 }
 * ```
 */
export function defaultDecode(event: SSEEvent): unknown {
  const data = event.data;
  if (data === '[DONE]') return DONE;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    if (event.event === 'error') throw new StreamError(`stream error: ${data.slice(0, 500)}`, { event: data });
    throw new StreamError(`malformed event: ${data.slice(0, 200)}`, { event: data });
  }
  // OpenAI-style `{ error }` payloads and vLLM's `{ object: 'error', message }`
  if (event.event === 'error' || (value !== null && typeof value === 'object' && ((value as { error?: unknown }).error || (value as { object?: unknown }).object === 'error'))) {
    throw new StreamError(`stream error: ${errorMessageOf(value) ?? data.slice(0, 500)}`, { event: value });
  }
  return value;
}

/**
 * What a {@link Stream} pulls values from: `next()` for the next value, `close()` to stop and release.
 *
 * @example
 * ```ts
 * const source: StreamSource<number> = { next: async () => ({ value: 1, done: false }), close: () => undefined };
 * ```
 */
export interface StreamSource<T> {
  next(): Promise<IteratorResult<T>>;
  close(): void;
}

/**
 * A single-consumption async iterable of stream values. Breaking out of `for await`, calling
 * `abort()` or aborting the call's signal cancels the HTTP body.
 *
 * @example
 * ```ts
 * const stream = await requestStream(client, spec);
 * for await (const chunk of stream) process.stdout.write(chunk.text);
 * ```
 */
export class Stream<T> implements AsyncIterable<T> {
  readonly #source: StreamSource<T>;
  #taken = false;

  /** Wraps a pull source; use {@link requestStream} or {@link Stream.fromIterable} to make one. */
  constructor(source: StreamSource<T>) {
    this.#source = source;
  }

  /**
   * A stream over any async iterable (used by local runtimes and tests).
   *
   * @example
   * ```ts
   * const s = Stream.fromIterable((async function* () { yield 1; yield 2; })());
   * ```
   */
  static fromIterable<T>(iterable: AsyncIterable<T>): Stream<T> {
    const it = iterable[Symbol.asyncIterator]();
    return new Stream<T>({ next: () => it.next(), close: () => void it.return?.() });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#taken) throw new StreamError('This stream was already consumed; use tee() to read it twice');
    this.#taken = true;
    const source = this.#source;
    return {
      next: () => source.next(),
      return: async () => {
        source.close();
        return { value: undefined, done: true };
      },
    };
  }

  /** Stops the stream and releases the connection. */
  abort(): void {
    this.#source.close();
  }

  /**
   * Splits into two independent streams; each sees every value.
   *
   * @example
   * ```ts
   * const [forUser, forLog] = stream.tee();
   * ```
   */
  tee(): [Stream<T>, Stream<T>] {
    const it = this[Symbol.asyncIterator]();
    type Item = { result: IteratorResult<T> } | { error: unknown };
    const queues: Item[][] = [[], []];
    const open = [true, true];
    let pulling: Promise<void> | undefined;
    const deliver = (item: Item): void => {
      for (let i = 0; i < 2; i++) if (open[i]) queues[i]!.push(item);
    };
    const pull = (): Promise<void> =>
      (pulling ??= it.next().then(
        (result) => {
          pulling = undefined;
          deliver({ result });
        },
        (error: unknown) => {
          pulling = undefined;
          // both sides see the failure, then the end
          deliver({ error });
          deliver({ result: { value: undefined, done: true } });
        },
      ));
    const side = (i: number): Stream<T> =>
      new Stream<T>({
        next: async () => {
          while (queues[i]!.length === 0) await pull();
          const item = queues[i]!.shift()!;
          if ('error' in item) throw item.error;
          return item.result;
        },
        close: () => {
          open[i] = false;
          if (!open[0] && !open[1]) void it.return?.();
        },
      });
    return [side(0), side(1)];
  }

  /**
   * Re-encodes the values as SSE bytes (`data: <json>`), ending with `data: [DONE]`; an error
   * becomes a final `event: error`. Return it from an edge handler to proxy the stream.
   *
   * @example
   * ```ts
   * return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
   * ```
   */
  toReadableStream(options: { done?: string | false } = {}): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const done = options.done ?? '[DONE]';
    let it: AsyncIterator<T> | undefined;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        it ??= this[Symbol.asyncIterator]();
        try {
          const r = await it.next();
          if (!r.done) return controller.enqueue(encoder.encode(`data: ${JSON.stringify(r.value)}\n\n`));
          if (done !== false) controller.enqueue(encoder.encode(`data: ${done}\n\n`));
        } catch (err) {
          const e = err instanceof ModelwireError ? err.toJSON() : { message: String(err) };
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ error: e })}\n\n`));
        }
        controller.close();
      },
      cancel: async () => {
        await it?.return?.();
      },
    });
  }
}

/** Reads the SSE body of one call; handles idle timeouts, resume and cleanup. */
class SSEStreamSource<T> implements StreamSource<T> {
  #sse: SSEReader;
  #closed = false;
  #seenEvent = false;
  #resumes = 0;
  readonly #decode: EventDecoder;
  readonly #check: ((value: unknown) => T) | undefined;

  constructor(
    body: ReadableStream<Uint8Array>,
    readonly client: Client,
    readonly spec: StreamSpec<T>,
    readonly options: CallOptions | undefined,
    readonly ctx: CallContext,
    readonly policy: RetryPolicy,
  ) {
    this.#sse = new SSEReader(body);
    this.#decode = spec.decode ?? defaultDecode;
    this.#check = spec.schema ? validator(spec.schema, options?.validation ?? client.validation, spec.operation) : undefined;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    // events already buffered must not outlive an abort or the deadline
    if (this.ctx.aborted) return Promise.reject(this.#fail(abortReason(this.ctx.signal, this.spec.operation)));
    try {
      const buffered = this.#fromBuffer();
      if (buffered) return Promise.resolve(buffered);
    } catch (err) {
      return Promise.reject(this.#fail(err));
    }
    return this.#nextAfterRead();
  }

  /** The next result from events already parsed, or undefined when more bytes are needed. */
  #fromBuffer(): IteratorResult<T> | undefined {
    for (;;) {
      const event = this.#sse.shift();
      if (event === undefined) return this.#sse.ended ? this.#finish() : undefined;
      this.#seenEvent = true;
      const value = this.#decode(event);
      if (value === SKIP) continue;
      if (value === DONE) return this.#finish();
      return { value: this.#check ? this.#check(value) : (value as T), done: false };
    }
  }

  async #nextAfterRead(): Promise<IteratorResult<T>> {
    try {
      for (;;) {
        if (!(await this.#read())) return this.#fromBuffer() ?? this.#finish();
        const result = this.#fromBuffer();
        if (result) return result;
      }
    } catch (err) {
      throw this.#fail(err);
    }
  }

  #fail(err: unknown): unknown {
    this.close();
    const secrets = secretsOf(this.client);
    if (err instanceof StreamError && secrets.length > 0) {
      return new StreamError(scrub(err.message, secrets), {
        event: scrubValue(err.event, secrets),
        operation: err.operation ?? this.spec.operation,
        cause: err.cause,
      });
    }
    if (err instanceof ModelwireError) err.operation ??= this.spec.operation;
    return err instanceof ModelwireError ? err : this.ctx.signal.aborted ? abortReason(this.ctx.signal, this.spec.operation) : err;
  }

  async #read(): Promise<boolean> {
    const limit = this.#seenEvent ? this.spec.idleTimeoutMs : this.spec.firstEventTimeoutMs;
    try {
      if (limit === undefined) return await this.#sse.read();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const what = this.#seenEvent ? 'between two events' : 'for the first event';
          reject(new TimeoutError(`${this.spec.operation}: no data ${what} within ${limit} ms`, { operation: this.spec.operation, timeoutMs: limit }));
        }, limit);
      });
      try {
        return await Promise.race([this.#sse.read(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (err) {
      if (err instanceof TimeoutError || this.ctx.signal.aborted) throw err;
      if (await this.#resume()) return true;
      const e = toTransportError(err, { signal: this.ctx.signal, operation: this.spec.operation, method: this.spec.method, url: '' });
      throw this.#seenEvent ? new StreamError(`${this.spec.operation}: stream broke after it started: ${e.message}`, { cause: e, operation: this.spec.operation }) : e;
    }
  }

  async #resume(): Promise<boolean> {
    const id = this.#sse.lastEventId;
    if (!this.spec.resume || id === undefined || this.#resumes >= this.policy.maxRetries) return false;
    if (!isIdempotent(this.spec, this.options)) return false; // never re-send work that may not be repeated
    this.#resumes++;
    await sleep(backoffDelay(this.policy, this.#resumes), this.ctx.signal);
    const headers = { ...this.options?.headers, 'last-event-id': id };
    const res = await send(this.client, { ...this.spec, accept: this.spec.accept ?? 'text/event-stream' }, { ...this.options, headers }, this.ctx);
    if (!res.body) return false;
    const previous = this.#sse;
    this.#sse = new SSEReader(res.body);
    this.#sse.lastEventId = previous.lastEventId;
    return true;
  }

  #finish(): IteratorResult<T> {
    this.close();
    return { value: undefined, done: true };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sse.cancel();
    this.ctx.dispose();
  }

  /** Releases the connection but keeps the call's deadline running (for a retry of the open). */
  cancelBody(): void {
    this.#sse.cancel();
  }

  /** Waits until at least one event is buffered or the body ended (used before handing the stream out). */
  async primeFirstEvent(): Promise<void> {
    while (!this.#sse.ended && !this.#sse.hasBuffered()) await this.#read();
  }
}

/**
 * Opens a server-sent-event stream. It resolves once the first event has arrived, so failures
 * before it (including a connection dropped before any event) are retried under the client's
 * policy; after that, a drop ends the stream with a {@link StreamError} unless `resume` is set.
 *
 * @example
 * ```ts
 * const stream = await requestStream<Token>(client, { method: 'POST', path: '/v2/models/gpt/generate_stream', body: { text_input: 'hi' }, operation: 'oip.generateStream' });
 * for await (const token of stream) console.log(token);
 * ```
 */
export async function requestStream<T>(client: Client, spec: StreamSpec<T>, options?: CallOptions): Promise<Stream<T>> {
  const ctx = createCallContext(options?.timeoutMs ?? client.timeoutMs, options?.signal, spec.operation);
  const policy = (client as unknown as { retryPolicy: RetryPolicy }).retryPolicy;
  const wire = { ...spec, accept: spec.accept ?? 'text/event-stream', responseType: 'response' as const };
  try {
    for (let attempt = 1; ; attempt++) {
      const res = await send(client, wire, options, ctx);
      if (!res.body) throw new StreamError(`${spec.operation}: response has no body`, { operation: spec.operation });
      const source = new SSEStreamSource<T>(res.body, client, spec, options, ctx, policy);
      try {
        await source.primeFirstEvent();
        return new Stream<T>(source);
      } catch (err) {
        source.cancelBody();
        const retryable = err instanceof ModelwireError && err.code === 'connection' && options?.retry !== false && attempt <= policy.maxRetries && isIdempotent(spec, options);
        if (!retryable || !policy.budget.trySpend()) {
          if (err instanceof ModelwireError) err.attempts = Math.max(err.attempts ?? 1, attempt);
          throw err;
        }
        await sleep(backoffDelay(policy, attempt), ctx.signal);
      }
    }
  } catch (err) {
    ctx.dispose();
    throw ctx.errorFor(err);
  }
}
