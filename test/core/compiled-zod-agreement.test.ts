/**
 * compiled() against zod itself (src/core/compiled.ts, shape.ts): the TSDoc promises "Valid values
 * are checked without entering zod and give zod's output", docs/core.md "issues are exactly zod's".
 * Each case first pins zod's own answer, then asks the same of compiled() (through validate(), the
 * path request() takes, and through its `~standard.validate`).
 */
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as zm from 'zod/mini';
import { compiled } from '../../src/core/compiled.js';
import { strictVerdict as strict, zodVerdict as zod } from './_verdicts.js';


describe('compiled(): exclusive unions (z.xor)', () => {
  it('refuses a value that matches more than one option, like zod', () => {
    for (const schema of [
      zc.xor([zc.object({ a: zc.string() }), zc.object({ b: zc.string() })]),
      zm.xor([zm.object({ a: zm.string() }), zm.object({ b: zm.string() })]),
    ]) {
      const both = { a: 'x', b: 'y' };
      expect(schema.safeParse(both).success).toBe(false);
      expect(strict(compiled(schema), both)).toEqual(zod(schema, both));
      expect(compiled(schema)['~standard'].validate(both)).toHaveProperty('issues');
      // one match is still fine
      expect(strict(compiled(schema), { a: 'x' })).toEqual(zod(schema, { a: 'x' }));
    }
  });
});

describe('compiled(): defaults and absent keys behind nullable', () => {
  it('optional(nullable(default)) fills in the default for an absent key, like zod', () => {
    const schema = zc.object({ a: zc.optional(zc.nullable(zc.string().default('x'))) });
    expect(schema.parse({})).toEqual({ a: 'x' });
    expect(strict(compiled(schema), {})).toEqual(zod(schema, {}));
    expect(strict(compiled(schema), { a: undefined })).toEqual(zod(schema, { a: undefined }));
    expect(strict(compiled(schema), { a: null })).toEqual(zod(schema, { a: null }));
  });

  it('.nullish() on a defaulted field (optional(nullable(default))) gives the default, like zod', () => {
    const schema = zm.object({ n: zm.nullish(zm._default(zm.number(), 7)) });
    expect(schema.parse({})).toEqual({ n: 7 });
    expect(strict(compiled(schema), {})).toEqual(zod(schema, {}));
  });

  it('a union keeps the option zod picks when an earlier option has an absent .optional().nullable() key', () => {
    const schema = zc.union([
      zc.object({ kind: zc.literal('a'), note: zc.string().optional().nullable() }),
      zc.looseObject({ kind: zc.string() }),
    ]);
    const v = { kind: 'a', extra: 1 };
    expect(schema.parse(v)).toStrictEqual({ kind: 'a' });
    expect(strict(compiled(schema), v)).toStrictEqual(zod(schema, v));
  });

  it('an absent nullable(default) key in a union option is filled in like zod', () => {
    const schema = zc.union([zc.object({ kind: zc.literal('a'), n: zc.nullable(zc.number().default(1)) }), zc.looseObject({ kind: zc.string() })]);
    const v = { kind: 'a', extra: true };
    expect(schema.parse(v)).toStrictEqual({ kind: 'a', n: 1 });
    expect(strict(compiled(schema), v)).toStrictEqual(zod(schema, v));
  });
});
