/**
 * Validation at its edges (src/core/compiled.ts, shape.ts, schema.ts, the generated shapes): each
 * case first checks zod's own answer, then that modelwire gives the same (the docs promise "Valid
 * values are checked without entering zod and give zod's output").
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as zm from 'zod/mini';
import * as zc from 'zod';
import { compiled } from '../../src/core/compiled.js';
import { validate, type StandardSchemaV1 } from '../../src/core/schema.js';
import * as oipSchemas from '../../src/oip/schemas.js';
import { ModelConfigShape, ModelMetadataShape } from '../../src/oip/shapes.gen.js';
import { strictVerdict as strict, zodVerdict } from './_verdicts.js';


describe('compiled(): must agree with zod', () => {
  // Regression: a def with check 'number_format'/format 'safeint' is mapped to 'integer'
  // without looking at def.checks, so extra checks added to z.int() (min, positive, multipleOf…) are dropped.
  it('z.int() with extra checks (nonnegative / positive) keeps those checks', () => {
    const mini = zm.int().check(zm.nonnegative());
    const classic = zc.int().positive();
    expect(mini.safeParse(-5).success).toBe(false);
    expect(classic.safeParse(-1).success).toBe(false);
    expect(strict(compiled(mini), -5)).toEqual(zodVerdict(mini, -5));
    expect(strict(compiled(classic), -1)).toEqual(zodVerdict(classic, -1));
  });

  // Regression: Object.values(def.entries) of a numeric TS enum includes the reverse mapping
  // (0 -> 'A'), which zod filters out (util.getEnumValues); the names then pass as valid values.
  it('z.enum(NumericTsEnum) rejects the enum member names like zod', () => {
    enum Level {
      Low,
      High,
    }
    const schema = zm.enum(Level);
    expect(schema.safeParse('Low').success).toBe(false);
    expect(strict(compiled(schema), 'Low')).toEqual(zodVerdict(schema, 'Low'));
  });

  // Regression: z.exactOptional (def.type 'optional') is converted like z.optional, but it
  // rejects an explicit undefined value — the fast check accepts it.
  it('z.exactOptional() rejects an explicitly undefined value like zod', () => {
    const schema = zm.object({ a: zm.exactOptional(zm.string()) });
    expect(schema.safeParse({ a: undefined }).success).toBe(false);
    expect(strict(compiled(schema), { a: undefined })).toEqual(zodVerdict(schema, { a: undefined }));
  });

  // Regression: an optional field whose inner schema has a default:
  // zod's optional runs its inner schema on undefined when the inner one has a default, so the
  // default is filled in; the fast check passes with the key missing / the element undefined.
  it('optional(default(...)) fills in the default like zod (object key and array element)', () => {
    const obj = zm.object({ a: zm.optional(zm._default(zm.string(), 'd')) });
    const arr = zm.array(zm.optional(zm._default(zm.string(), 'd')));
    expect(obj.parse({})).toEqual({ a: 'd' });
    expect(strict(compiled(obj), {})).toStrictEqual(zodVerdict(obj, {}));
    expect(strict(compiled(arr), [undefined])).toStrictEqual(zodVerdict(arr, [undefined]));
  });

  // Regression: def.defaultValue is a getter that calls a function default each time (zod
  // gives a fresh value per parse); shapeOfZod reads it once, so every output gets the same value.
  it('a function default is called for every value, not once', () => {
    let n = 0;
    const schema = compiled(zm.object({ id: zm._default(zm.number(), () => ++n) }));
    const a = validate(schema, {}, 'strict') as { id: number };
    const b = validate(schema, {}, 'strict') as { id: number };
    expect(b.id).not.toBe(a.id);
  });

  // Regression: a recursive (getter-based, the zod v4 idiom) schema recurses forever.
  // Documented: "A schema shapes do not cover is returned as it is."
  it('a recursive zod schema does not blow the stack (returned as it is, or compiled)', () => {
    type Node = { name: string; children: Node[] };
    const NodeSchema: zm.ZodMiniType<Node> = zm.object({
      name: zm.string(),
      get children() {
        return zm.array(NodeSchema);
      },
    });
    let fast: StandardSchemaV1 | undefined;
    expect(() => (fast = compiled(NodeSchema))).not.toThrow();
    const v = { name: 'a', children: [{ name: 'b', children: [] }] };
    expect(validate(fast!, v, 'strict')).toEqual(v);
  });
});

describe('defaults must not share mutable structure between results', () => {
  // Regression: `fallback = s.value` is returned itself for every value; zod shallow-clones a
  // non-function default per parse. The generated OIP ModelMetadataShape has `inputs`/`outputs`
  // defaulting to [] — one array shared by every result (and by the shape itself).
  it('oip ModelMetadataShape: mutating one result\'s defaulted inputs does not change another result', () => {
    const body = () => ({ name: 'm', platform: 'onnx' });
    const first = validate(ModelMetadataShape, body(), 'strict');
    const second = validate(ModelMetadataShape, body(), 'strict');
    // zod gives distinct arrays
    expect(oipSchemas.ModelMetadataSchema.parse(body()).inputs).not.toBe(oipSchemas.ModelMetadataSchema.parse(body()).inputs);
    first.inputs.push({ name: 'x', datatype: 'FP32', shape: [1] });
    expect(second.inputs).toEqual([]);
    expect(validate(ModelMetadataShape, body(), 'strict').inputs).toEqual([]);
  });

  it('compiled(): an object default is a fresh copy per result like zod', () => {
    const schema = zm.object({ tags: zm._default(zm.array(zm.string()), []) });
    const fast = compiled(schema);
    const a = validate(fast, {}, 'strict');
    const b = validate(fast, {}, 'strict');
    expect(schema.parse({}).tags).not.toBe(schema.parse({}).tags);
    expect(a.tags).not.toBe(b.tags);
  });
});

describe('__proto__ keys from JSON.parse', () => {
  // Regression: records and loose objects returned the input (or a spread copy)
  // with its own "__proto__" data property; zod deliberately drops "__proto__" from record and
  // loose-object output (so Object.assign / for…in copies of the result cannot swap a prototype).
  it('generated ModelConfigShape (record) drops an own "__proto__" key like ModelConfigSchema', () => {
    const body = JSON.parse('{"max_batch_size":8,"__proto__":{"polluted":true}}');
    const zod = oipSchemas.ModelConfigSchema.parse(body);
    const ours = validate(ModelConfigShape, body, 'strict');
    expect(Object.keys(zod)).toEqual(['max_batch_size']);
    expect(Object.keys(ours)).toEqual(Object.keys(zod));
  });

  it('compiled(looseObject) drops an own "__proto__" key like zod', () => {
    const schema = zm.looseObject({ a: zm.string() });
    const body = JSON.parse('{"a":"s","__proto__":{"polluted":true}}');
    const ours = validate(compiled(schema), body, 'strict') as object;
    expect(Object.keys(ours)).toEqual(Object.keys(schema.parse(body)));
    const copy = Object.assign({}, ours) as { polluted?: boolean };
    expect(copy.polluted).toBeUndefined();
  });
});

describe('validate(): asynchronous schemas must error clearly', () => {
  // Regression: `result instanceof Promise` misses a Promise from another realm (vm context,
  // iframe, a schema library bundled in a worker realm): the pending promise is then treated as a
  // successful result — strict returns undefined, passthrough returns the unchecked body.
  it('a Promise from another realm is refused like a local one, never treated as valid', () => {
    const schema: StandardSchemaV1<unknown, { id: string }> = {
      '~standard': {
        version: 1,
        vendor: 'other-realm',
        validate: () => runInNewContext('Promise.resolve({ issues: [{ message: "bad" }] })'),
      },
    };
    expect(() => validate(schema, { id: 1 }, 'strict', 'op')).toThrow(/asynchronous/);
    expect(() => validate(schema, { id: 1 }, 'passthrough', 'op')).toThrow(/asynchronous/);
  });
});
