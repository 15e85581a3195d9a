/**
 * The deadline and the caller's signal over transports and middleware that may not heed them (a
 * custom `fetch`, a transport or middleware of the user's): each attempt is raced against the
 * call's abort, without a timer of its own (the call's one timer, or the caller's signal, ends it).
 * The SDK's own transports and middleware, which stop when the signal aborts, are not raced: a
 * client made of them pays nothing for this.
 * @module
 */
import { abortReason, noop } from './deadline.js';
import type { Handler, WireResponse } from './types.js';

/** Transports and middleware that stop when the request's signal aborts (the SDK's own). */
const heeding = new WeakSet<object>();

/**
 * @internal Marks a transport or middleware that stops (its answer, and the reading of its body,
 * reject) when the request's signal aborts, so a client made of such parts is not raced.
 *
 * @example
 * ```ts
 * const middleware: Middleware = heedsSignal((next) => (req) => next(req));
 * ```
 */
export function heedsSignal<F extends object>(part: F): F {
  heeding.add(part);
  return part;
}

/** @internal Whether {@link heedsSignal} marked `part`. */
export function heeds(part: object): boolean {
  return heeding.has(part);
}

/**
 * @internal Races each attempt of `next` against the abort of its call (the request's `onAbort`):
 * an abort or deadline ends the attempt with its reason at once, and nothing is sent once the call
 * has ended. An answer that comes after the end has its body cancelled, a failure after it is
 * dropped. With `bodies`, the body of an answer in time is read through a stream that fails with
 * the reason (and cancels the transport's body) when the call ends while it is read.
 *
 * @example
 * ```ts
 * const handler = compose([retryMiddleware(policy)], guardAttempts(userTransport, true));
 * ```
 */
export function guardAttempts(next: Handler, bodies: boolean): Handler {
  return (req) => {
    const subscribe = req.onAbort;
    // a request the client did not build (no onAbort): as it is
    if (!subscribe) return next(req);
    return new Promise<WireResponse>((resolve, reject) => {
      let lost = false;
      const stop = subscribe(() => {
        lost = true;
        reject(abortReason(req.signal, req.operation));
      });
      if (lost as boolean) return; // the call has ended: nothing is sent
      // (a `next` that throws rejects it)
      new Promise<WireResponse>((answer) => answer(next(req))).then(
        (res) => {
          stop();
          if (lost) res.body?.cancel().catch(noop);
          else resolve(bodies && res.body ? guardBody(res, subscribe, req.signal) : res);
        },
        (err: unknown) => {
          stop();
          reject(err); // after the end: a no-op, and handled
        },
      );
    });
  };
}

/**
 * `res` with a body that fails with the call's abort reason, and cancels the transport's body, when
 * the call ends while it is read: `text()` and `arrayBuffer()` read it with a reader of their own
 * (a pipe per call would cost more than the call), `body` is piped through a stream that `signal` aborts.
 */
function guardBody(res: WireResponse, subscribe: (callback: () => void) => () => void, signal: AbortSignal): WireResponse {
  const source = res.body!;
  let piped: ReadableStream<Uint8Array> | undefined;
  /** The whole body, or the call's abort reason once it ends first. */
  const all = (): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const reader = source.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      const stop = subscribe(() => {
        reject(signal.reason);
        reader.cancel(signal.reason).catch(noop);
      });
      const pump = (): Promise<void> =>
        reader.read().then(({ done, value }) => {
          if (!done) {
            chunks.push(value);
            size += value.length;
            return pump();
          }
          stop();
          const bytes = new Uint8Array(size);
          let at = 0;
          for (const c of chunks) {
            bytes.set(c, at);
            at += c.length;
          }
          resolve(bytes);
        });
      pump().catch((err: unknown) => {
        stop();
        reject(err);
      });
    });
  return {
    status: res.status,
    headers: res.headers,
    // (once text() or arrayBuffer() holds it: the transport's, locked, as fetch's body is then)
    get body() {
      return piped ?? (source.locked ? source : (piped = source.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal })));
    },
    // as fetch's text(): UTF-8, a leading byte order mark dropped
    text: () => all().then((bytes) => new TextDecoder().decode(bytes)),
    arrayBuffer: () => all().then((bytes) => bytes.buffer as ArrayBuffer),
  };
}
