/**
 * The output a shape check builds when it differs from the input (src/core/shape.ts): every element
 * and record entry that changes is the changed one (not only the first), an absent optional key stays
 * absent, a loose object keeps its unknown keys next to a filled-in default, and an object default is
 * a fresh copy per result (like zod), so changing one result cannot change another.
 */
import { describe, expect, it } from 'vitest';
import { compileShape, type Shape } from '../../src/core/shape.js';

const item: Shape = { object: { k: 'string' } };

describe('outputs built from a value', () => {
  it('an array drops unknown keys in every element that has one', () => {
    const check = compileShape({ array: item });
    expect(check([{ k: 'a', x: 1 }, { k: 'b', y: 2 }, { k: 'c' }, { k: 'd', z: 3 }])).toStrictEqual([{ k: 'a' }, { k: 'b' }, { k: 'c' }, { k: 'd' }]);
    const kept = { k: 'c' };
    const out = check([kept, { k: 'b', y: 2 }]) as unknown[];
    expect(out[0]).toBe(kept);
  });

  it('a record drops unknown keys in every entry that has one', () => {
    const check = compileShape({ record: item });
    expect(check({ p: { k: 'a', x: 1 }, q: { k: 'b' }, r: { k: 'c', y: 2 } })).toStrictEqual({ p: { k: 'a' }, q: { k: 'b' }, r: { k: 'c' } });
  });

  it('a strict copy leaves an absent optional key absent and fills in a default', () => {
    const check = compileShape({ object: { a: { optional: 'string' }, b: { default: 'number', value: 1 } } });
    const out = check({ extra: true }) as object;
    expect(out).toStrictEqual({ b: 1 });
    expect('a' in out).toBe(false);
    expect(check({ a: undefined, extra: true })).toStrictEqual({ a: undefined, b: 1 });
  });

  it('a loose object keeps its unknown keys when a default is filled in', () => {
    const check = compileShape({ object: { b: { default: 'number', value: 1 } }, loose: true });
    expect(check({ extra: 'kept' })).toStrictEqual({ extra: 'kept', b: 1 });
  });

  it('an object default is a fresh copy per result, a primitive default is the value', () => {
    const value = { retries: 2 };
    const check = compileShape({ object: { opts: { default: { record: 'number' }, value }, n: { default: 'number', value: 3 } } });
    const a = check({}) as { opts: Record<string, number>; n: number };
    const b = check({}) as { opts: Record<string, number>; n: number };
    expect(a).toStrictEqual({ opts: { retries: 2 }, n: 3 });
    expect(a.opts).not.toBe(value);
    expect(a.opts).not.toBe(b.opts);
    a.opts['retries'] = 9;
    expect(b.opts).toStrictEqual({ retries: 2 });
    expect(value).toStrictEqual({ retries: 2 });
  });
});
