import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors.js';
import { FAIL, FAST_CHECK, validate, type StandardSchemaV1 } from '../../src/core/schema.js';
import { compileShape, shapeSchema, type Shape } from '../../src/core/shape.js';

const issuesOf = (shape: Shape, value: unknown) => (shapeSchema(shape)['~standard'].validate(value) as StandardSchemaV1.Result<unknown>).issues;

describe('shapeSchema', () => {
  const user: Shape = {
    object: {
      id: 'string',
      age: { optional: 'number' },
      tags: { array: 'string' },
      role: { literal: ['admin', 'user'] },
      meta: { nullable: { object: { ok: 'boolean' }, loose: true } },
      scores: { optional: { record: 'number' } },
      mode: { default: { literal: ['a', 'b'] }, value: 'a' },
    },
  };
  const valid = { id: 'u1', tags: ['x'], role: 'user', meta: null, mode: 'b' };

  it('is a Standard Schema (vendor modelwire) with a fast check', () => {
    const s = shapeSchema(user);
    expect(s['~standard'].vendor).toBe('modelwire');
    expect(s['~standard'].validate(valid)).toEqual({ value: valid });
    expect(typeof (s as unknown as Record<symbol, unknown>)[FAST_CHECK]).toBe('function');
  });

  it('returns a valid value itself when nothing changes, a copy without unknown keys or with defaults otherwise', () => {
    const check = compileShape(user);
    expect(check(valid)).toBe(valid);
    expect(check({ ...valid, extra: 1 })).toEqual(valid);
    expect(check({ ...valid, mode: undefined })).toEqual({ ...valid, mode: 'a' });
    const { mode: _mode, ...noMode } = valid;
    expect(check(noMode)).toEqual({ ...valid, mode: 'a' });
    const loose = { ...valid, meta: { ok: true, kept: 1 } };
    expect(check(loose)).toBe(loose);
  });

  it('reports every issue with its path and what was expected', () => {
    expect(issuesOf(user, { id: 3, tags: ['x', 7], role: 'root', meta: { ok: 'yes' }, scores: { a: 1, b: 'x' } })).toEqual([
      { path: ['id'], message: 'expected string, received number' },
      { path: ['tags', 1], message: 'expected string, received number' },
      { path: ['role'], message: 'expected "admin" | "user", received string' },
      { path: ['meta', 'ok'], message: 'expected boolean, received string' },
      { path: ['scores', 'b'], message: 'expected number, received string' },
    ]);
    expect(issuesOf(user, [])).toEqual([{ path: [], message: 'expected object, received array' }]);
    expect(issuesOf({ object: { n: 'number' } }, { n: Number.NaN })).toEqual([{ path: ['n'], message: 'expected number, received NaN' }]);
  });

  it('reports a missing required key as received undefined, also when its shape accepts anything', () => {
    expect(issuesOf({ object: { id: 'string' } }, {})).toEqual([{ path: ['id'], message: 'expected string, received undefined' }]);
    expect(issuesOf({ object: { args: 'unknown' } }, {})).toEqual([{ path: ['args'], message: 'expected unknown, received undefined' }]);
    expect(issuesOf({ object: { args: 'unknown' } }, { args: undefined })).toBeUndefined();
  });

  it('reports the union option that came closest, or the type mismatch', () => {
    const u: Shape = { union: [{ object: { type: { literal: ['a'] }, a: 'string' } }, { object: { type: { literal: ['b'] }, b: 'number' } }] };
    expect(issuesOf(u, { type: 'b', b: 'x' })).toEqual([{ path: ['b'], message: 'expected number, received string' }]);
    expect(issuesOf({ union: ['string', { array: 'number' }] }, 5)).toEqual([{ path: [], message: 'expected string | array, received number' }]);
  });

  it('throws ResponseValidationError through validate() in strict mode, and passes the body through in passthrough mode', () => {
    const s = shapeSchema<{ id: string }>({ object: { id: 'string' } });
    expect(() => validate(s, { id: 1 }, 'strict', 'users.get')).toThrow(ResponseValidationError);
    expect(() => validate(s, { id: 1 }, 'strict', 'users.get')).toThrow(/id: expected string, received number/);
    const body = { id: 'a', extra: true };
    expect(validate(s, body, 'strict')).toEqual({ id: 'a' });
    expect(validate(s, body, 'passthrough')).toBe(body);
    expect(validate(s, { id: 1 }, 'off')).toEqual({ id: 1 });
  });

  it('an object check that has learnt one key order answers every other value like a fresh check', () => {
    const reordered = { mode: 'b', meta: null, role: 'user', tags: ['x'], id: 'u1' };
    const values: unknown[] = [
      valid,
      reordered,
      { ...reordered, age: 3 },
      { ...valid, extra: 1 },
      { extra: 1, ...valid },
      { id: 'u1', tags: ['x'], role: 'user', meta: null },
      { tags: ['x'], role: 'user', meta: null, mode: 'a' },
      { ...reordered, id: 7 },
      { ...valid, mode: 'c' },
      { ...valid, tags: ['x', 1] },
      { ...valid, meta: { ok: true, kept: 1 } },
      { ...valid, meta: { kept: 1, ok: true } },
      { ...valid, meta: { kept: 1, ok: 'yes' } },
      { ...valid, age: undefined },
      { ...valid, mode: undefined },
      { ...valid, scores: { a: 1, b: Number.NaN } },
      Object.assign(Object.create({ inherited: 1 }), valid),
      [],
      null,
    ];
    // the shared check sees the values in several orders, and each right after `valid` (so with
    // valid's key order learnt); a fresh check (new shape object) has learnt nothing
    const shared = compileShape(user);
    const sequence = [...values, ...[...values].reverse(), ...values.filter((_, i) => i % 2), ...values.flatMap((v) => [valid, v])];
    for (const value of sequence) {
      const expected = compileShape(structuredClone(user))(value);
      const got = shared(value);
      expect(got, JSON.stringify(value)).toEqual(expected);
      expect(got === value, JSON.stringify(value)).toBe(expected === value);
    }
  });

  it('compiles once, lazily, and the check answers FAIL for an invalid value', () => {
    const check = compileShape({ array: 'number' });
    expect(check([1, 2])).toEqual([1, 2]);
    expect(check([1, '2'])).toBe(FAIL);
  });

  it('checks primitive fields and elements exactly like the standalone check of the same shape', () => {
    const primitives = ['string', 'number', 'integer', 'boolean', 'null', 'unknown'] as const;
    const wrapped = (p: Shape): Shape[] => [p, { optional: p }, { nullable: p }, { optional: { nullable: p } }, { nullable: { optional: p } }];
    const values: unknown[] = ['s', '', 0, -1.5, 2 ** 53, Number.NaN, Infinity, true, false, null, undefined, {}, [], 3n];
    for (const shape of primitives.flatMap((p) => wrapped(p))) {
      const alone = compileShape(shape);
      const asField = compileShape({ object: { f: shape } });
      const asElement = compileShape({ array: shape });
      for (const value of values) {
        const accepted = alone(value) !== FAIL;
        expect(asField({ f: value }) !== FAIL, `${JSON.stringify(shape)} field ${String(value)}`).toBe(accepted);
        expect(asElement([value]) !== FAIL, `${JSON.stringify(shape)} element ${String(value)}`).toBe(accepted);
      }
    }
    expect(compileShape({ array: 'integer' })([1, 2.5])).toBe(FAIL);
    expect(compileShape({ object: { n: { nullable: 'number' } } })({ n: null })).toEqual({ n: null });
  });
});
