import { describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import * as zc from 'zod';
import { compiled, shapeOfZod } from '../../src/core/compiled.js';
import { FAIL, FAST_CHECK, validate, type StandardSchemaV1 } from '../../src/core/schema.js';
import { anyValue, mutate, validValue } from '../helpers/shape-values.js';
import { seeded } from './_support.js';

type Fast = { [FAST_CHECK]: (v: unknown) => unknown };

const schemas = {
  mini: zm.object({
    id: zm.string(),
    n: zm.number(),
    tags: zm.array(zm.string()),
    kind: zm.union([zm.literal('x'), zm.enum(['p', 'q'])]),
    meta: zm.nullable(zm.object({ a: zm.string() })),
    opt: zm.optional(zm.boolean()),
  }),
  miniDefaults: zm.object({ id: zm._default(zm.string(), 'anon'), tags: zm._default(zm.array(zm.string()), () => []), n: zm.optional(zm.number()) }),
  miniLoose: zm.looseObject({ id: zm.optional(zm.string()), n: zm.optional(zm.nullable(zm.number())) }),
  miniRecord: zm.object({ counts: zm.record(zm.string(), zm.number()), any: zm.unknown() }),
  classic: zc.object({ id: zc.string(), n: zc.number().optional(), tags: zc.array(zc.string()).optional() }),
  miniArray: zm.array(zm.union([zm.string(), zm.number()])),
  miniInt: zm.object({ a: zm.int(), b: zm.array(zm.number().check(zm.int())) }),
};

describe('compiled(zod schema)', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name}: agrees with zod on 5,000 generated values (same verdict, same output)`, () => {
      const fast = compiled(schema) as StandardSchemaV1 & Fast;
      expect(typeof fast[FAST_CHECK]).toBe('function');
      const shape = shapeOfZod(schema)!;
      const r = seeded(name.length * 7919);
      let passed = 0;
      for (let i = 0; i < 5000; i++) {
        const base = validValue(shape, r);
        const v = i % 4 === 0 ? anyValue(r) : i % 4 === 1 ? base : mutate(base, r);
        const zod = schema.safeParse(v);
        const out = fast[FAST_CHECK](v);
        if (zod.success) {
          expect(out).not.toBe(FAIL);
          expect(out).toStrictEqual(zod.data);
          passed++;
        } else {
          expect(out).toBe(FAIL);
        }
      }
      expect(passed).toBeGreaterThan(500);
    });
  }

  it('returns an unchanged valid value itself (no copy) and drops unknown keys like zod otherwise', () => {
    const fast = compiled(schemas.mini) as StandardSchemaV1 & Fast;
    const exact = { id: 'a', n: 1, tags: ['t'], kind: 'p', meta: null };
    expect(fast[FAST_CHECK](exact)).toBe(exact);
    const extra = { ...exact, extra: 5 };
    expect(fast[FAST_CHECK](extra)).toStrictEqual(schemas.mini.parse(extra));
    expect(fast[FAST_CHECK](extra)).not.toHaveProperty('extra');
  });

  it('leaves refinements, formats, transforms and strict objects to zod (returned as they are)', () => {
    for (const s of [zm.object({ n: zm.number().check(zm.positive()) }), zm.string().check(zm.minLength(2)), zm.email(), zm.record(zm.enum(['a']), zm.number()), zc.string().transform((s) => s.length), zm.strictObject({ a: zm.string() })]) {
      expect(shapeOfZod(s)).toBeNull();
      expect(compiled(s as StandardSchemaV1)).toBe(s);
    }
  });

  it('reports failures with zod\'s own issues and paths', () => {
    const fast = compiled(schemas.mini);
    expect(() => validate(fast, { id: 'a', n: 'x', tags: [], kind: 'x', meta: null }, 'strict', 'op')).toThrow(/n: /);
    const result = fast['~standard'].validate({ id: 1 }) as StandardSchemaV1.Result<unknown>;
    expect(result.issues?.map((i) => i.path)).toEqual(expect.arrayContaining([['id'], ['n']]));
    expect(fast['~standard'].vendor).toBe('zod');
  });
});
