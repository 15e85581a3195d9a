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

/** Length of the part of `bytes` that ends on a whole UTF-8 sequence (a split one is left for the next chunk). */
function wholeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = n - 1;
  // step back over at most 3 continuation bytes to the lead byte of the last sequence
  while (i >= 0 && i > n - 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = bytes[i]!;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < size ? i : n;
}

/**
 * Parses an SSE body. Each `read()` takes one network chunk, decodes it once and hands every
 * complete event in it, synchronously and in order, to the listener.
 *
 * Bytes are decoded with a non-streaming `TextDecoder` (the fast path in Node) on whole UTF-8
 * sequences; a sequence split across chunks is carried over. eventsource-parser then applies the
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
    /** Bytes of a UTF-8 sequence split by the previous chunk. */
    let carry: Uint8Array | undefined;
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
      let bytes = chunk;
      if (carry) {
        bytes = new Uint8Array(carry.length + chunk.length);
        bytes.set(carry);
        bytes.set(chunk, carry.length);
        carry = undefined;
      }
      const whole = wholeUtf8Length(bytes);
      if (whole < bytes.length) {
        carry = bytes.slice(whole);
        bytes = bytes.subarray(0, whole);
      }
      let text = decoder.decode(bytes);
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
        // a carried (truncated) sequence is not fed: it sits on an unterminated last line, which is dropped
        carry = undefined;
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
