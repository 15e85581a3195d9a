/**
 * Shape checks at the edges no generated schema reaches (src/core/shape.ts, compiled.ts): a `null`
 * shape takes only null; number formats other than the safe integer are left to zod; a check never
 * changes the value it was given, and returns it itself when the output would equal it; a required
 * key whose shape takes anything may hold undefined, whichever path the object takes.
 */
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as zm from 'zod/mini';
import { compiled, shapeOfZod } from '../../src/core/compiled.js';
import { FAIL } from '../../src/core/schema.js';
import { compileShape } from '../../src/core/shape.js';
import { strictVerdict as strict, zodVerdict as zod } from './_verdicts.js';


describe('a null shape', () => {
  it('takes null and nothing else, alone, as a field and as an element', () => {
    for (const check of [compileShape('null'), (v: unknown) => compileShape({ object: { a: 'null' } })({ a: v }), (v: unknown) => compileShape({ array: 'null' })([v])]) {
      expect(check(null)).not.toBe(FAIL);
      for (const v of [undefined, 0, '', 'null', false, {}, []]) expect(check(v), String(v)).toBe(FAIL);
    }
  });

  it('compiled(z.null()) is a shape and agrees with zod', () => {
    const schema = zm.object({ a: zm.null() });
    expect(shapeOfZod(schema)).toEqual({ object: { a: 'null' } });
    for (const v of [{ a: null }, { a: 0 }, { a: 'null' }, {}]) expect(strict(compiled(schema), v)).toEqual(zod(schema, v));
  });
});

describe('number formats', () => {
  it.each<[string, zc.ZodType]>([
    ['z.int32()', zc.int32()],
    ['z.uint32()', zc.uint32()],
    ['z.float32()', zc.float32()],
    ['z.number().check(z.int32())', zc.number().check(zc.int32())],
    ['z.number().positive()', zc.number().positive()],
  ])('%s is left to zod (a safe-integer shape would take what it refuses)', (_name, schema) => {
    expect(shapeOfZod(schema)).toBeNull();
    for (const v of [2 ** 40, -1, 1.5, 2 ** 200]) expect(strict(compiled(schema), v)).toEqual(zod(schema, v));
  });
});

describe('a check leaves its input alone', () => {
  it('an array or record with changed entries is copied; the value passed in keeps its unknown keys', () => {
    const arr = [{ k: 'a' }, { k: 'b', x: 1 }];
    const rec = { p: { k: 'a' }, q: { k: 'b', x: 1 } };
    expect(compileShape({ array: { object: { k: 'string' } } })(arr)).toStrictEqual([{ k: 'a' }, { k: 'b' }]);
    expect(compileShape({ record: { object: { k: 'string' } } })(rec)).toStrictEqual({ p: { k: 'a' }, q: { k: 'b' } });
    expect(arr).toStrictEqual([{ k: 'a' }, { k: 'b', x: 1 }]);
    expect(rec).toStrictEqual({ p: { k: 'a' }, q: { k: 'b', x: 1 } });
  });

  it('a record whose entries all pass unchanged is returned itself', () => {
    const rec = { a: 1, b: 2 };
    expect(compileShape({ record: 'number' })(rec)).toBe(rec);
    const nested = { p: { k: 'a' }, q: { k: 'b' } };
    expect(compileShape({ record: { object: { k: 'string' } } })(nested)).toBe(nested);
  });
});

describe('a required key whose shape takes anything', () => {
  it('may hold undefined, also when the object is copied (unknown key) or met in another key order', () => {
    const check = compileShape({ object: { a: 'unknown', b: 'string' } });
    expect(check({ a: undefined, b: 'x' })).toStrictEqual({ a: undefined, b: 'x' });
    expect(check({ b: 'x', a: undefined })).toStrictEqual({ a: undefined, b: 'x' });
    expect(check({ a: undefined, b: 'x', extra: 1 })).toStrictEqual({ a: undefined, b: 'x' });
    expect(check({ b: 'x' })).toBe(FAIL);
    const schema = zc.object({ a: zc.unknown(), b: zc.string() });
    expect(strict(compiled(schema), { b: 'x', a: undefined, extra: 1 })).toStrictEqual(zod(schema, { b: 'x', a: undefined, extra: 1 }));
  });
});
