import { describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import * as zc from 'zod';
import { FAIL, fastCheckOf } from '../../src/core/fast-check.js';
import { validate } from '../../src/core/schema.js';

/** Deterministic pseudo-random values of many shapes, to compare the fast path with zod itself. */
function* values(seed: number, count: number): Generator<unknown> {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const atoms = [0, 1.5, -2, Number.NaN, Infinity, '', 'x', 'p', 'q', true, false, null, undefined, [], {}, [1, 2], ['a'], { a: 'b' }];
  const gen = (depth: number): unknown => {
    const r = rnd();
    if (depth > 2 || r < 0.45) return atoms[Math.floor(rnd() * atoms.length)];
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 3) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (const k of ['id', 'n', 'tags', 'kind', 'meta', 'opt', 'extra']) if (rnd() < 0.7) o[k] = gen(depth + 1);
    return o;
  };
  for (let i = 0; i < count; i++) yield gen(0);
}

/** Valid values, each mutated at random (a key dropped, replaced by an atom, or an extra key added). */
function* mutations(base: unknown, seed: number, count: number): Generator<unknown> {
  const pool = [...values(seed, 64)];
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const copy = structuredClone(base) as Record<string, unknown> | unknown[];
    const keys = Object.keys(copy);
    const r = rnd();
    const key = keys[Math.floor(rnd() * keys.length)];
    if (r < 0.25) yield copy;
    else if (r < 0.5 && key !== undefined) {
      delete (copy as Record<string, unknown>)[key];
      yield copy;
    } else if (r < 0.8 && key !== undefined) {
      (copy as Record<string, unknown>)[key] = pool[Math.floor(rnd() * pool.length)];
      yield copy;
    } else {
      (copy as Record<string, unknown>)['extra'] = pool[Math.floor(rnd() * pool.length)];
      yield copy;
    }
  }
}

const valid: Record<string, unknown> = {
  mini: { id: 'a', n: 2, tags: ['x', 'y'], kind: 'q', meta: { a: 'b' }, opt: true },
  miniLoose: { id: 'a', n: null, more: { deep: 1 } },
  miniDefaults: { id: 'x', tags: ['a'], n: 3 },
  classic: { id: 'z', n: 1, tags: [] },
  miniArray: ['a', 1, 'b'],
};

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
  classic: zc.object({ id: zc.string(), n: zc.number().optional(), tags: zc.array(zc.string()).optional() }),
  miniArray: zm.array(zm.union([zm.string(), zm.number()])),
};

describe('fast check of zod schemas', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name}: agrees with zod on 5,000 generated values (same verdict, same output)`, () => {
      const fast = fastCheckOf(schema);
      expect(fast).not.toBeNull();
      let passed = 0;
      for (const v of [...values(name.length * 7919, 2500), ...mutations(valid[name], name.length * 31, 2500)]) {
        const zod = schema.safeParse(v);
        const out = fast!(v);
        if (zod.success) {
          expect(out).not.toBe(FAIL);
          expect(out).toStrictEqual(zod.data);
          passed++;
        } else {
          expect(out).toBe(FAIL);
        }
      }
      expect(passed).toBeGreaterThan(0);
    });
  }

  it('also agrees on hand-picked valid values', () => {
    const v = { id: 'a', n: 1, tags: ['t'], kind: 'p', meta: null, extra: 5 };
    expect(fastCheckOf(schemas.mini)!(v)).toStrictEqual(schemas.mini.parse(v));
    expect(fastCheckOf(schemas.miniLoose)!({ extra: 1, n: null })).toStrictEqual({ extra: 1, n: null });
  });

  it('leaves refinements, transforms and records to zod', () => {
    expect(fastCheckOf(zm.object({ n: zm.int() }))).toBeNull();
    expect(fastCheckOf(zm.string().check(zm.minLength(2)))).toBeNull();
    expect(fastCheckOf(zm.record(zm.string(), zm.number()))).toBeNull();
    expect(fastCheckOf(zc.string().transform((s) => s.length))).toBeNull();
    expect(fastCheckOf(zm.strictObject({ a: zm.string() }))).toBeNull();
  });

  it('validate() still reports zod issues with paths when the fast check fails', () => {
    expect(() => validate(schemas.mini, { id: 'a', n: 'x', tags: [], kind: 'x', meta: null }, 'strict', 'op')).toThrow(/n: /);
  });
});
