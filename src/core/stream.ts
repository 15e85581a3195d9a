/**
 * `Stream<T>`: an async iterable of validated values parsed from server-sent events, with idle
 * timeouts, cancellation on `break`, `tee()` and `toReadableStream()`.
 * @module
 */
import { checkCall, checkNumber, isThenable } from './check.js';
import { createCallContext, MAX_TIMER_MS, type CallContext } from './deadline.js';
import { AbortError, ModelwireError, StreamError, TimeoutError } from './errors.js';
import { requestIdOf } from './middleware.js';
import { errorBodyOf, errorMessageOf } from './response.js';
import { scrub, scrubValue } from './redact.js';
import { attemptsOf, discardBody, retryDelay } from './retry.js';
import { validate } from './schema.js';
import { SSEReader, type SSEEvent, type SSEListener } from './sse.js';
import { sharedRegistry } from './shared.js';
import { sleep } from './sleep.js';
import { toTransportError } from './transport-fetch.js';
import type { WireResponse } from './types.js';
import { isIdempotent, retryPolicyOf, scrubValidationError, secretsOfCall, send, type CallOptions, type Client, type RequestSpec } from './client.js';

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
 * A streaming request: a {@link RequestSpec} plus how events become values and how long to wait
 * (without `responseType` and `parse`: the body is always read as events, each decoded by `decode`
 * and checked by `schema`).
 *
 * @example
 * ```ts
 * const spec: StreamSpec<Chunk> = { method: 'POST', path: '/v1/chat/completions', body, schema: ChunkSchema, operation: 'openai.chat', idleTimeoutMs: 30_000 };
 * ```
 */
export interface StreamSpec<T> extends Omit<RequestSpec<T>, 'responseType' | 'parse'> {
  /** Event → value (default {@link defaultDecode}). */
  decode?: EventDecoder | undefined;
  /** Longest time from the call's start to its first event, the wait for the response headers and retries of the open included (default: the call deadline); an event `decode` skips ({@link SKIP}) is none. */
  firstEventTimeoutMs?: number | undefined;
  /**
   * Longest silence of the network after the first event (default: none beyond the call deadline):
   * how long a read may wait for data. Keep-alive comments are data: a server sending them keeps the
   * stream within this limit (the call deadline still bounds it). With `resume`, it also bounds a reconnect.
   */
  idleTimeoutMs?: number | undefined;
  /** After a mid-stream drop, reconnect with `Last-Event-ID` when the server sent ids. */
  resume?: boolean | undefined;
  /**
   * Marks the value that ends the stream (e.g. Replicate's `done` event): it is delivered, then the
   * stream ends like at `[DONE]`, and the rest of the body is drained so the connection is kept.
   * A body that ends before it is a drop: resumed when `resume` allows, else an error.
   */
  isLast?: ((value: T) => boolean) | undefined;
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
  return decodeData(event.data, event.event);
}

/** {@link defaultDecode} on the parts of an event, without the event object. */
function decodeData(data: string, type: string | undefined): unknown {
  if (data === '[DONE]') return DONE;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    // whole: a stream cuts the message only after scrubbing it (a cut key would escape the scrub)
    throw new StreamError(`${type === 'error' ? 'stream error' : 'malformed event'}: ${data}`, { event: data });
  }
  // OpenAI-style `{ error }` payloads and vLLM's `{ object: 'error', message }`
  if (type === 'error' || (value !== null && typeof value === 'object' && ((value as { error?: unknown }).error || (value as { object?: unknown }).object === 'error'))) {
    // a payload that is a JSON string is taken whole (errorMessageOf would cut it before the scrub)
    throw new StreamError(`stream error: ${(typeof value === 'string' && value) || errorMessageOf(value) || data}`, { event: value });
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
  /** The next value, or `{ done: true }` at the end; rejects with the stream's error. */
  next(): Promise<IteratorResult<T>>;
  /** Stops reading and releases what the source holds (e.g. cancels the HTTP body). */
  close(): void;
  /**
   * Optional: hands every value to `callback` (awaiting a promise it returns) and resolves at the
   * end. {@link Stream.forEach} uses it when present, instead of a `next()` per value.
   */
  each?(callback: (value: T) => unknown): Promise<void>;
}

