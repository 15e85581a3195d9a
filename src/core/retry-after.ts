import type { HeaderReader } from './types.js';

/** Server wait hints above this are ignored (the backoff schedule applies instead). */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Reads a server's wait hint: `retry-after-ms` (decimal milliseconds, e.g. `1500` or `123.4`), then
 * `Retry-After` as delay-seconds (digits only, RFC 9110 §10.2.3) or an HTTP date (IMF-fixdate,
 * RFC 850 or asctime, all GMT). Surrounding whitespace is allowed; any other value (`1.5`, `1e1`,
 * `0x10`, `-1` or a date without its time of day as `Retry-After`; `1e3`, `0x10` as milliseconds)
 * is no hint, and a `retry-after-ms` that is none leaves the word to `Retry-After`.
 * Returns `undefined` when absent, unparsable, in the past or above `maxMs` (default 60 s, the
 * longest wait the retry policy honours; `Infinity` reads any hint, as `RateLimitError` keeps it).
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * parseRetryAfter(new Headers({ 'retry-after': '120' }), Date.now(), Infinity); // 120000
 * parseRetryAfter(new Headers({ 'retry-after': '1.5' })); // undefined: delay-seconds are whole
 * ```
 */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now(), maxMs: number = MAX_RETRY_AFTER_MS): number | undefined {
  const bounded = (ms: number): number | undefined => (ms >= 0 && ms <= maxMs ? ms : undefined);
  // an absent header reads as '' (no hint)
  const ms = headers.get('retry-after-ms')?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(ms)) return bounded(Number(ms));
  const value = headers.get('retry-after')?.trim() ?? '';
  if (/^\d+$/.test(value)) return bounded(Number(value) * 1000);
  // every HTTP-date form opens with the day's name and holds the time (`08:49:37 GMT`, asctime `08:49:37 1994`);
  // Date.parse, lenient, would read `1.5`, `2030.5` or `Sun 2031` as dates
  if (!/^[a-z].* \d\d:\d\d:\d\d /i.test(value)) return undefined;
  // the asctime form (`Sun Nov  6 08:49:37 1994`) names no zone and means GMT; engines read it as local time.
  // A date that does not parse gives NaN, which is out of bounds
  return bounded(Date.parse(/ \d{4}$/.test(value) ? `${value} GMT` : value) - now);
}
