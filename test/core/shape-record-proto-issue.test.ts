/**
 * A record's own "__proto__" key (JSON.parse makes one) is dropped unchecked, like zod does; the
 * issue report of a record that fails for another key must not name it either (it pointed at a spot
 * no check refused). Found by test/core/compiled.property.test.ts.
 */
import { expect, it } from 'vitest';
import * as z from 'zod/mini';
import { shapeSchema, type Shape } from '../../src/core/shape.js';
import type { StandardSchemaV1 } from '../../src/core/schema.js';

it('a record that fails elsewhere reports no issue at its own "__proto__" key', () => {
  const shape: Shape = { record: 'string' };
  const value = JSON.parse('{"a":1,"__proto__":[]}') as unknown;
  expect(z.record(z.string(), z.string()).safeParse(value).error?.issues.map((i) => i.path)).toEqual([['a']]);
  const result = shapeSchema(shape)['~standard'].validate(value) as { issues: readonly StandardSchemaV1.Issue[] };
  expect(result.issues.map((i) => i.path)).toEqual([['a']]); // before the fix: [['a'], ['__proto__']]
});

it('a record whose only bad value sits under "__proto__" passes, as in zod', () => {
  const value = JSON.parse('{"a":"x","__proto__":[]}') as unknown;
  expect(shapeSchema({ record: 'string' })['~standard'].validate(value)).toEqual({ value: { a: 'x' } });
});
