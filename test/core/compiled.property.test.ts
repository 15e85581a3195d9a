/**
 * Compiled shapes (src/core/compiled.ts, shape.ts) against zod itself, on schemas and values that
 * fast-check makes up: a schema is drawn from the grammar shapes cover (primitives, z.int(),
 * literals, enums, optional, nullable, default, arrays, string-keyed records, unions, discriminated
 * unions, strip / loose / strict objects), in zod classic or zod/mini, and each value is built to
 * fit it, then changed at random spots (any JSON value, a missing or extra key, "__proto__" keys
 * from JSON.parse). For each pair:
 * - compiled(schema) gives zod's verdict and, in strict mode, zod's output (keys in zod's order);
 *   in passthrough mode, the value itself;
 * - the shape on its own (what shapes.gen.ts holds) gives the same verdict and output; every issue
 *   it reports has a path whose parent exists in the value and, outside unions, sits under a spot
 *   zod refused too;
 * - the shape walked (walkedShapeSchema, no compiler) gives the same output and the same issues;
 * - no input is changed, and a check made after another value agrees with a fresh one (the compiled
 *   object check learns the key order of the values it saw).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as zm from 'zod/mini';
import { compiled, shapeOfZod } from '../../src/core/compiled.js';
import { validate, type StandardSchemaV1 } from '../../src/core/schema.js';
import { shapeSchema } from '../../src/core/shape.js';
import { walkedShapeSchema } from '../../src/core/shape-walk.js';
import { props } from '../helpers/property.js';

type Desc =
  | { t: 'string' | 'number' | 'int' | 'boolean' | 'null' | 'unknown' | 'any' }
  | { t: 'literal' | 'enum'; v: (string | number | boolean | null)[] }
  | { t: 'optional' | 'nullable' | 'array' | 'record'; of: Desc }
  | { t: 'default'; of: Desc; value: unknown }
  | { t: 'union'; of: Desc[] }
  | { t: 'du'; tags: string[]; of: Record<string, Desc>[] }
  | { t: 'object'; fields: Record<string, Desc>; mode: 'strip' | 'loose' | 'strict' };

const KEYS = ['a', 'b', 'c', 'kind', 'x y', '0'];
const literal = fc.constantFrom<string | number | boolean | null>('a', 'b', '', 0, 1, -1, 2.5, true, false, null);
const jsonLeaf = fc.oneof(literal, fc.string({ maxLength: 4 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

const { desc } = fc.letrec<{ desc: Desc; leaf: Desc; node: Desc }>((tie) => ({
  desc: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
  leaf: fc.oneof(
    fc.constantFrom('string', 'number', 'int', 'boolean', 'null', 'unknown', 'any').map((t) => ({ t }) as Desc),
    fc.record({ t: fc.constantFrom('literal' as const, 'enum' as const), v: fc.uniqueArray(literal, { minLength: 1, maxLength: 3 }) }).map((d) => (d.t === 'enum' ? { t: 'enum' as const, v: d.v.filter((x) => typeof x === 'string') } : d)).filter((d) => d.v.length > 0),
  ),
  node: fc.oneof(
    fc.record({ t: fc.constantFrom('optional' as const, 'nullable' as const, 'array' as const, 'record' as const), of: tie('desc') }),
    fc.record({ t: fc.constant('default' as const), of: tie('desc'), value: fc.oneof(jsonLeaf, fc.constant([1]), fc.constant({ a: 1 })) }),
    fc.record({ t: fc.constant('union' as const), of: fc.array(tie('desc'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ t: fc.constant('object' as const), fields: fc.dictionary(fc.constantFrom(...KEYS), tie('desc'), { maxKeys: 4 }), mode: fc.constantFrom('strip' as const, 'strip' as const, 'loose' as const, 'strict' as const) }),
    fc
      .uniqueArray(fc.constantFrom('p', 'q', 'r'), { minLength: 1, maxLength: 3 })
      .chain((tags) => fc.record({ t: fc.constant('du' as const), tags: fc.constant(tags), of: fc.array(fc.dictionary(fc.constantFrom('a', 'b'), tie('desc'), { maxKeys: 2 }), { minLength: tags.length, maxLength: tags.length }) })),
  ),
})) as unknown as { desc: fc.Arbitrary<Desc> };

type Z = typeof zc | typeof zm;
function build(d: Desc, z: Z): unknown {
  const mini = z === (zm as unknown);
  const zz = z as unknown as Record<string, (...args: unknown[]) => unknown>;
  switch (d.t) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'unknown':
    case 'any':
    case 'int':
      return zz[d.t]!();
    case 'literal':
      return zz.literal!(d.v);
    case 'enum':
      return zz.enum!(d.v);
    case 'optional':
    case 'nullable':
    case 'array':
      return zz[d.t]!(build(d.of, z));
    case 'record':
      return zz.record!(zz.string!(), build(d.of, z));
    case 'default':
      return mini ? (zm._default as (s: unknown, v: unknown) => unknown)(build(d.of, z), d.value) : (build(d.of, z) as zc.ZodType).default(d.value as never);
    case 'union':
      return zz.union!(d.of.map((o) => build(o, z)));
    case 'du':
      return zz.discriminatedUnion!(
        'kind',
        d.tags.map((tag, i) => zz.object!({ ...Object.fromEntries(Object.entries(d.of[i]!).map(([k, v]) => [k, build(v, z)])), kind: zz.literal!(tag) })),
      );
    case 'object': {
      const fields = Object.fromEntries(Object.entries(d.fields).map(([k, v]) => [k, build(v, z)]));
      return d.mode === 'strip' ? zz.object!(fields) : d.mode === 'loose' ? zz.looseObject!(fields) : zz.strictObject!(fields);
    }
  }
}

/** Any JSON value (keys from the schemas' own, so objects come close to fitting). */
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, jsonLeaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS, '__proto__'), tie('v'), { maxKeys: 3 })),
})).v;