/**
 * A single-consumption async iterable of stream values. Breaking out of `for await`, calling
 * `abort()` or aborting the call's signal cancels the HTTP body.
 *
 * @example
 * ```ts
 * const stream = await requestStream<{ text: string }>(client, { method: 'POST', path: '/generate', body: { prompt: 'hi' }, operation: 'generate' });
 * for await (const chunk of stream) process.stdout.write(chunk.text);
 * ```
 */
export class Stream<T> implements AsyncIterable<T> {
  readonly #source: StreamSource<T>;
  #taken = false;
  /** Stopped by {@link Stream.abort}: its end is no complete answer. */
  #aborted = false;

  /** Wraps a pull source; use {@link requestStream} or {@link Stream.fromIterable} to make one. */
  constructor(source: StreamSource<T>) {
    this.#source = source;
    streams.set(this, false);
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
    // stopped: no value is handed over after it, even from an iterator without return() or one already being produced
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      // an iterator whose return() rejects or throws (a generator's finally) must not crash the process
      try {
        it.return?.()?.then(undefined, () => undefined);
      } catch {
        // nothing to release
      }
    };
    const next = async (): Promise<IteratorResult<T>> => {
      if (closed) return end();
      const r = await it.next();
      return closed ? end() : r;
    };
    return new Stream<T>({ next, close });
  }

  /**
   * Makes `for await (const v of stream)` work. A stream is read once: a second iteration throws
   * `StreamError` (use `tee()`); leaving the loop early (`break`, `return`, a throw) closes the stream.
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined, undefined> {
    if (this.#taken) throw new StreamError('This stream was already consumed; use tee() to read it twice');
    this.#taken = true;
    const source = this.#source;
    return {
      next: () => source.next(),
      return: async () => (source.close(), end()),
    };
  }

  /**
   * Calls `callback` with each value, in order, and resolves once the stream has ended. A value
   * goes to the callback as its event is parsed, with no promise per value (a `for await` loop
   * costs one per value), which makes this the fastest way to read a stream. A callback that
   * returns a promise is awaited before the next value (nothing more is read meanwhile). A callback
   * that throws, or whose promise rejects, stops the stream (the HTTP body is cancelled) and the
   * returned promise rejects with its error. After an abort no further value is handed over.
   * Single consumption, like iterating.
   *
   * @example
   * ```ts
   * let text = '';
   * await stream.forEach((chunk) => {
   *   text += chunk.text_output;
   * });
   * ```
   */
  async forEach(callback: (value: T) => void | PromiseLike<void>): Promise<void> {
    const it = this[Symbol.asyncIterator]();
    const source = this.#source;
    try {
      if (source.each) return await source.each(callback);
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const pending = callback(r.value);
        if (isThenable(pending)) await pending;
      }
    } catch (err) {
      source.close();
      throw err;
    }
  }

  /** Stops the stream and releases the connection. */
  abort(): void {
    this.#aborted = true;
    this.#source.close();
  }

  /**
   * Splits into two independent streams; each sees every value. {@link Stream.abort} of this
   * stream afterwards stops both: each hands over what it holds, then throws an `AbortError`.
   *
   * @example
   * ```ts
   * const [forUser, forLog] = stream.tee();
   * ```
   */
  tee(): [Stream<T>, Stream<T>] {
    // The platform's ReadableStream.tee() queues for the slower side and cancels the source once
    // both sides stopped. An error travels as an item (erroring the stream would drop what the
    // slower side has not read yet), so each side sees every value, then the error.
    type Item = IteratorResult<T> | { error: unknown };
    const it = this[Symbol.asyncIterator]();
    const items = new ReadableStream<Item>(
      {
        pull: async (controller) => {
          try {
            const r = await it.next();
            if (!r.done) return controller.enqueue(r);
            // this stream stopped by abort() after the tee: a cut-off answer, not an end, for each branch
            if (this.#aborted) throw aborted();
          } catch (error) {
            controller.enqueue({ error });
          }
          controller.close();
        },
        cancel: () => it.return!() as Promise<unknown> as Promise<void>,
      },
      { highWaterMark: 0 },
    );
    const side = (branch: ReadableStream<Item>): Stream<T> => {
      const reader = branch.getReader();
      return new Stream<T>({
        next: async () => {
          const { value: item } = await reader.read();
          if (!item) return end();
          if ('error' in item) throw item.error;
          return item;
        },
        close: () => void reader.cancel().catch(() => undefined),
      });
    };
    return items.tee().map(side) as [Stream<T>, Stream<T>];
  }

  /**
   * Re-encodes the values as SSE bytes (`data: <json>`), ending with `data: [DONE]`; an error, a
   * value JSON cannot encode (a BigInt, `undefined`, a function) and a stop by {@link Stream.abort}
   * (an `AbortError`) becomes a final `event: error`. Return it
   * from an edge handler to proxy the stream. It takes the stream like iterating it: on a stream
   * already read (or passed to `toReadableStream()` or `tee()`) it throws a {@link StreamError}.
   *
   * @example
   * ```ts
   * return new Response(stream.toReadableStream(), { headers: { 'content-type': 'text/event-stream' } });
   * ```
   */
  toReadableStream(
    options: {
      /** Data of the final event sent after the last value (`data: <done>`); default `[DONE]`, `false` for no final event. */
      done?: string | false | undefined;
    } = {},
  ): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const done = options.done ?? '[DONE]';
    // taken now, like iterating: a stream already read throws here, not at the client's first read
    const it = this[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const r = await it.next();
          if (!r.done) {
            // undefined, a function, a symbol: JSON.stringify gives no text (it does not throw), and `data: undefined` parses back to nothing
            const json = JSON.stringify(r.value);
            if (json === undefined) throw new TypeError(`no JSON for a value of type ${typeof r.value}`);
            return controller.enqueue(encoder.encode(`data: ${json}\n\n`));
          }
          // stopped by abort(): a cut-off answer, which the client must not read as complete
          if (this.#aborted) throw aborted();
          if (done !== false) controller.enqueue(encoder.encode(`data: ${done}\n\n`));
        } catch (err) {
          // a value JSON cannot encode fails here, not in the source: stop the source too (a no-op when it failed itself)
          await it.return!();
          const e = err instanceof ModelwireError ? err.toJSON() : { message: String(err) };
          controller.enqueue(encoder.encode(`event: error\ndata: ${JSON.stringify({ error: e })}\n\n`));
        }
        controller.close();
      },
      cancel: () => it.return!() as Promise<unknown> as Promise<void>,
    });
  }
}

