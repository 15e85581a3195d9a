/**
 * The shape of a request as the test server records it.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

/**
 * One request the test server received, recorded before any fault or handler runs.
 *
 * @example
 * ```ts
 * const [first] = server.requests;
 * expect(first?.method).toBe('POST');
 * expect(first?.json()).toEqual({ inputs: [] });
 * expect(first?.headers['idempotency-key']).toBe('k1');
 * ```
 */
export interface RecordedRequest {
  /** 0-based arrival order across the server's lifetime (the "receivedAt" order index). */
  index: number;
  /** `performance.now()` when the request head arrived. */
  receivedAt: number;
  /** Upper-case method. */
  method: string;
  /** Path without the query string, e.g. `/v2/models/m/infer` (not decoded). */
  path: string;
  /** Path with the query string, as sent. */
  url: string;
  /** Parsed query string. */
  query: URLSearchParams;
  /** Request headers (lower-case names, as node:http parses them). */
  headers: IncomingHttpHeaders;
  /** Raw body bytes (empty when none, or when the body was never read: see `bodyComplete`). */
  body: Buffer;
  /** False only when a `reset-before-response` fault cut the request before its body was read. */
  bodyComplete: boolean;
  /** Id of the TCP connection it arrived on (1-based); equal ids prove keep-alive reuse. */
  connectionId: number;
  /** The fault applied to this request, if any. */
  fault?: string;
  /** Body decoded as UTF-8. */
  text(): string;
  /** Body parsed as JSON (throws on invalid JSON). */
  json(): unknown;
}
