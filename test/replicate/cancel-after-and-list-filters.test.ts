/**
 * Create's `Cancel-After` and list's date filters, at the edges the existing suites leave open:
 * a lifetime is the sum of its h/m/s parts (so `0h1m` is a minute, sent as given), each part and
 * bare seconds may have several digits, bare seconds are digits only; a number of
 * seconds must be finite (NaN and Infinity are refused naming `cancelAfter`, before anything is
 * sent); fractional seconds are rounded up. `created_before` is checked and sent like
 * `created_after`: a Date as ISO 8601, a string as given, an invalid Date or a non-date refused
 * naming the filter.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createPrediction, listPredictions } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const CREATE = '/v1/models/official/flux/predictions';
const creates = () => fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === CREATE);
const create = (cancelAfter: unknown) => createPrediction(fx.client, { model: 'official/flux', input: {} }, { cancelAfter: cancelAfter as number });
const listGets = () => fx.rs.server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/predictions');

describe('Cancel-After', () => {
  it('adds up the h/m/s parts: a zero hour does not cancel out the minutes', async () => {
    for (const value of ['0h1m', '0m5s', '0h0m5s', '12h', '10', '600']) {
      await create(value);
      expect(creates().at(-1)!.headers['cancel-after'], value).toBe(value);
    }
  });

  it('rounds fractional seconds up to whole seconds', async () => {
    await create(5.2);
    expect(creates().at(-1)!.headers['cancel-after']).toBe('6s');
  });

  it('refuses a number of seconds that is not finite, a value that is neither number nor string, and text around bare seconds, naming cancelAfter', async () => {
    const before = creates().length;
    // a bare number of seconds is all digits: nothing before it
    for (const value of [Number.NaN, Infinity, [60], { s: 60 }, '1.10', 'x10', '1h 10']) {
      const err = await rejectionAs(create(value), InvalidRequestError);
      expect(err.path).toBe('cancelAfter');
    }
    expect(creates()).toHaveLength(before);
  });

  it('sends the largest whole number of seconds as digits, and refuses one beyond it (no "1e+21s" Replicate cannot read)', async () => {
    await create(Number.MAX_SAFE_INTEGER);
    expect(creates().at(-1)!.headers['cancel-after']).toBe(`${Number.MAX_SAFE_INTEGER}s`);
    const before = creates().length;
    for (const value of [Number.MAX_SAFE_INTEGER + 2, 1e21, Number.MAX_VALUE]) {
      const err = await rejectionAs(create(value), InvalidRequestError);
      expect(err.path).toBe('cancelAfter');
      expect(err.message).toMatch(/from 5 to 9007199254740991/);
    }
    expect(creates()).toHaveLength(before);
  });
});

describe('listPredictions date filters', () => {
  it('sends created_before as ISO 8601 from a Date, and a string as given', async () => {
    await listPredictions(fx.client, { created_before: new Date('2026-02-01T12:00:00Z') }).toArray(1);
    expect(listGets().at(-1)!.query.get('created_before')).toBe('2026-02-01T12:00:00.000Z');
    expect(listGets().at(-1)!.query.has('created_after')).toBe(false);
    await listPredictions(fx.client, { created_before: '2026-03-01T00:00:00Z', created_after: '2026-01-01T00:00:00+01:00' }).toArray(1);
    expect(listGets().at(-1)!.query.get('created_before')).toBe('2026-03-01T00:00:00Z');
    expect(listGets().at(-1)!.query.get('created_after')).toBe('2026-01-01T00:00:00+01:00');
  });

  it('refuses an invalid Date or a non-date, naming the filter, before sending anything', async () => {
    const before = listGets().length;
    const cases: [Parameters<typeof listPredictions>[1], string, RegExp][] = [
      [{ created_after: new Date(Number.NaN) }, 'created_after', /created_after is an invalid Date/],
      [{ created_before: new Date('nope') }, 'created_before', /created_before is an invalid Date/],
      [{ created_before: 'last week' }, 'created_before', /created_before must be an ISO 8601 date-time/],
      [{ created_before: 1_700_000_000_000 as never }, 'created_before', /created_before must be/],
      [{ created_before: 2026 as never }, 'created_before', /created_before must be/], // a number even where it reads as a year
    ];
    for (const [params, path, message] of cases) {
      const err = await rejectionAs(listPredictions(fx.client, params).toArray(), InvalidRequestError);
      expect(err.path).toBe(path);
      expect(err.message).toMatch(message);
    }
    expect(listGets()).toHaveLength(before);
  });
});
