/**
 * compiled() on zod schemas a shape cannot describe exactly (src/core/compiled.ts): a record whose
 * string keys carry a check, an object whose unknown keys must match a schema, a literal that is not
 * JSON. Each must be left to zod, so that a value zod refuses is refused (never passed quietly by a
 * looser shape); z.any() and a catchall of unknown/any are covered and keep zod's output.
 */
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as zm from 'zod/mini';
import { compiled, shapeOfZod } from '../../src/core/compiled.js';
import type { StandardSchemaV1 } from '../../src/core/schema.js';
import { strictVerdict as strict, zodVerdict as zod } from './_verdicts.js';


describe('compiled(): zod decides what a shape cannot say', () => {
  it.each<[string, { safeParse(v: unknown): { success: boolean } } & StandardSchemaV1, unknown]>([
    ['a record whose string keys have a minimum length', zm.record(zm.string().check(zm.minLength(2)), zm.number()), { a: 1 }],
    ['a record whose keys are a string with a format', zc.record(zc.string().regex(/^k/), zc.number()), { a: 1 }],
    ['an object whose unknown keys must be strings (catchall)', zc.object({ a: zc.string() }).catchall(zc.string()), { a: 'x', b: 5 }],
    ['a literal undefined', zc.object({ a: zc.literal(undefined) }), { a: 'undefined' }],
    ['a bigint literal', zc.literal(5n), 5],
  ])('%s', (_name, schema, refused) => {
    expect(schema.safeParse(refused).success).toBe(false);
    expect(shapeOfZod(schema)).toBeNull();
    expect(strict(compiled(schema), refused)).toEqual(zod(schema, refused));
  });

  it('a catchall of unknown or any keeps unknown keys (a loose object), like zod', () => {
    for (const schema of [zc.object({ a: zc.string() }).catchall(zc.unknown()), zc.object({ a: zc.string() }).catchall(zc.any())]) {
      const v = { a: 'x', extra: { deep: 1 } };
      expect(shapeOfZod(schema)).toEqual({ object: { a: 'string' }, loose: true });
      expect(strict(compiled(schema), v)).toStrictEqual(zod(schema, v));
      expect(strict(compiled(schema), { a: 1 })).toEqual(zod(schema, { a: 1 }));
    }
  });

  it('z.any() accepts anything a field holds, like z.unknown()', () => {
    const schema = zc.object({ a: zc.any(), b: zc.array(zc.any()) });
    expect(shapeOfZod(schema)).toEqual({ object: { a: 'unknown', b: { array: 'unknown' } } });
    for (const v of [{ a: null, b: [1, 'x', {}] }, { a: { n: 1 }, b: [] }, { a: 1, b: 'x' }]) {
      expect(strict(compiled(schema), v)).toStrictEqual(zod(schema, v));
    }
  });

  it('a numeric TypeScript enum takes its values and none of its member names', () => {
    enum Level {
      Low,
      High,
      Top = 5,
    }
    const schema = zm.enum(Level);
    for (const v of [0, 1, 5, 'Low', 'High', 'Top', 2]) expect(strict(compiled(schema), v), String(v)).toEqual(zod(schema, v));
    expect(strict(compiled(schema), 'High')).toEqual({ error: 'ResponseValidationError' });
  });
});
