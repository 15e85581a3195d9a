/** Loose objects (src/core/shape.ts): an own "__proto__" is dropped even when another unknown key comes before it, like zod. */
import { describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import { compiled } from '../../src/core/compiled.js';
import { validate } from '../../src/core/schema.js';
import { compileShape } from '../../src/core/shape.js';

describe('own "__proto__" on a loose object with another unknown key', () => {
  it('compiled(looseObject) drops "__proto__" even when an unknown key comes before it', () => {
    const schema = zm.looseObject({ a: zm.string() });
    const body = JSON.parse('{"a":"s","extra":1,"__proto__":{"polluted":true}}');
    const zod = schema.parse(body) as object;
    expect(Object.keys(zod)).toEqual(['a', 'extra']);
    const ours = validate(compiled(schema), body, 'strict') as object;
    expect(Object.keys(ours)).toEqual(Object.keys(zod));
  });

  it('compileShape loose object: Object.assign copy of the output does not get a polluted prototype', () => {
    const check = compileShape({ object: { a: 'string' }, loose: true });
    const body = JSON.parse('{"a":"s","extra":1,"__proto__":{"polluted":true}}');
    const out = check(body) as object;
    const copy = Object.assign({}, out) as { polluted?: boolean };
    expect(copy.polluted).toBeUndefined();
  });
});
