/**
 * Small response writers for test-server handlers: JSON bodies and Server-Sent Event streams.
 * @module
 */
import type { ServerResponse } from 'node:http';

const FRAME = Symbol('sseFrame');

/** One explicit SSE frame (event name, raw data text, id, retry, or a comment). Build it with {@link sseFrame}. */
export interface SseFrame {
  readonly [FRAME]: true;
  /** `event:` field. */
  readonly event?: string;
  /** Raw `data:` text; a multi-line string becomes several `data:` lines. */
  readonly data?: string;
  /** `id:` field. */
  readonly id?: string;
  /** `retry:` field (milliseconds). */
  readonly retry?: number;
  /** A `: comment` line (heartbeat). */
  readonly comment?: string;
  /** Raw bytes written as-is instead of a formatted frame (for malformed-stream tests). */
  readonly raw?: string;
}

/**
 * One event passed to {@link sse}: a string is sent verbatim as `data:` text (e.g. `'[DONE]'`),
 * an {@link SseFrame} is sent as built, any other value is sent as `data: JSON.stringify(value)`.
 */
export type SseEventInput = string | SseFrame | object | number | boolean | null;

/**
 * Builds an explicit SSE frame (named event, id, retry, comment or raw bytes).
 *
 * @example
 * ```ts
 * await sse(res, [sseFrame({ event: 'output', data: 'hello', id: '1' }), sseFrame({ event: 'done', data: '{}' })]);
 * ```
 */
export function sseFrame(fields: Omit<SseFrame, typeof FRAME>): SseFrame {
  return { ...fields, [FRAME]: true };
}

/**
 * Serializes one event input to its SSE wire text (ends with a blank line).
 *
 * @example
 * ```ts
 * formatSse({ a: 1 }); // 'data: {"a":1}\n\n'
 * ```
 */
export function formatSse(event: SseEventInput): string {
  if (typeof event === 'string') return dataLines(event) + '\n';
  if (event !== null && typeof event === 'object' && FRAME in event) {
    const f = event as SseFrame;
    if (f.raw !== undefined) return f.raw;
    let out = '';
    if (f.comment !== undefined) out += `: ${f.comment}\n`;
    if (f.event !== undefined) out += `event: ${f.event}\n`;
    if (f.id !== undefined) out += `id: ${f.id}\n`;
    if (f.retry !== undefined) out += `retry: ${f.retry}\n`;
    if (f.data !== undefined) out += dataLines(f.data);
    return out + '\n';
  }
  return dataLines(JSON.stringify(event)) + '\n';
}

function dataLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
}

/**
 * Writes a complete JSON response (sets content-type and content-length).
 *
 * @example
 * ```ts
 * const server = await startTestServer((req, res) => json(res, 200, { live: true }, { 'x-request-id': 'r1' }));
 * ```
 */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Writes an OIP infer answer as Triton does: the JSON `head` (text as given, bare `NaN` tokens and
 * all), and with a `tail` (binary output data, possibly empty) the bytes after it, sent as
 * `application/octet-stream` with `Inference-Header-Content-Length` naming the JSON's length.
 *
 * @example
 * ```ts
 * const server = await startTestServer((_req, res) => inferAnswer(res, '{"outputs":[]}', Buffer.alloc(0)));
 * ```
 */
export function inferAnswer(res: ServerResponse, head: string, tail?: Uint8Array): void {
  const json = Buffer.from(head);
  const headers: Record<string, string> = { 'content-type': tail ? 'application/octet-stream' : 'application/json' };
  if (tail) headers['inference-header-content-length'] = String(json.length);
  res.writeHead(200, headers);
  res.end(tail ? Buffer.concat([json, tail]) : json);
}

/** Options for {@link sse}. */
export interface SseOptions {
  /** Wait this long before each event after the first (default 0). */
  delayMs?: number;
  /** Wait this long before the first event (default 0; headers are flushed immediately). */
  firstDelayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Response status (default 200). */
  status?: number;
  /** End the response after the last event (default true). */
  end?: boolean;
}

/**
 * Streams events as `text/event-stream`, one write per event, then ends the response.
 * Stops early (resolves) when the client disconnects. Resolves after the last write.
 *
 * @example
 * ```ts
 * await startTestServer(async (req, res) => {
 *   await sse(res, [{ token: 'a' }, { token: 'b' }, '[DONE]'], { delayMs: 5 });
 * });
 * ```
 */
export async function sse(res: ServerResponse, events: readonly SseEventInput[], options: SseOptions = {}): Promise<void> {
  res.writeHead(options.status ?? 200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...options.headers,
  });
  res.flushHeaders();
  for (let i = 0; i < events.length; i++) {
    const wait = i === 0 ? (options.firstDelayMs ?? 0) : (options.delayMs ?? 0);
    if (wait > 0) await delay(wait);
    if (res.destroyed || res.writableEnded) return;
    await write(res, formatSse(events[i] as SseEventInput));
  }
  if (options.end !== false && !res.destroyed) res.end();
}

/**
 * Writes a chunk and resolves once it was handed to the socket (or the socket died).
 *
 * @example
 * ```ts
 * await write(res, 'data: 1\n\n');
 * ```
 */
export function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

/**
 * How long a test server waits after writing before it drops the connection, so the client's reader
 * has taken the bytes: a body stream that errors discards what it still had queued, and Bun's fetch
 * on a loaded machine lost frames written 15 ms before a drop (the stream then failed before its
 * first event instead of after it).
 */
export const DROP_GRACE_MS = 200;

/**
 * Promise-based timer for handlers (not abort-aware; keep waits short).
 *
 * @example
 * ```ts
 * await delay(20);
 * ```
 */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An event stream that never ends: `data: {"n":i}` every 10 ms until the client goes away.
 *
 * @example
 * ```ts
 * if (req.path === '/forever') return sseForever(res);
 * ```
 */
export async function sseForever(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.flushHeaders();
  for (let i = 1; !res.destroyed && i < 100_000; i++) {
    await write(res, `data: {"n":${i}}\n\n`);
    await delay(10);
  }
}
