/**
 * Server-sent events from a byte stream (the WHATWG `text/event-stream` format), parsed by
 * eventsource-parser. Internal to streams.
 * @module
 */
import { createParser } from 'eventsource-parser';

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
  /** The `id:` field of this event, when set. */
  id: string | undefined;
}

/** Receives each complete event: its data, `event:` type and `id:` (no object is made for it). */
export type SSEListener = (data: string, type: string | undefined, id: string | undefined) => void;

/** How long the body is read on after the stream's last event, so the connection can be reused. */
const DRAIN_MS = 1000;
/** The most bytes read on after the stream's last event; a server sending more loses the connection. */
const DRAIN_BYTES = 65_536;

/**
 * Parses an SSE body. Each `read()` takes one network chunk, decodes it once and hands every
 * complete event in it, synchronously and in order, to the listener.
 *
 * A chunk that ends on an ASCII byte (nearly every one) is decoded with a non-streaming
 * `TextDecoder` (the fast path in Node); one that may end inside a UTF-8 sequence, and the chunk
 * after it, go through a streaming one, which carries the split sequence over. eventsource-parser then applies the
 * WHATWG rules (CR/CRLF/LF line ends, multi-line data, `event:`/`id:` fields, comments). As in
 * browsers, an unterminated last event is dropped. (Its state lives in the constructor's closure,
 * not in private fields: a variable mangles to one letter, `this.#field` does not.)
 */
export class SSEReader {
  /** True once the body has ended, was cancelled or released. */
  ended = false;
  /** Id of the last event that carried one. */
  lastEventId: string | undefined;
  /** Reads one chunk from the network and parses it; false once the body ended. */
  declare read: () => Promise<boolean>;
  /** Stops reading and releases the connection. */
  declare cancel: () => void;
  /**
   * Stops parsing after the stream's last event (`[DONE]`). Servers end the body right after it,
   * so the rest is read in the background (at most {@link DRAIN_BYTES} bytes for
   * {@link DRAIN_MS} ms) and the keep-alive connection survives; anything longer is cancelled.
   */
  declare release: () => void;

  constructor(body: ReadableStream<Uint8Array>, onEvent: SSEListener) {
    const reader = body.getReader();
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    /** Decodes what may end inside a UTF-8 sequence: it keeps the split bytes for the next chunk. */
    const split = new TextDecoder('utf-8', { ignoreBOM: true });
    /** The last chunk went to `split` and did not end on an ASCII byte: `split` may hold part of a sequence. */
    let holding = false;
    let start = true;
    /** The last text fed ended with a CR, handed to the parser as CRLF: a LF that starts the next text is that pair's second half. */
    let skipLF = false;
    let released = false;
    const parser = createParser({
      onEvent: (event) => {
        if (event.id !== undefined) this.lastEventId = event.id;
        onEvent(event.data, event.event, event.id);
      },
    });
    // the parser drops a leading "ï»¿" (a BOM's bytes read as Latin-1) from its first input; the BOM
    // is handled in decode, so that first input is an empty one and "ï»¿" stays part of the first line
    parser.feed('');

    const decode = (chunk: Uint8Array): string => {
      // a chunk that ends on an ASCII byte (nearly every one: events end with a line break) ends on a whole
      // sequence; any other goes through the streaming decoder, and so does the chunk after it
      // (an empty chunk changes nothing: what `split` holds waits for the next one)
      if (chunk.length === 0) return '';
      const last = chunk[chunk.length - 1]! >= 0x80;
      let text = holding || last ? split.decode(chunk, { stream: true }) : decoder.decode(chunk);
      holding = last;
      if (start && text.length > 0) {
        start = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      return text;
    };

    const feed = (text: string): void => {
      if (text === '') return;
      if (skipLF) {
        skipLF = false;
        if (text.charCodeAt(0) === 10) text = text.slice(1);
        if (text === '') return;
      }
      // A CR is a whole line end (WHATWG), but eventsource-parser holds back one that ends its input
      // until it sees whether a LF follows: the event it completes would wait for the next chunk, or
      // be lost at the end of the body. It is fed as CRLF at once, and a LF that follows is dropped.
      if (text.charCodeAt(text.length - 1) === 13) {
        skipLF = true;
        text += '\n';
      }
      parser.feed(text);
    };

    const stop = (): void => void reader.cancel().catch(() => undefined);

    this.read = async () => {
      const { value, done } = await reader.read();
      if (done) {
        this.ended = true;
        return false;
      }
      feed(decode(value));
      return true;
    };

    this.cancel = () => {
      if (released) return; // draining already; it stops by itself
      this.ended = true;
      stop();
    };

    this.release = () => {
      if (this.ended) return;
      this.ended = released = true;
      let left = DRAIN_BYTES;
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
    };
  }
}
