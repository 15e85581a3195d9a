/**
 * parseRetryAfter (src/core/retry-after.ts) against a reference written from RFC 9110 §10.2.3:
 * `Retry-After` is delay-seconds (1*DIGIT) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850
 * and asctime forms, all GMT), read here field by field; `retry-after-ms` (the OpenAI-style hint)
 * is a decimal number of milliseconds (`123.4`) and wins when it is one. A hint outside [0, maxMs] reads as none.
 * The file runs in a zone 13:45 hours from GMT, so a date read as local time fails it (the asctime
 * form names no zone, and JavaScript engines read it as local time).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/index.js';
import { props } from '../helpers/property.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

type HttpDateForm = 'imf' | 'rfc850' | 'asctime';

/** An HTTP-date for `ms` (whole seconds), written out by hand. */
function httpDate(ms: number, form: HttpDateForm): string {
  const d = new Date(ms);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  if (form === 'asctime') return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${d.getUTCFullYear()}`;
  if (form === 'imf') return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} GMT`;
  return `${LONG_DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${two(d.getUTCFullYear() % 100)} ${time} GMT`;
}

/** The reference: the hint in ms, or undefined. */
function reference(headers: Record<string, string>, now: number, maxMs: number): number | undefined {
  const bounded = (ms: number): number | undefined => (ms >= 0 && ms <= maxMs ? ms : undefined);
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return bounded(Number(ms));
  const value = headers['retry-after']?.trim();
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return bounded(Number(value) * 1000);
  const imf = /^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value);
  const rfc850 = /^(\w+), (\d{2})-(\w{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value);
  const asctime = /^(\w{3}) (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(value);
  if (asctime) {
    const [, , month, day, h, min, sec, year] = asctime;
    return bounded(Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(h), Number(min), Number(sec)) - now);
  }
  const m = imf ?? rfc850;
  if (!m) return undefined;
  // RFC 850's two-digit year: the one that is not more than 50 years in the future (RFC 9110)
  let year = Number(m[4]);
  if (!imf) {
    const thisYear = new Date(now).getUTCFullYear();
    year += Math.floor(thisYear / 100) * 100;
    if (year > thisYear + 50) year -= 100;
  }
  const at = Date.UTC(year, MONTHS.indexOf(m[3]!), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  return bounded(at - now);
}

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0, 250);
const hint: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.nat({ max: 200 }).map((s) => ({ 'retry-after': String(s) })),
  fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 200 })).map(([zeros, s]) => ({ 'retry-after': `${'0'.repeat(zeros)}${s}` })),
  fc.tuple(fc.integer({ min: -120, max: 120 }), fc.constantFrom<HttpDateForm>('imf', 'rfc850', 'asctime')).map(([s, form]) => ({ 'retry-after': httpDate(Math.floor(NOW / 1000) * 1000 + s * 1000, form) })),
  fc.tuple(fc.nat({ max: 90_000 }), fc.option(fc.nat({ max: 100 }), { nil: undefined })).map(([ms, s]) => ({ 'retry-after-ms': String(ms), ...(s === undefined ? {} : { 'retry-after': String(s) }) })),
  // numbers that are not 1*DIGIT (fraction, exponent, hex, sign): no Retry-After; a decimal retry-after-ms
  fc.tuple(fc.nat({ max: 200 }), fc.constantFrom('retry-after', 'retry-after-ms')).chain(([n, name]) =>
    fc.constantFrom(`${n}.5`, `${n}e0`, `0x${n.toString(16)}`, `+${n}`, `-${n}`, `.${n}`, `${n}.`, `2030.${n}`).map((v) => ({ [name]: v, ...(name === 'retry-after-ms' ? { 'retry-after': '4' } : {}) })),
  ),
  fc.constantFrom<Record<string, string>>({ 'retry-after': '' }, { 'retry-after': '   ' }, { 'retry-after-ms': '', 'retry-after': '3' }, { 'retry-after-ms': 'soon', 'retry-after': '4' }, { 'retry-after': 'later' }, {}),
);

describe('parseRetryAfter against RFC 9110', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Pacific/Chatham'; // UTC+13:45 (+12:45 in winter): no date in the test is local time there
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('runs in a zone away from GMT', () => {
    expect(new Date(NOW).getTimezoneOffset()).not.toBe(0);
  });

  it('reads delay-seconds, HTTP-dates and retry-after-ms as the reference does, within [0, maxMs]', () => {
    fc.assert(
      fc.property(hint, fc.constantFrom(60_000, 1_000, Infinity), (headers, maxMs) => {
        expect(parseRetryAfter(new Headers(headers), NOW, maxMs), JSON.stringify(headers)).toBe(reference(headers, NOW, maxMs));
      }),
      props(0x7e7, 2000),
    );
  });
});
