/**
 * parseRetryAfter at its edges (docs/core.md "Retries": a server hint wins when it is between 0 and
 * 60 s: `retry-after-ms`, then `Retry-After` in seconds or as an HTTP date).
 */
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, type HeaderReader } from '../../src/index.js';

const h = (headers: Record<string, string>): Headers => new Headers(headers);
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('parseRetryAfter: the 0–60 s window', () => {
  it('60 s exactly is honoured, in either header; a millisecond (a second) more is not', () => {
    expect(parseRetryAfter(h({ 'retry-after-ms': '60000' }))).toBe(60_000);
    expect(parseRetryAfter(h({ 'retry-after': '60' }))).toBe(60_000);
    expect(parseRetryAfter(h({ 'retry-after-ms': '60001' }))).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after-ms': '60000.5' }))).toBeUndefined();
    // delay-seconds are whole (RFC 9110): `60.001` is no hint for its syntax (retry-after-syntax.test.ts)
    expect(parseRetryAfter(h({ 'retry-after': '61' }))).toBeUndefined();
  });

  it('0 is a hint (retry now); a negative value is none', () => {
    expect(parseRetryAfter(h({ 'retry-after-ms': '0' }))).toBe(0);
    expect(parseRetryAfter(h({ 'retry-after': '0' }))).toBe(0);
    expect(parseRetryAfter(h({ 'retry-after-ms': '-1' }))).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after': '-1' }))).toBeUndefined();
  });

  it('maxMs moves the upper bound (Infinity keeps any hint, as RateLimitError does)', () => {
    expect(parseRetryAfter(h({ 'retry-after': '120' }), NOW, Infinity)).toBe(120_000);
    expect(parseRetryAfter(h({ 'retry-after-ms': '500' }), NOW, 499)).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after-ms': '500' }), NOW, 500)).toBe(500);
  });
});

describe('parseRetryAfter: which header, and what does not parse', () => {
  it('no header, or blank ones, is no hint', () => {
    expect(parseRetryAfter(h({}))).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after': '   ' }))).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after-ms': '  ', 'retry-after': '' }))).toBeUndefined();
  });

  it('a blank or non-numeric retry-after-ms falls back to Retry-After', () => {
    // Number('  ') is 0: a blank retry-after-ms must not read as "retry now"
    expect(parseRetryAfter(h({ 'retry-after-ms': '  ', 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(h({ 'retry-after-ms': 'soon', 'retry-after': '3' }))).toBe(3000);
  });

  it('a HeaderReader that does not trim (as a custom transport may give): whitespace-only values are still no hint', () => {
    const raw = (values: Record<string, string>): HeaderReader => ({
      get: (name) => values[name] ?? null,
      forEach: (cb) => Object.entries(values).forEach(([k, v]) => cb(v, k)),
    });
    expect(parseRetryAfter(raw({ 'retry-after-ms': ' ', 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(raw({ 'retry-after': ' \t ' }))).toBeUndefined();
    expect(parseRetryAfter(raw({ 'retry-after-ms': ' 250 ' }))).toBe(250);
  });

  it('a retry-after-ms out of bounds is no hint: Retry-After is not consulted then', () => {
    expect(parseRetryAfter(h({ 'retry-after-ms': '90000', 'retry-after': '3' }))).toBeUndefined();
  });

  it('an HTTP date is read against `now`; a past date or garbage is no hint', () => {
    const in30s = new Date(NOW + 30_000).toUTCString();
    expect(parseRetryAfter(h({ 'retry-after': in30s }), NOW)).toBe(30_000);
    expect(parseRetryAfter(h({ 'retry-after': in30s }), NOW + 30_000)).toBe(0);
    expect(parseRetryAfter(h({ 'retry-after': in30s }), NOW + 31_000)).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after': new Date(NOW + 61_000).toUTCString() }), NOW)).toBeUndefined();
    expect(parseRetryAfter(h({ 'retry-after': 'tomorrow-ish' }), NOW)).toBeUndefined();
  });
});