/** A value built to fit `d`, changed at random spots. */
function valueFor(d: Desc): fc.Arbitrary<unknown> {
  const fit = ((): fc.Arbitrary<unknown> => {
    switch (d.t) {
      case 'string':
        return fc.string({ maxLength: 4 });
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'int':
        return fc.oneof(fc.integer(), fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1.5));
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'unknown':
      case 'any':
        return anyJson;
      case 'literal':
      case 'enum':
        return fc.constantFrom(...d.v);
      case 'optional':
      case 'default':
        return fc.option(valueFor(d.of), { nil: undefined, freq: 3 });
      case 'nullable':
        return fc.option(valueFor(d.of), { nil: null, freq: 3 });
      case 'array':
        return fc.array(valueFor(d.of), { maxLength: 3 });
      case 'record':
        return fc.dictionary(fc.constantFrom(...KEYS, '__proto__'), valueFor(d.of), { maxKeys: 3 });
      case 'union':
        return fc.oneof(...d.of.map(valueFor));
      case 'du':
        return fc.oneof(...d.tags.map((tag, i) => objectFor({ ...d.of[i]!, kind: { t: 'literal', v: [tag] } })));
      case 'object':
        return objectFor(d.fields);
    }
  })();
  return fc.oneof({ weight: 6, arbitrary: fit }, { weight: 1, arbitrary: anyJson });
}