/** The error of a stream stopped by {@link Stream.abort}, where its end would read as complete. */
const aborted = (): AbortError => new AbortError('The stream was aborted');

/** How long a stream error's message may be (the whole event stays on `event`). */
const MESSAGE_LIMIT = 600;

/**
 * Every {@link Stream}, mapped to whether its first event has already arrived (true for every one
 * `requestStream` returns: a fallback need not read it ahead; false for a lazy one, which a
 * fallback reads ahead and hands out as a Stream again). Shared by every copy of modelwire in the
 * process (src/core/shared.ts): the other build's `withFallback` read a primed stream ahead, and
 * took a lazy one for no Stream, handing it out as it was; either way its forEach, tee and
 * toReadableStream found it consumed.
 */
export const streams = /* @__PURE__ */ sharedRegistry<WeakMap<object, boolean>>('streams', WeakMap);

/** What `next()` answers while {@link Stream.forEach}'s callback is busy with a promise (internal to `each`). */
const PAUSED = { value: SKIP, done: false } as const;

/** A finished iteration (a fresh object each time: callers may keep it). */
const end = <T>(): IteratorResult<T> => ({ value: undefined, done: true });

/**
 * Reads the SSE body of one call; handles idle timeouts, resume and cleanup. Resolves once the
 * first event was parsed or the body ended (before the stream is handed out); when that fails the
 * body is released but the call's deadline keeps running (for a retry of the open).
 *
 * The events of a network chunk wait in a queue as the text the server sent (data, type and id:
 * slices of the chunk's text) and each is decoded and validated when `next()` takes it: a chunk of
 * hundreds of events is not held as hundreds of parsed values while the consumer works through
 * them. Until the first value, events are decoded as they are parsed (a skipped one is no first
 * event), and the first value waits in `first`. What ends the stream (`[DONE]`, a decode or
 * validation error) surfaces once the values before it were taken; the events after it are
 * dropped undecoded. (A closure, not a class: its state mangles to one letter each.)
 */
