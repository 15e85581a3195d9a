/**
 * Server-sent events from a byte stream, parsed by eventsource-parser. Internal to streams.
 * @module
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

/**
 * One server-sent event.
 *
 * @example
 * ```ts
 * const event: SSEEvent = { event: undefined, data: '{"text":"hi"}', id: '1' };
 * ```
 */
export interface SSEEvent {
  /** The `event:` field, when set. */
  event: string | undefined;
  /** The `data:` lines joined by newlines. */
  data: string;
  /** The `id:` field, when set. */
  id: string | undefined;
}

/** How long the body is read on after the stream's last event, so the connection can be reused. */
const DRAIN_MS = 1000;
/** The most bytes read on after the stream's last event; a server sending more loses the connection. */
const DRAIN_BYTES = 65_536;

/**
 * Pulls events out of an SSE body. Each `read()` takes one network chunk, decodes it once and
 * hands every event in it, synchronously and in order, to `onEvent`: no promise, queue or copy is
 * made per event.
 */
export class SSEReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;
  /** True once the body has ended, was cancelled or released. */
  ended = false;
  #released = false;
  /** Id of the last event that carried one. */
  lastEventId: string | undefined;

  constructor(body: ReadableStream<Uint8Array>, onEvent: (event: SSEEvent) => void) {
    this.#reader = body.getReader();
    this.#parser = createParser({
      onEvent: (e) => {
        if (e.id !== undefined) this.lastEventId = e.id;
        onEvent(e as SSEEvent);
      },
    });
  }

  /** Reads one chunk from the network and parses it; false once the body ended. */
  async read(): Promise<boolean> {
    const { value, done } = await this.#reader.read();
    if (done) {
      this.ended = true;
      this.#parser.feed(this.#decoder.decode());
      return false;
    }
    this.#parser.feed(this.#decoder.decode(value, { stream: true }));
    return true;
  }

  /** Stops reading and releases the connection. */
  cancel(): void {
    if (this.#released) return; // draining already; it stops by itself
    this.ended = true;
    this.#reader.cancel().catch(() => undefined);
  }

  /**
   * Stops parsing after the stream's last event (`[DONE]`). Servers end the body right after it,
   * so the rest is read in the background (at most {@link DRAIN_BYTES} bytes for
   * {@link DRAIN_MS} ms) and the keep-alive connection survives; anything longer is cancelled.
   */
  release(): void {
    if (this.ended) return;
    this.ended = this.#released = true;
    const reader = this.#reader;
    let left = DRAIN_BYTES;
    const stop = (): void => void reader.cancel().catch(() => undefined);
    const timer = setTimeout(stop, DRAIN_MS);
    (timer as { unref?: () => void }).unref?.();
    const drain = (r: ReadableStreamReadResult<Uint8Array>): Promise<void> | void => {
      if (r.done) return clearTimeout(timer);
      left -= r.value.byteLength;
      if (left < 0) {
        clearTimeout(timer);
        return stop();
      }
      return reader.read().then(drain);
    };
    reader.read().then(drain).catch(() => clearTimeout(timer));
  }
}
