/**
 * What a failing value's issues say (src/core/shape.ts, docs/core.md "a failing one is walked once
 * more to report every issue with its path"): the union option that came closest whatever its
 * position, and for a value of the wrong type, what was expected there.
 */
import { describe, expect, it } from 'vitest';
import type { StandardSchemaV1 } from '../../src/core/schema.js';
import { shapeSchema, type Shape } from '../../src/core/shape.js';

const issuesOf = (shape: Shape, value: unknown) => (shapeSchema(shape)['~standard'].validate(value) as StandardSchemaV1.Result<unknown>).issues;

describe('a union reports the option that came closest', () => {
  const near: Shape = { object: { kind: { literal: ['a'] }, n: 'number' } };
  const far: Shape = { object: { kind: { literal: ['b'] }, s: 'string', t: 'string' } };
  const value = { kind: 'a', n: 'x' };

  it('whichever position the closest option has', () => {
    const expected = [{ path: ['n'], message: 'expected number, received string' }];
    expect(issuesOf({ union: [near, far] }, value)).toEqual(expected);
    expect(issuesOf({ union: [far, near] }, value)).toEqual(expected);
  });

  it('the first of two equally close options', () => {
    const other: Shape = { object: { kind: { literal: ['a'] }, n: 'boolean' } };
    expect(issuesOf({ union: [near, other] }, value)).toEqual([{ path: ['n'], message: 'expected number, received string' }]);
    expect(issuesOf({ union: [other, near] }, value)).toEqual([{ path: ['n'], message: 'expected boolean, received string' }]);
  });

  it('not an option whose issue is the value itself: then the type mismatch, listing every option', () => {
    expect(issuesOf({ union: ['string', { object: { n: 'number' } }] }, { n: 'x' })).toEqual([{ path: ['n'], message: 'expected number, received string' }]);
    expect(issuesOf({ union: [{ object: { n: 'number' } }, 'string'] }, { n: 'x' })).toEqual([{ path: ['n'], message: 'expected number, received string' }]);
    expect(issuesOf({ object: { u: { union: ['string', { literal: [1, null] }] } } }, { u: true })).toEqual([{ path: ['u'], message: 'expected string | 1 | null, received boolean' }]);
  });
});

describe('a value of the wrong type names what was expected there', () => {
  it.each<[string, Shape, unknown, string]>([
    ['nullable (what it holds)', { nullable: 'string' }, 5, 'expected string, received number'],
    ['optional', { optional: 'integer' }, 1.5, 'expected integer, received number'],
    ['default', { default: 'boolean', value: true }, 'yes', 'expected boolean, received string'],
    ['array', { array: 'string' }, { 0: 'a' }, 'expected array, received object'],
    ['record', { record: 'number' }, [1], 'expected object, received array'],
    ['record (a string)', { record: 'number' }, 'x', 'expected object, received string'],
    ['object', { object: { a: 'string' } }, null, 'expected object, received null'],
    ['number', 'number', Number.POSITIVE_INFINITY, 'expected number, received Infinity'],
  ])('%s', (_name, shape, value, message) => {
    expect(issuesOf({ object: { f: shape } }, { f: value })).toEqual([{ path: ['f'], message }]);
  });

  it('inside a union: an optional or defaulted option is named by what it holds', () => {
    expect(issuesOf({ union: [{ optional: 'string' }, { default: 'number', value: 0 }, { array: 'string' }] }, true)).toEqual([
      { path: [], message: 'expected string | number | array, received boolean' },
    ]);
    expect(issuesOf({ union: [{ nullable: { record: 'string' } }, 'boolean'] }, 5)).toEqual([{ path: [], message: 'expected object | null | boolean, received number' }]);
  });

  it('every element and record entry that fails, each with its own path', () => {
    expect(issuesOf({ array: { record: 'integer' } }, [{ a: 1, b: 'x' }, 'y', { c: 2.5 }])).toEqual([
      { path: [0, 'b'], message: 'expected integer, received string' },
      { path: [1], message: 'expected object, received string' },
      { path: [2, 'c'], message: 'expected integer, received number' },
    ]);
  });
});
