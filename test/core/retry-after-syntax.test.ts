/**
 * parseRetryAfter (src/core/retry-after.ts): what each header may carry. RFC 9110 §10.2.3:
 * `Retry-After = HTTP-date / delay-seconds`, `delay-seconds = 1*DIGIT`; anything else is no hint.
 * `retry-after-ms` (OpenAI's, not standard) is decimal milliseconds, a fraction allowed (openai-node
 * reads it with parseFloat); a value that is not one leaves the word to `Retry-After`.
 */
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, type HeaderReader } from '../../src/index.js';

const h = (headers: Record<string, string>): Headers => new Headers(headers);
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('Retry-After: delay-seconds are digits only', () => {
  // Number() read these as 16 s, 10 s, 1.5 s, 5 s, 0.5 s and 5 s
  it.each(['0x10', '1e1', '1.5', '+5', '.5', '5.', '1_0', '0b1', 'Infinity'])('%j is no hint, whatever the bound', (value) => {
    expect(parseRetryAfter(h({ 'retry-after': value }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after': value }), NOW, Infinity)).toBeUndefined();
  });

  // Date.parse reads these as dates (2030-05-01, 2030-01-02, 2030-12-25, local time): a hint years long under Infinity
  it.each(['2030.5', '1 2 2030', '12-25-2030', '-1'])('%j is not taken for a date either', (value) => {
    expect(parseRetryAfter(h({ 'retry-after': value }), NOW, Infinity)).toBeUndefined();
  });

  it.each(['Sun 2031', 'in 2031', 'Mon, 01 Jan 2035', 'soon 12-25-2030'])('%j, no HTTP-date (no time of day), is no hint', (value) => {
    expect(parseRetryAfter(h({ 'retry-after': value }), NOW, Infinity)).toBeUndefined();
  });

  it('digits, leading zeros and surrounding whitespace are read', () => {
    expect(parseRetryAfter(h({ 'retry-after': '7' }))).toBe(7000);
    expect(parseRetryAfter(h({ 'retry-after': '007' }))).toBe(7000);
    const raw: HeaderReader = { get: (name) => (name === 'retry-after' ? ' \t12 ' : null), forEach: () => {} };
    expect(parseRetryAfter(raw)).toBe(12_000);
  });

  it('an HTTP date is still read', () => {
    expect(parseRetryAfter(h({ 'retry-after': new Date(NOW + 5000).toUTCString() }), NOW)).toBe(5000);
  });
});

describe('retry-after-ms: decimal milliseconds', () => {
  it('a whole or decimal number of milliseconds is the hint', () => {
    expect(parseRetryAfter(h({ 'retry-after-ms': '1500', 'retry-after': '3' }))).toBe(1500);
    expect(parseRetryAfter(h({ 'retry-after-ms': '123.4', 'retry-after': '3' }))).toBe(123.4);
  });

  // Number() read these as 16 ms, 1000 ms, 1000 ms, 5 ms: they won over a valid Retry-After
  it.each(['0x10', '1e3', '1000e0', '+5', '.5', '5.', '-1', 'Infinity'])('%j is not one: Retry-After is read instead', (value) => {
    expect(parseRetryAfter(h({ 'retry-after-ms': value, 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(h({ 'retry-after-ms': value }))).toBeUndefined();
  });
});