async function openSource<T>(res: WireResponse & { body: ReadableStream<Uint8Array> }, client: Client, spec: StreamSpec<T>, options: CallOptions | undefined, ctx: CallContext, resume: Resumable | undefined): Promise<StreamSource<T>> {
  const op = spec.operation;
  /** Events not decoded yet, three entries each: data, type, id. */
  let queue: Array<string | undefined> = [];
  let head = 0;
  /** The stream's first value, decoded before the stream was handed out and not taken yet. */
  let first: T | typeof SKIP = SKIP;
  /** What follows the queued values: the stream's end ({@link DONE}) or an error (`own`: thrown by forEach's callback, passed on as it is). */
  let tail: typeof DONE | { error: unknown; own?: true } | undefined;
  let closed = false;
  /** The `next()` that is reading, until it settles (a `next()` called meanwhile waits for it). */
  let busy: Promise<unknown> | undefined;
  let seenEvent = false;
  /** The response being read (a resume reads another one), for the request id and attempts of an error. */
  let current: WireResponse = res;
  /**
   * The pending read: when it began, its idle limit (none: only the call's end bounds it) and how to
   * fail it, at that limit (one timer serves every read) or at the call's end (one hook serves every read).
   */
  let waiting: { since: number; limit: number | undefined; reject: (err: unknown) => void } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = 0;
  /** While `each()` runs: its callback, which values go to straight from the parser when nothing is queued. */
  let sink: ((value: T) => unknown) | undefined;
  /** A promise the callback returned: until it settles, values wait in the queue and nothing more is read. */
  let sinkWait: PromiseLike<unknown> | undefined;
  const decodeSpec = spec.decode;
  const decode: (data: string, type: string | undefined, id: string | undefined) => unknown =
    decodeSpec && decodeSpec !== defaultDecode ? (data, event, id) => decodeSpec({ event, data, id }) : decodeData;
  const schema = spec.schema;
  const mode = options?.validation ?? client.validation;

  /**
   * The value of one event, or {@link SKIP} for none: a skipped event, or the end ({@link DONE},
   * or a decode or validation error), which is set as `tail`, and the queue is dropped.
   */
  const valueOf = (data: string, type: string | undefined, id: string | undefined): T | typeof SKIP => {
    try {
      const value = decode(data, type, id);
      // a skipped event (a keep-alive ping) is no first event, like a comment
      if (value === SKIP) return SKIP;
      seenEvent = true;
      if (value !== DONE) return schema ? validate(schema, value, mode, op) : (value as T);
      tail = DONE;
    } catch (error) {
      seenEvent = true;
      tail = { error };
    }
    queue = [];
    head = 0;
    return SKIP;
  };

  /** After the value that ends the stream (`isLast`), nothing more is read or decoded. */
  const isLast = (value: T): void => {
    if (spec.isLast?.(value)) {
      tail = DONE;
      queue = [];
      head = 0;
    }
  };

  const onEvent = (data: string, type: string | undefined, id: string | undefined): void => {
    // nothing after [DONE], an error, close() or an abort (possible mid-chunk from forEach's callback) is read
    if (tail !== undefined || closed || ctx.aborted) return;
    // a value forEach's callback can take now goes to it at once; until the first value, events are
    // decoded at once; any other waits undecoded
    if (seenEvent && (!sink || sinkWait !== undefined || head < queue.length || first !== SKIP)) {
      queue.push(data, type, id);
      return;
    }
    const value = valueOf(data, type, id);
    if (value === SKIP) return;
    if (sink) {
      let pending: unknown;
      try {
        pending = sink(value);
      } catch (error) {
        tail = { error, own: true }; // the callback's own error ends the stream, unchanged
        return;
      }
      if (isThenable(pending)) sinkWait = pending;
    } else first = value;
    isLast(value);
  };
  let sse = new SSEReader(res.body, onEvent);
  // the call's end (its deadline, the caller's abort) fails the pending read at once: the runtime's
  // fetch is trusted to fail it then (it is not raced, src/core/guard.ts), but one may be late or
  // never do it (a chaos run under Deno once saw a stalled stream outlive its deadline), and with no
  // idle limit, or a longer one, nothing else would end the wait
  const unhook = ctx.onAbort(() => waiting?.reject(ctx.errorFor(undefined)));
  // a stream that may resume: how it reads on after a drop, and how close() stops a reconnect on its way
  // (its reconnects are numbered on from the open's attempts: a retried open spent retries of the call)
  const [resumeFrom, stopResume] = resume?.(client, spec, options, ctx, onEvent, () => closed, attemptsOf(res) - 1) ?? [];

  /** The value of the next queued event that has one, decoded now, or {@link SKIP} when none is left (the queue is dropped at the end). */
  const fromQueue = (): T | typeof SKIP => {
    let value: T | typeof SKIP = SKIP;
    while (value === SKIP && head < queue.length) if ((value = valueOf(queue[head++]!, queue[head++], queue[head++])) !== SKIP) isLast(value);
    return value;
  };

  /** The next value, or {@link SKIP} when none is left; queued values do not outlive an abort or the deadline. */
  const take = (): T | typeof SKIP => {
    if (ctx.aborted) return SKIP;
    const value = first;
    first = SKIP;
    return value === SKIP ? fromQueue() : value;
  };

  /** Marks `p` as the call in progress until it settles. */
  const track = (p: Promise<unknown>): void => {
    busy = p;
    const clear = (): void => {
      if (busy === p) busy = undefined;
    };
    p.then(clear, clear);
  };

  const nextNow = (): Promise<IteratorResult<T>> => {
    const value = take();
    if (value !== SKIP) return Promise.resolve({ value, done: false });
    if (closed) return Promise.resolve(end());
    // errorFor(undefined) of an aborted call context is what ended it (its abort or deadline)
    if (ctx.aborted) return Promise.reject(fail(ctx.errorFor(undefined)));
    queue = [];
    head = 0;
    if (tail !== undefined || sse.ended) return afterQueue();
    const read = nextAfterRead();
    // a call that waited for another is the last one made, or one made after it is: it stays the
    // one a new call waits for (tracking this read instead would let a new call pass the ones between)
    if (busy === undefined) track(read);
    return read;
  };

  const next = (): Promise<IteratorResult<T>> => {
    // a call made while another one reads waits for it (one read at a time: the order of the
    // values and the idle timer of the pending read depend on it)
    if (busy === undefined) return nextNow();
    const after = busy.then(nextNow, nextNow);
    track(after);
    return after;
  };

  /** The queue is empty and nothing more will be read: the end, or the error that ended it. */
  const afterQueue = (): Promise<IteratorResult<T>> => {
    const t = tail;
    if (t === undefined || t === DONE) return Promise.resolve(finish());
    if (t.own) close();
    return Promise.reject(t.own ? t.error : fail(t.error));
  };

  const nextAfterRead = async (): Promise<IteratorResult<T>> => {
    try {
      for (;;) {
        const more = await read();
        if (sinkWait !== undefined) return PAUSED as IteratorResult<T>;
        const value = take();
        if (value !== SKIP) return { value, done: false };
        if (tail !== undefined || !more) break;
      }
      if (ctx.aborted) throw ctx.errorFor(undefined);
    } catch (err) {
      throw fail(err);
    }
    return afterQueue();
  };

  const fail = (err: unknown): unknown => {
    close();
    const secrets = secretsOfCall(client, options, ctx);
    // what the server sent is scrubbed first, then a message is cut to MESSAGE_LIMIT characters
    if (err instanceof StreamError) {
      const requestId = err.requestId ?? requestIdOf(current.headers, secrets);
      return new StreamError(scrub(err.message, secrets).slice(0, MESSAGE_LIMIT), { event: scrubValue(err.event, secrets), operation: err.operation ?? op, cause: err.cause, requestId, attempts: attemptsOf(current) });
    }
    err = scrubValidationError(err, secrets, op, current);
    if (err instanceof ModelwireError) {
      err.operation ??= op;
      err.attempts ??= attemptsOf(current);
    }
    // anything else is the abort or deadline that ended the stream, if one did
    return ctx.errorFor(err);
  };

  /** Reads and parses one chunk within the idle limit (the first-event limit is the call's, see requestStream); false once the body ended. */
  const read = async (): Promise<boolean> => {
    // closed meanwhile (stream.abort() from a value's callback): no read, and no timer to outlive it
    if (closed) return false;
    // aborted meanwhile (from a value's callback): Node's fetch never answers a read of a body
    // whose end had already arrived when it was aborted
    if (ctx.aborted) throw ctx.errorFor(undefined);
    const limit = seenEvent ? spec.idleTimeoutMs : undefined;
    const since = Date.now();
    try {
      const more = await within(sse.read(), since, limit);
      // a stream with a last event (Replicate's done) whose body ended before it was cut: a drop
      if (!more && spec.isLast && !tail && !closed) throw Error('body ended before the last event');
      return more;
    } catch (err) {
      if (err instanceof TimeoutError || ctx.aborted) throw err;
      const e = toTransportError(err, { signal: ctx.signal, operation: op, method: spec.method, url: '' });
      // waiting for the new connection is silence too: the idle limit of the read that dropped bounds it
      const resumed = await resumeFrom?.(sse, e, (pending) => within(pending, since, limit));
      if (resumed) {
        // a new connection after the drop (only in a stream that may resume): read on from it
        [sse, current] = resumed;
        return true;
      }
      throw seenEvent ? new StreamError(`${op}: stream broke after it started: ${e.message}`, { cause: e, operation: op }) : e;
    }
  };

  /**
   * `pending`, failed with a {@link TimeoutError} once it has waited from `since` past `limit` (none:
   * not timed), and with the call's abort reason when the call ends first.
   */
  const within = <R>(pending: Promise<R>, since: number, limit: number | undefined): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      waiting = { since, limit, reject };
      if (limit !== undefined) armTimer(since + limit);
      pending.then(resolve, reject);
    }).finally(() => (waiting = undefined));

  /** Makes sure the timer fires no later than `at` (it is moved only when it would fire too late). */
  const armTimer = (at: number): void => {
    if (timer !== undefined && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(onTimer, Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
  };

  /** The one idle timer: fails the pending read if it has waited too long, else waits the rest. */
  const onTimer = (): void => {
    timer = undefined;
    const w = waiting;
    // nothing pending (or a read with no limit): the next read with one re-arms it
    if (!w || closed || w.limit === undefined) return;
    if (Date.now() < w.since + w.limit) return armTimer(w.since + w.limit);
    w.reject(new TimeoutError(`${op}: no data between two events within ${w.limit} ms`, { operation: op, timeoutMs: w.limit }));
  };

  /** The normal end ([DONE] or the body's end): the rest of the body is drained, not cut. */
  const finish = (): IteratorResult<T> => {
    tail = DONE;
    close();
    return end();
  };

  /** Stops the timer (the close of the stream, or of a source whose first event failed). */
  const stopTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    // the events still queued are decoded as they come (a [DONE] among them ends the stream: see below)
    while (fromQueue() !== SKIP);
    queue = [];
    head = 0;
    first = SKIP;
    stopTimer();
    unhook();
    // after [DONE] (even when the consumer stops before reaching it) the body is about to end: let it
    if (tail === DONE) sse.release();
    else sse.cancel();
    // a reconnect on its way is ended (its wait, its request), else the call's deadline just stops
    if (!stopResume?.()) ctx.dispose();
  };

  /**
   * Hands every value to `callback`. Values parsed while nothing is queued go to it straight from
   * the parser, with no queue and no promise per value. A promise it returns is awaited before
   * the next value, and nothing more is read meanwhile.
   */
  const each = async (callback: (value: T) => unknown): Promise<void> => {
    sink = callback;
    try {
      for (let r = await next(); !r.done; r = await next()) {
        // r.value and the rest of the queue were read before forEach began or while a promise was
        // pending; each is taken only after the previous callback finished (it may have aborted)
        for (let value: T | typeof SKIP = r.value; value !== SKIP; ) {
          const pending = callback(value);
          if (isThenable(pending)) await pending;
          value = take();
        }
        const wait = sinkWait;
        if (wait !== undefined) {
          sinkWait = undefined;
          await wait;
        }
      }
    } finally {
      sink = sinkWait = undefined;
    }
  };

  // Waits until the first event was parsed or the body ended; on failure the connection is released
  // but the call's deadline keeps running (for a retry of the open)
  try {
    while (!seenEvent && !sse.ended) await read();
  } catch (err) {
    stopTimer();
    unhook();
    sse.cancel();
    throw err;
  }
  return { next, close, each };
}