/** An object with each field (sometimes left out), sometimes an extra key, keys in any order. */
function objectFor(fields: Record<string, Desc>): fc.Arbitrary<unknown> {
  const entries = Object.entries(fields).map(([k, d]) => fc.option(valueFor(d).map((v) => [k, v] as const), { freq: 6 }));
  return fc
    .tuple(fc.tuple(...entries), fc.option(fc.tuple(fc.constantFrom(...KEYS, '__proto__'), anyJson), { freq: 2 }), fc.boolean())
    .map(([present, extra, reverse]) => {
      const pairs = present.filter((p): p is readonly [string, unknown] => p !== null);
      if (extra) pairs.push(extra);
      if (reverse) pairs.reverse();
      // through JSON text, as responses arrive: a "__proto__" key becomes an own property
      return JSON.parse(`{${pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown;
    });
}

/** The value as JSON.parse makes it (plain prototypes, own "__proto__" keys); undefined stays undefined. */
const asParsed = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

const cases = fc
  .record({ d: desc, mini: fc.boolean() })
  .chain(({ d, mini }) => fc.record({ d: fc.constant(d), mini: fc.constant(mini), values: fc.array(valueFor(d).map(asParsed), { minLength: 1, maxLength: 4 }) }));

type Zod = StandardSchemaV1 & { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[] }[] } } };

const verdict = (schema: StandardSchemaV1, v: unknown, mode: 'strict' | 'passthrough'): unknown => {
  try {
    return { ok: validate(schema, v, mode, 'test') };
  } catch (e) {
    return { error: (e as Error).name };
  }
};
const zodVerdict = (schema: Zod, v: unknown): unknown => {
  const r = schema.safeParse(v);
  return r.success ? { ok: r.data } : { error: 'ResponseValidationError' };
};
/** Whether every key of `path` but the last leads somewhere in `v`. */
function parentExists(v: unknown, path: readonly PropertyKey[]): boolean {
  let at = v;
  for (const key of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key as string)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return true;
}
const hasUnion = (d: Desc): boolean =>
  d.t === 'union' || d.t === 'du' || ('of' in d && !Array.isArray(d.of) && hasUnion(d.of as Desc)) || (d.t === 'object' && Object.values(d.fields).some(hasUnion));
const startsWith = (path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean => prefix.every((k, i) => String(path[i]) === String(k));

describe('compiled() and shapes agree with zod on generated schemas and values', () => {
  it('same verdict, same strict output, passthrough gives the value, input unchanged', () => {
    let covered = 0;
    fc.assert(
      fc.property(cases, ({ d, mini, values }) => {
        const schema = build(d, mini ? (zm as unknown as Z) : zc) as Zod;
        const fast = compiled(schema);
        const shape = shapeOfZod(schema);
        if (shape) covered++;
        const own = shape ? shapeSchema(shape) : undefined;
        const walked = shape ? walkedShapeSchema(shape) : undefined;
        // one compiled check and one shape serve every value in turn (key orders are learnt across them)
        for (const v of values) {
          const before = structuredClone(v);
          const want = zodVerdict(schema, v);
          expect(verdict(fast, v, 'strict'), JSON.stringify(v)).toStrictEqual(want);
          expect(verdict(compiled(schema), v, 'strict')).toStrictEqual(want); // a fresh one, no order learnt
          const pass = verdict(fast, v, 'passthrough') as { ok?: unknown };
          if ('ok' in (want as object)) expect(pass.ok).toBe(v);
          if (own) {
            expect(verdict(own, v, 'strict'), JSON.stringify(v)).toStrictEqual(want);
            const result = own['~standard'].validate(v) as StandardSchemaV1.Result<unknown>;
            expect(walked!['~standard'].validate(v), JSON.stringify(v)).toStrictEqual(result);
            if (result.issues) {
              const zodIssues = (schema.safeParse(v) as { error: { issues: { path: PropertyKey[] }[] } }).error.issues;
              const paths = result.issues.map((i) => (i.path ?? []) as PropertyKey[]);
              for (const path of paths) expect(parentExists(v, path), `${JSON.stringify(path)} in ${JSON.stringify(v)}`).toBe(true);
              // under a union, zod reports the union (or a discriminated union's own pick) where shapes
              // report the option with the fewest issues, which may be another one: compared without unions
              if (!hasUnion(d))
                expect(
                  paths.every((path) => zodIssues.some((z) => startsWith(path, z.path))),
                  `${JSON.stringify(paths)} not under zod's ${JSON.stringify(zodIssues.map((z) => z.path))} for ${JSON.stringify(v)}`,
                ).toBe(true);
            }
          }
          expect(v).toStrictEqual(before);
        }
      }),
      props(0x5a9e, 700),
    );
    expect(covered).toBeGreaterThan(100); // most generated schemas are ones shapes cover
  });
});
