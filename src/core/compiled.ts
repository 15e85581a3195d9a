/**
 * `compiled(schema)`: the fast path for a zod or zod/mini schema. Its definition is turned into a
 * {@link Shape} once and compiled into plain checks (no `eval`), which answer the common case — a
 * valid value — at a fraction of the cost of the JSON.parse before it (`npm run bench -- micro`).
 * Values that fail go through zod itself, so messages and edge cases stay zod's. Opt-in, so a
 * bundle that never calls it carries none of it.
 * @module
 */
import { FAIL, FAST_CHECK, type InferOutput, type StandardSchemaV1 } from './schema.js';
import { compileShape, type Shape, type ShapeLiteral } from './shape.js';

interface ZodDef {
  type: string;
  checks?: unknown[];
  check?: unknown;
  format?: unknown;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  element?: ZodLike;
  innerType?: ZodLike;
  keyType?: ZodLike;
  valueType?: ZodLike;
  options?: ZodLike[];
  values?: unknown[];
  defaultValue?: unknown;
  entries?: Record<string, unknown>;
}
interface ZodLike {
  _zod?: { def?: ZodDef };
}

/** A safe-integer check (`z.int()`, or `z.number().check(z.int())`). */
const isSafeInt = (def: ZodDef | undefined): boolean => def?.check === 'number_format' && def.format === 'safeint';
/** A number schema whose every check is the safe-integer one (`z.int().check(z.positive())` has another: not a plain integer). */
const isInteger = (def: ZodDef): boolean =>
  def.type === 'number' && (isSafeInt(def) || !!def.checks?.length) && (def.checks ?? []).every((c) => c === def || isSafeInt((c as ZodLike)._zod?.def));
const hasChecks = (def: ZodDef): boolean => !!def.checks?.length || def.check !== undefined || def.format !== undefined;
const isLiteral = (v: unknown): v is ShapeLiteral => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * The {@link Shape} a zod or zod/mini schema describes, or `null` when it uses something shapes do
 * not cover (refinements, formats, transforms, pipes, strict objects, non-string record keys, …).
 * With a `memo`, a schema met twice gives the same shape object (the shape generator uses this to
 * share sub-shapes).
 *
 * @example
 * ```ts
 * shapeOfZod(z.object({ id: z.string() })); // { object: { id: 'string' } }
 * ```
 */
export function shapeOfZod(schema: unknown, memo?: Map<object, Shape | null>, walking = new Set<unknown>()): Shape | null {
  const known = memo?.get(schema as object);
  if (known !== undefined) return known;
  // a recursive schema (zod's getter idiom) has no finite shape: zod checks it
  if (walking.has(schema)) return null;
  walking.add(schema);
  const def = (schema as ZodLike | null)?._zod?.def;
  const shape = !def ? null : isInteger(def) ? 'integer' : hasChecks(def) ? null : convert(schema, def, (s) => shapeOfZod(s, memo, walking));
  walking.delete(schema);
  memo?.set(schema as object, shape);
  return shape;
}

function convert(schema: unknown, def: ZodDef, inner: (schema: unknown) => Shape | null): Shape | null {
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'unknown':
      return def.type;
    case 'any':
      return 'unknown';
    case 'literal':
    case 'enum': {
      const values = def.type === 'literal' ? (def.values ?? []) : enumValues(def.entries ?? {});
      return values.length > 0 && values.every(isLiteral) ? { literal: values } : null;
    }
    case 'optional':
    case 'nullable':
    case 'array': {
      // exactOptional refuses an explicit undefined, which a shape cannot say
      if ((schema as { _zod?: { traits?: Set<string> } })._zod?.traits?.has('$ZodExactOptional')) return null;
      const of = inner(def.type === 'array' ? def.element : def.innerType);
      if (!of) return null;
      // optional(default(x)) fills in the default, like zod: it is the default itself
      if (def.type === 'optional' && typeof of === 'object' && 'default' in of) return of;
      // zod reads an absent key through nullable (nullable(optional) may be left out,
      // optional(nullable(default)) is filled in); shapes do not: zod checks those itself
      if (def.type === 'nullable' ? absentAware(of) : def.type === 'optional' && typeof of === 'object' && 'nullable' in of && absentAware(of.nullable)) return null;
      return def.type === 'optional' ? { optional: of } : def.type === 'nullable' ? { nullable: of } : { array: of };
    }
    case 'default': {
      const of = inner(def.innerType);
      // read per use, as zod does: its getter calls a function default and copies an object one
      return of && { default: of, get value() { return def.defaultValue; } };
    }
    case 'record': {
      if (def.keyType?._zod?.def?.type !== 'string' || shapeOfZod(def.keyType) === null) return null;
      const of = inner(def.valueType);
      return of && { record: of };
    }
    case 'union': {
      // z.xor refuses a value more than one option takes, which a shape cannot say (a discriminated
      // union, also exclusive, has options no value can match twice); an option that may be absent
      // makes the union's key optional in zod, which shapes do not model: zod checks both itself
      if ((schema as { _zod?: { traits?: Set<string> } })._zod?.traits?.has('$ZodXor')) return null;
      const options = (def.options ?? []).map(inner);
      return options.length > 0 && options.every((o) => o !== null && !absentAware(o)) ? { union: options as Shape[] } : null;
    }
    case 'object': {
      const rest = def.catchall?._zod?.def?.type;
      if (rest !== undefined && rest !== 'unknown' && rest !== 'any') return null;
      const fields: Record<string, Shape> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const of = inner(field);
        if (!of) return null;
        fields[key] = of;
      }
      return rest === undefined ? { object: fields } : { object: fields, loose: true };
    }
    default:
      return null;
  }
}

/** Whether a shape gives an absent key a meaning (may be left out, or a default), directly or through nullable. */
function absentAware(s: Shape): boolean {
  return typeof s === 'object' && ('optional' in s || 'default' in s || ('nullable' in s && absentAware(s.nullable)));
}

/** The values of a `z.enum(entries)`, without a numeric TypeScript enum's reverse mapping (as zod reads them). */
function enumValues(entries: Record<string, unknown>): unknown[] {
  const numbers = Object.values(entries).filter((v) => typeof v === 'number');
  return Object.entries(entries)
    .filter(([k]) => !numbers.includes(+k))
    .map(([, v]) => v);
}

/**
 * Wraps a zod or zod/mini schema with a compiled fast check, for hot paths (every event of a
 * stream, high-rate calls). Valid values are checked without entering zod and give zod's output;
 * invalid ones go through zod for its issues. A schema shapes do not cover is returned as it is.
 * The result is a Standard Schema (use the original for zod's own methods).
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * import { compiled, requestStream } from 'modelwire';
 * const Token = compiled(z.object({ i: z.number(), text: z.string() }));
 * const stream = await requestStream(client, { method: 'GET', path: '/tokens', schema: Token, operation: 'tokens' });
 * ```
 */
export function compiled<S extends StandardSchemaV1>(schema: S): StandardSchemaV1<unknown, InferOutput<S>> {
  const shape = shapeOfZod(schema);
  if (!shape) return schema as StandardSchemaV1<unknown, InferOutput<S>>;
  const check = compileShape(shape);
  return {
    [FAST_CHECK]: check,
    '~standard': {
      ...schema['~standard'],
      validate: (value: unknown) => {
        const out = check(value);
        return out === FAIL ? schema['~standard'].validate(value) : { value: out };
      },
    },
  } as StandardSchemaV1<unknown, InferOutput<S>>;
}