/** How a stream that may resume reads on after a drop: {@link resumable}. */
type Resumable = typeof resumable;

/**
 * The resume of one stream that may resume (only {@link requestStream} brings it in): a function
 * that reconnects after a drop of `from` (the reader that dropped; `wait` bounds the wait for the
 * new connection) and resolves to the new connection's reader, carrying on from the same last
 * event id, and its answer, or to `undefined` when there is none; and a function that ends a
 * reconnect on its way (its wait, its request: one never answered would hold its socket), true
 * when there was one. `resumes`: the retries the call made to open the stream (its reconnects are
 * later attempts, under the same `maxRetries`).
 */
function resumable<T>(client: Client, spec: StreamSpec<T>, options: CallOptions | undefined, ctx: CallContext, onEvent: SSEListener, closed: () => boolean, resumes: number): [
  (from: SSEReader, error: ModelwireError, wait: (pending: Promise<WireResponse | undefined>) => Promise<WireResponse | undefined>) => Promise<[SSEReader, WireResponse] | undefined>,
  () => boolean,
] {
  /** A reconnect (its backoff and request) in progress. */
  let reconnecting: Promise<WireResponse | undefined> | undefined;
  return [
    async (from, error, wait) => {
      const pending = reconnect(client, spec, options, ctx, from.lastEventId, resumes + 1, error, closed);
      // until it settles, close() ends it
      reconnecting = pending;
      const settled = (): void => {
        if (reconnecting === pending) reconnecting = undefined;
      };
      pending.then(settled, settled);
      const res = await wait(pending);
      if (!res) return undefined;
      // the reconnect's own retries (a 503 before it answered) count too
      resumes = Math.max(resumes + 1, attemptsOf(res) - 1);
      const sse = new SSEReader(res.body!, onEvent);
      sse.lastEventId = from.lastEventId;
      return [sse, res];
    },
    () => {
      if (!reconnecting) return false;
      ctx.abort(new StreamError(`${spec.operation}: the stream was stopped`));
      return true;
    },
  ];
}

