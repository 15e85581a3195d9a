import type { HeaderReader } from './types.js';

/** Server wait hints above this are ignored (the backoff schedule applies instead). */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Reads a server's wait hint: `retry-after-ms`, then `Retry-After` as seconds or an HTTP date
 * (IMF-fixdate, RFC 850 or asctime, all GMT).
 * Returns `undefined` when absent, unparsable, negative or above `maxMs` (default 60 s, the
 * longest wait the retry policy honours; `Infinity` reads any hint, as `RateLimitError` keeps it).
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * parseRetryAfter(new Headers({ 'retry-after': '120' }), Date.now(), Infinity); // 120000
 * ```
 */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now(), maxMs: number = MAX_RETRY_AFTER_MS): number | undefined {
  const bounded = (ms: number): number | undefined => (ms >= 0 && ms <= maxMs ? ms : undefined);
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n)) return bounded(n);
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return bounded(seconds * 1000);
  // the asctime form (`Sun Nov  6 08:49:37 1994`) names no zone and means GMT; engines read it as local time.
  // A date that does not parse gives NaN, which is out of bounds
  return bounded(Date.parse(/ \d{4}\s*$/.test(value) ? `${value} GMT` : value) - now);
}
