import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shapeOfZod } from '../../src/core/compiled.js';
import { FAIL, FAST_CHECK, type StandardSchemaV1 } from '../../src/core/schema.js';
import { generate, PLATFORMS } from '../../scripts/gen-shapes.js';
import { anyValue, mutate, validValue } from '../helpers/shape-values.js';
import { seeded } from './_support.js';

type Zod = { safeParse(v: unknown): { success: true; data: unknown } | { success: false } };
type Fast = { [FAST_CHECK]: (v: unknown) => unknown };

const modules = {
  oip: { schemas: await import('../../src/oip/schemas.js'), shapes: await import('../../src/oip/shapes.gen.js') },
  openai: { schemas: await import('../../src/openai/schemas.js'), shapes: await import('../../src/openai/shapes.gen.js') },
  replicate: { schemas: await import('../../src/replicate/schemas.js'), shapes: await import('../../src/replicate/shapes.gen.js') },
} as Record<(typeof PLATFORMS)[number], { schemas: Record<string, unknown>; shapes: Record<string, unknown> }>;

describe.each(PLATFORMS)('src/%s/shapes.gen.ts', (platform) => {
  it('is what scripts/gen-shapes.ts generates from the zod schemas today (run npm run gen:shapes)', async () => {
    expect(readFileSync(new URL(`../../src/${platform}/shapes.gen.ts`, import.meta.url), 'utf8')).toBe(await generate(platform));
  });

  const { schemas, shapes } = modules[platform];
  const pairs = Object.entries(schemas).filter(([name, v]) => name.endsWith('Schema') && typeof v === 'object' && v !== null && '_zod' in v);

  it('has one shape per exported zod schema', () => {
    expect(pairs.length).toBeGreaterThan(5);
    for (const [name] of pairs) expect(shapes[`${name.slice(0, -6)}Shape`], name).toBeDefined();
  });

  it.each(pairs.map(([name]) => name))('%s: the shape agrees with zod on 3,000 generated values (verdict and output)', (name) => {
    const zod = schemas[name] as Zod;
    const shape = shapes[`${name.slice(0, -6)}Shape`] as StandardSchemaV1 & Fast;
    const description = shapeOfZod(zod)!;
    const r = seeded(name.length * 7919 + platform.length);
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 3000; i++) {
      const base = validValue(description, r);
      const v = i % 3 === 0 ? base : i % 3 === 1 ? mutate(base, r) : i % 30 === 2 ? anyValue(r) : mutate(mutate(base, r), r);
      const expected = zod.safeParse(v);
      const result = shape['~standard'].validate(v) as StandardSchemaV1.Result<unknown>;
      if (expected.success) {
        valid++;
        expect(result.issues, JSON.stringify(v)).toBeUndefined();
        expect((result as { value: unknown }).value).toStrictEqual(expected.data);
        // (a walked shape, as Replicate's, has no compiled check)
        if (FAST_CHECK in shape) expect(shape[FAST_CHECK](v)).not.toBe(FAIL);
      } else {
        invalid++;
        expect(result.issues?.length, JSON.stringify(v)).toBeGreaterThan(0);
        if (FAST_CHECK in shape) expect(shape[FAST_CHECK](v)).toBe(FAIL);
      }
    }
    expect(valid).toBeGreaterThan(500);
    expect(invalid).toBeGreaterThan(30);
  });
});