/**
 * Reconnects after a drop when the server sent ids (`id`, the last one), as a retry under the
 * client's policy: a request that may be repeated, at most `maxRetries` times (`attempt` is the
 * attempt that dropped; the reconnect and its own retries are numbered on from it), not when the wait would pass the deadline, one token of the retry budget each (given back when it is not sent),
 * reported to `onRetry`. Not after an empty `id:` (a reset: the server would replay from the start),
 * nor in a call with `retry: false`, nor without `spec.resume`. Resolves to the new event stream's
 * answer, or `undefined` when there is none to read (the drop then surfaces). Only
 * {@link requestStream} brings it in: a bundle whose streams never resume does not carry it.
 */
async function reconnect<T>(client: Client, spec: StreamSpec<T>, options: CallOptions | undefined, ctx: CallContext, id: string | undefined, attempt: number, error: ModelwireError, closed: () => boolean): Promise<WireResponse | undefined> {
  if (!spec.resume || !id || options?.retry === false) return undefined;
  // the retry policy judges it as any failed attempt: the safety rule (never re-send work that
  // may not be repeated), the attempt limit, the time left and the budget
  const policy = retryPolicyOf(client);
  // with the body: a ReadableStream was read by the first request and cannot be sent again
  const req = { signal: ctx.signal, idempotent: isIdempotent(spec, options), body: spec.rawBody?.data };
  const pending = retryDelay(policy, req, { error }, attempt, ctx.remaining());
  if (!pending) return undefined;
  // stopped during the wait or while the reconnect is on its way (close() aborts both): no reconnect
  const stopped = (err: unknown): undefined => {
    if (closed()) return undefined;
    throw err;
  };
  try {
    policy.onRetry?.({ operation: spec.operation, attempt, ...pending, error });
    await sleep(pending.delayMs, ctx.signal);
    if (closed()) throw 0;
  } catch (err) {
    // a reconnect that is not sent (stopped, the call ended, the hook threw) gives its token back
    policy.budget.refund?.();
    return stopped(err);
  }
  // the header carries the id as UTF-8 (WHATWG), and a header value is bytes: one char per byte
  let bytes = '';
  for (const b of new TextEncoder().encode(id)) bytes += String.fromCharCode(b);
  const headers = { ...options?.headers, 'last-event-id': bytes };
  // a Last-Event-ID of the spec's own (a stream started from a known position) would be sent next
  // to this one, or win over it (spec headers are set last): the server would replay from there
  let specHeaders = spec.headers;
  if (specHeaders) specHeaders = Object.fromEntries(Object.entries(specHeaders).filter(([name]) => name.toLowerCase() !== 'last-event-id'));
  // sent as the attempt after the one that dropped: a retry of it (a 503) counts against the same limit
  const res = await send(client, { ...spec, headers: specHeaders, accept: spec.accept ?? 'text/event-stream' }, { ...options, headers }, ctx, false, undefined, attempt + 1).catch(stopped);
  if (!res) return undefined;
  // stopped while reconnecting, or an answer that is not an event stream (it would read as a
  // quiet end): the new connection is not read, and the drop surfaces
  if (closed() || !res.body || notEventStream(res.headers.get('content-type'))) {
    discardBody(res);
    return undefined;
  }
  return res;
}

