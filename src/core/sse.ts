/**
 * Server-sent events from a byte stream (the WHATWG `text/event-stream` format). Internal to streams.
 * @module
 */

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

const LF = 10;
const CR = 13;

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
 * Written for the common shape (`data: <json>` and a blank line, LF line ends): one `indexOf` per
 * line, one `slice` per event, no object per event; CR and CRLF line ends, multi-line data,
 * `event:`/`id:` fields and comments follow the WHATWG rules. Bytes are decoded with a
 * non-streaming `TextDecoder` (the fast path in Node) on whole UTF-8 sequences; a sequence split
 * across chunks is carried over. As in browsers, an unterminated last event is dropped.
 */
export class SSEReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #onEvent: SSEListener;
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Bytes of a UTF-8 sequence split by the previous chunk. */
  #carry: Uint8Array | undefined;
  /** The unterminated line the previous chunk ended with. */
  #line = '';
  #start = true;
  /** The previous chunk ended with CR: a LF starting this one belongs to it. */
  #afterCR = false;
  #data = '';
  #dataLines = 0;
  #type: string | undefined;
  #id: string | undefined;
  #released = false;
  /** True once the body has ended, was cancelled or released. */
  ended = false;
  /** Id of the last event that carried one. */
  lastEventId: string | undefined;

  constructor(body: ReadableStream<Uint8Array>, onEvent: SSEListener) {
    this.#reader = body.getReader();
    this.#onEvent = onEvent;
  }

  /** Reads one chunk from the network and parses it; false once the body ended. */
  async read(): Promise<boolean> {
    const { value, done } = await this.#reader.read();
    if (done) {
      this.ended = true;
      if (this.#carry) this.#feed(this.#decoder.decode(this.#carry)); // a truncated sequence: U+FFFD
      this.#carry = undefined;
      return false;
    }
    this.#feed(this.#decode(value));
    return true;
  }

  #decode(chunk: Uint8Array): string {
    let bytes = chunk;
    const carry = this.#carry;
    if (carry) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
      this.#carry = undefined;
    }
    const whole = wholeUtf8Length(bytes);
    if (whole < bytes.length) {
      this.#carry = bytes.slice(whole);
      bytes = bytes.subarray(0, whole);
    }
    let text = this.#decoder.decode(bytes);
    if (this.#start && text.length > 0) {
      this.#start = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  #feed(chunk: string): void {
    let text = chunk;
    if (this.#afterCR) {
      this.#afterCR = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    if (text.indexOf('\r') !== -1) {
      // CR and CRLF → LF; a CR ending the chunk may be the first half of a CRLF
      this.#afterCR = text.charCodeAt(text.length - 1) === CR;
      text = text.replace(/\r\n?/g, '\n');
    }
    let pos = 0;
    if (this.#line !== '') {
      // complete the line carried over on its own, rather than copying the whole chunk behind it
      const lf = text.indexOf('\n');
      if (lf === -1) {
        this.#line += text;
        return;
      }
      const line = this.#line + text.slice(0, lf + 1);
      this.#line = '';
      this.#parse(line, 0);
      pos = lf + 1;
    }
    const rest = this.#parse(text, pos);
    if (rest < text.length) this.#line = text.slice(rest);
  }

  /** Parses the complete lines of `text` from `pos`; returns where the unterminated last line starts. */
  #parse(text: string, start: number): number {
    // the parser's state lives in locals while the chunk is parsed
    const onEvent = this.#onEvent;
    let data = this.#data;
    let dataLines = this.#dataLines;
    let type = this.#type;
    let id = this.#id;
    let pos = start;
    for (;;) {
      const lf = text.indexOf('\n', pos);
      if (lf === -1) break;
      const c = text.charCodeAt(pos);
      if (lf === pos) {
        // blank line: dispatch
        if (dataLines > 0) {
          if (id !== undefined) this.lastEventId = id;
          onEvent(data, type, id);
        }
        data = '';
        dataLines = 0;
        type = id = undefined;
      } else if (c === 100 && text.charCodeAt(pos + 1) === 97 && text.charCodeAt(pos + 2) === 116 && text.charCodeAt(pos + 3) === 97 && text.charCodeAt(pos + 4) === 58) {
        // data:
        const value = text.slice(text.charCodeAt(pos + 5) === 32 ? pos + 6 : pos + 5, lf);
        if (dataLines === 0 && text.charCodeAt(lf + 1) === LF) {
          // the common event: one data line, then the blank line
          if (id !== undefined) this.lastEventId = id;
          onEvent(value, type, id);
          type = id = undefined;
          pos = lf + 2;
          continue;
        }
        data = dataLines === 0 ? value : `${data}\n${value}`;
        dataLines++;
      } else if (c !== 58) {
        // a field other than data (a line starting with ':' is a comment)
        const line = text.slice(pos, lf);
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
        if (field === 'event') type = value || undefined;
        else if (field === 'id') {
          if (!value.includes('\0')) id = value;
        } else if (field === 'data') {
          data = dataLines === 0 ? value : `${data}\n${value}`;
          dataLines++;
        }
        // `retry` and unknown fields are ignored
      }
      pos = lf + 1;
    }
    this.#data = data;
    this.#dataLines = dataLines;
    this.#type = type;
    this.#id = id;
    return pos;
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
