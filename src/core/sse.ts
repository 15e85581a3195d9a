/**
 * Server-sent events from a byte stream, parsed by eventsource-parser. Internal to streams.
 * @module
 */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

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

/**
 * Pulls events out of an SSE body. Each `read()` feeds one network chunk; events pile up in a
 * queue that `shift()` drains, so no per-event promise or copy is made.
 */
export class SSEReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  readonly #parser: EventSourceParser;
  #queue: EventSourceMessage[] = [];
  #head = 0;
  /** True once the body has ended. */
  ended = false;
  /** Id of the last event that carried one. */
  lastEventId: string | undefined;

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
    this.#parser = createParser({ onEvent: (e) => this.#queue.push(e) });
  }

  /** The next parsed event, or undefined when none is buffered. */
  shift(): SSEEvent | undefined {
    if (this.#head >= this.#queue.length) {
      if (this.#head > 0) {
        this.#queue = [];
        this.#head = 0;
      }
      return undefined;
    }
    const e = this.#queue[this.#head++]!;
    if (e.id !== undefined) this.lastEventId = e.id;
    return e as SSEEvent;
  }

  /** True when at least one parsed event is waiting. */
  hasBuffered(): boolean {
    return this.#head < this.#queue.length;
  }

  /** Reads one chunk from the network and parses it; false once the body ended. */
  async read(): Promise<boolean> {
    const { value, done } = await this.#reader.read();
    if (done) {
      this.#parser.feed(this.#decoder.decode());
      this.ended = true;
      return false;
    }
    this.#parser.feed(this.#decoder.decode(value, { stream: true }));
    return true;
  }

  /** Stops reading and releases the connection. */
  cancel(): void {
    this.ended = true;
    this.#reader.cancel().catch(() => undefined);
  }
}