/** A content type that says the body is something other than an event stream (none says nothing). */
const notEventStream = (type: string | null): type is string => type !== null && type !== '' && !/event-stream/i.test(type);

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
export function requestStream<T>(client: Client, spec: StreamSpec<T>, options?: CallOptions): Promise<Stream<T>> {
  return openStream(client, spec, options, resumable);
}

/**
 * @internal {@link requestStream} for streams that never resume (`spec.resume` is ignored): a
 * bundle that opens streams only through it carries no reconnect code.
 */
export async function openStream<T>(client: Client, spec: StreamSpec<T>, options?: CallOptions, resume?: Resumable): Promise<Stream<T>> {
  const op = spec.operation;
  for (const name of ['firstEventTimeoutMs', 'idleTimeoutMs'] as const) checkNumber(op, name, spec[name], 0, Infinity);
  checkCall(op, options, spec.options);
  const ctx = createCallContext(options?.timeoutMs ?? client.timeoutMs, options?.signal, op);
  const wire = { ...spec, accept: spec.accept ?? 'text/event-stream' };
  // The first-event limit runs from the call's start to its first event, across retries of the open
  // and the wait for the response headers (a server may hold them until its first token): it ends the call.
  const first = spec.firstEventTimeoutMs;
  const firstTimer =
    first !== undefined && first <= MAX_TIMER_MS
      ? setTimeout(() => ctx.abort(new TimeoutError(`${op}: no data for the first event within ${first} ms`, { operation: op, timeoutMs: first })), first)
      : undefined;
  // Reads up to the first event of a 2xx answer. The retry policy runs it inside each attempt, so a
  // stream dropped before its first event is retried under the same rules, limits and hook as any
  // failed attempt (without a retry layer, on a client made with retry: false, it runs once after the answer).
  let source: StreamSource<T> | undefined;
  const prime = async (res: WireResponse): Promise<void> => {
    if (res.status < 200 || res.status >= 300) return; // send() makes it a status error
    // a 200 that is not an event stream (a proxy's JSON error, a server that ignored `stream`) would
    // read as no events; checked before the body is touched, so its text can still be read
    const type = res.headers.get('content-type');
    if (notEventStream(type)) {
      // the error carries the body (parsed when it is JSON, credentials scrubbed)
      const secrets = secretsOfCall(client, options, ctx);
      const body = await errorBodyOf(res, secrets);
      const detail = errorMessageOf(body);
      // a deadline or abort that cut its body short ends the call as such, as for a status error
      throw ctx.aborted
        ? ctx.errorFor(undefined)
        : new StreamError(scrub(`${op}: expected an event stream, got ${type}${detail ? `: ${detail}` : ''}`, secrets).slice(0, MESSAGE_LIMIT), { event: body, operation: op, requestId: requestIdOf(res.headers, secrets) });
    }
    if (!res.body) throw new StreamError(`${op}: response has no body`, { operation: op });
    source = await openSource(res as WireResponse & { body: ReadableStream<Uint8Array> }, client, spec, options, ctx, resume);
  };
  try {
    const res = await send(client, wire, options, ctx, false, prime);
    if (!source) await prime(res);
    const stream = new Stream<T>(source!);
    streams.set(stream, true);
    return stream;
  } catch (err) {
    ctx.dispose();
    throw ctx.errorFor(err);
  } finally {
    clearTimeout(firstTimer);
  }
}
