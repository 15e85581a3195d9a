/**
 * Shapes: a plain-data description of a JSON value (objects, arrays, unions, optional, nullable,
 * literals, primitives, string-keyed records) and a dependency-free Standard Schema built from it.
 *
 * The platform clients' response schemas are written in zod/mini (`src/<platform>/schemas.ts`, also
 * exported for users); `npm run gen:shapes` turns them into shapes (`src/<platform>/shapes.gen.ts`),
 * which the operations validate with — so an edge bundle carries a few hundred bytes of checking
 * code instead of zod. A test proves that each shape agrees with its zod schema on thousands of
 * generated values (same verdict, same output).
 *
 * A valid value is checked by functions compiled once from the shape (no `eval`) and returned
 * itself when the output would equal it (no unknown key to drop, no default to fill in), so the
 * common case allocates nothing. Only a failing value is walked again, to report every issue with
 * its path.
 * @module
 */
import { isObject } from './check.js';
import { FAIL, FAST_CHECK, type StandardSchemaV1 } from './schema.js';

/** A JSON primitive a {@link Shape} can require exactly. @example `const role: Shape = { literal: ['admin', 'user'] };` */
export type ShapeLiteral = string | number | boolean | null;

/**
 * The description of a JSON value. Strings name primitives (`number` means a finite number,
 * `integer` a safe integer, `unknown` accepts anything); `object` drops unknown keys unless `loose`; `default` fills in
 * `value` for `undefined`; `record` is an object with any string keys whose values match.
 *
 * @example
 * ```ts
 * const user: Shape = { object: { id: 'string', tags: { array: 'string' }, age: { optional: 'number' } } };
 * ```
 */
export type Shape =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'null'
  | 'unknown'
  | {
      /** The allowed values: the value must equal (`===`) one of them. */
      readonly literal: readonly ShapeLiteral[];
    }
  | {
      /** Shape of the value when it is not `undefined`; as an object field, the key may be absent. */
      readonly optional: Shape;
    }
  | {
      /** Shape of the value when it is not `null`. */
      readonly nullable: Shape;
    }
  | {
      /** Shape of the value when it is not `undefined`; as an object field, the key may be absent. */
      readonly default: Shape;
      /** Output for `undefined` (not checked against `default`); an array or object is copied per use. */
      readonly value: unknown;
    }
  | {
      /** Shape of every element of an array. */
      readonly array: Shape;
    }
  | {
      /** Shape of every value of an object with any string keys (an own `__proto__` key is dropped). */
      readonly record: Shape;
    }
  | {
      /** The alternatives, tried in order: the first that accepts the value gives the output. */
      readonly union: readonly Shape[];
    }
  | {
      /** The known keys and the shape of each; a key whose shape is not `optional` or `default` is required. */
      readonly object: { readonly [key: string]: Shape };
      /** Keep unknown keys in the output instead of dropping them. */
      readonly loose?: true | undefined;
    };

type Check = (value: unknown) => unknown;
/** An object shape. */
export type ObjectShape = Extract<Shape, { object: unknown }>;
/** One issue of a value, with its path. */
export type Issue = { message: string; path: PropertyKey[] };


/**
 * A Standard Schema (vendor `modelwire`) that checks values against a {@link Shape}. Compiled on
 * first use; `strict` output drops unknown object keys like zod does.
 *
 * @example
 * ```ts
 * const User = shapeSchema<{ id: string }>({ object: { id: 'string' } });
 * const user = validate(User, JSON.parse(text), 'strict', 'users.get');
 * ```
 */
export function shapeSchema<T>(shape: Shape): StandardSchemaV1<unknown, T> {
  let compiled: Check | undefined;
  const check: Check = (value) => (compiled ??= compile(shape))(value);
  return {
    [FAST_CHECK]: check,
    '~standard': {
      version: 1,
      vendor: 'modelwire',
      validate(value: unknown): StandardSchemaV1.Result<T> {
        const out = check(value);
        if (out !== FAIL) return { value: out as T };
        const issues: Issue[] = [];
        explain(shape, value, [], issues);
        return { issues };
      },
    },
  } as StandardSchemaV1<unknown, T>;
}

/**
 * Compiles a shape into a check that returns the output for a valid value, or `FAIL`.
 *
 * @example
 * ```ts
 * compileShape({ array: 'number' })([1, 2]); // [1, 2]
 * ```
 */
export function compileShape(shape: Shape): (value: unknown) => unknown {
  return compile(shape);
}

/** The check of each primitive a shape names: the value, or `FAIL`. */
export const PRIMITIVES: Record<string, Check> = {
  string: (v) => (typeof v === 'string' ? v : FAIL),
  number: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL),
  integer: (v) => (Number.isSafeInteger(v) ? v : FAIL),
  boolean: (v) => (typeof v === 'boolean' ? v : FAIL),
  null: (v) => (v === null ? v : FAIL),
  unknown: (v) => v,
};

/** Compiled checks by shape node: a sub-shape used in many places (or walked per element when explaining a failure) compiles once. */
const compiledNodes = new WeakMap<object, Check>();

function compile(s: Shape): Check {
  if (typeof s === 'string') return PRIMITIVES[s]!;
  let check = compiledNodes.get(s);
  if (!check) compiledNodes.set(s, (check = compileNode(s)));
  return check;
}

function compileNode(s: Exclude<Shape, string>): Check {
  if ('literal' in s) {
    const values = s.literal;
    return (v) => (values.includes(v as ShapeLiteral) ? v : FAIL);
  }
  const wrapped = inner(s);
  if (wrapped) {
    const check = compile(wrapped);
    // like zod: undefined becomes the default, which is not itself checked
    if ('default' in s) return (v) => (v === undefined ? defaultOf(s) : check(v));
    return 'optional' in s ? (v) => (v === undefined ? v : check(v)) : (v) => (v === null ? v : check(v));
  }

  if ('union' in s) {
    const options = s.union.map(compile);
    return (v) => {
      for (const option of options) {
        const r = option(v);
        if (r !== FAIL) return r;
      }
      return FAIL;
    };
  }
  if ('array' in s) return compileArray(compile(s.array));
  if ('record' in s) return compileRecord(compile(s.record));
  // (the wrappers returned above)
  return compileObject((s as ObjectShape).object, (s as ObjectShape).loose === true);
}

/**
 * A default's value for one output: a `value` getter is read per use (compiled() passes zod's, which
 * calls a function default); an object or array is copied, like zod, so a change to one result
 * cannot show up in another.
 */
export function defaultOf(s: { readonly value: unknown }): unknown {
  const value = s.value;
  return Array.isArray(value) ? value.slice() : isObject(value) ? { ...value } : value;
}

function compileArray(element: Check): Check {
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      const r = element(item);
      if (r === FAIL) return FAIL;
      if (r !== item && !out) out = v.slice(0, i);
      if (out) out[i] = r;
    }
    return out ?? v;
  };
}

function compileRecord(value: Check): Check {
  return (v) => {
    if (!isObject(v)) return FAIL;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(v)) {
      // an own "__proto__" (JSON.parse makes one) is dropped, like zod: a copy of the output must not change its prototype
      if (key === '__proto__') {
        out ??= { ...v };
        delete out[key];
        continue;
      }
      const item = v[key];
      const r = value(item);
      if (r === FAIL) return FAIL;
      if (r !== item) out ??= { ...v };
      if (out) out[key] = r;
    }
    return out ?? v;
  };
}

/** Whether an object key with this shape must be present (not `optional`, no `default`). */
export const isRequired = (f: Shape): boolean => typeof f === 'string' || !('optional' in f || 'default' in f);

/** Fields of these shapes are checked inline in the object loop (a call per field costs more than the check). */
const inlined = (s: Shape): string | undefined => (s === 'string' || s === 'number' || s === 'boolean' ? s : undefined);

function compileObject(fields: { readonly [key: string]: Shape }, loose: boolean): Check {
  const keys = Object.keys(fields);
  const checks = keys.map((k) => compile(fields[k]!));
  const types = keys.map((k) => inlined(fields[k]!));
  // what an absent key means: 0 required, 1 may be left out, 2 filled in by a default
  const absent = keys.map((k) => {
    const f = fields[k]!;
    return isRequired(f) ? 0 : 'optional' in (f as object) ? 1 : 2;
  });
  const n = keys.length;
  /** Field `i`'s output for `value` (plain primitives are checked here, without a call). */
  const field = (i: number, value: unknown): unknown => {
    const type = types[i];
    if (type === undefined) return checks[i]!(value);
    return (type === 'number' ? Number.isFinite(value) : typeof value === type) ? value : FAIL;
  };
  // The keys, in order, of the last object that passed as it is, with their field indexes. An
  // object with the same keys in the same order (the usual case: one server, one serializer) is
  // checked in a single for-in pass, whose property loads V8 serves from the enumeration cache.
  let order: readonly string[] = keys;
  let indexes = keys.map((_, i) => i);
  const general = (v: Record<string, unknown>): unknown => {
    // Pass 1 checks every field and finds out whether the output would equal the input itself
    // (no unknown key to drop, no default to add, nothing nested rebuilt): then no copy is made.
    let same = true;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const value = v[key];
      if (value === undefined && !(key in v)) {
        if (absent[i] === 0) return FAIL;
        if (absent[i] === 2) same = false;
        continue;
      }
      const r = field(i, value);
      if (r === FAIL) return FAIL;
      if (r !== value) same = false;
    }
    if (same) {
      // One walk of the object's own keys: a key the shape does not know is dropped (strict, so a
      // copy is made) or kept (loose, the object passes as it is); with every key known, the object
      // passes as it is and its key order is learnt for the single-pass check below.
      const seen: string[] = [];
      const at: number[] = [];
      let unknown = false;
      for (const key in v) {
        const i = keys.indexOf(key);
        if (i < 0) {
          // loose keeps unknown keys, except an own "__proto__", which is dropped like zod does
          if (loose && key !== '__proto__') {
            unknown = true;
            continue;
          }
          same = false;
          break;
        }
        seen.push(key);
        at.push(i);
      }
      if (same && unknown) return v;
      if (same) {
        order = seen;
        indexes = at;
        return v;
      }
    }
    // Pass 2 builds the output (only when something differs).
    const out: Record<string, unknown> = loose ? { ...v } : {};
    if (loose) delete out['__proto__'];
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      if (v[key] === undefined && !(key in v) && absent[i] === 1) continue;
      out[key] = checks[i]!(v[key]);
    }
    return out;
  };
  return (v) => {
    if (!isObject(v)) return FAIL;
    let pos = 0;
    for (const key in v) {
      if (key !== order[pos]) return general(v);
      const value = v[key];
      const r = field(indexes[pos++]!, value);
      if (r !== value) return r === FAIL ? FAIL : general(v);
    }
    return pos === order.length ? v : general(v);
  };
}

/** What a value is, in a word, for issue messages. */
export function received(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

/** The shape an `optional`, `default` or `nullable` shape wraps; undefined for any other. */
export const inner = (s: Exclude<Shape, string>): Shape | undefined => ('optional' in s ? s.optional : 'default' in s ? s.default : 'nullable' in s ? s.nullable : undefined);

/** What a shape expects, in a few words, for issue messages. */
export function expected(s: Shape): string {
  if (typeof s === 'string') return s;
  if ('literal' in s) return s.literal.map((l) => JSON.stringify(l)).join(' | ');
  const wrapped = inner(s);
  if (wrapped) return 'nullable' in s ? `${expected(wrapped)} | null` : expected(wrapped);
  if ('union' in s) return s.union.map(expected).join(' | ');
  return 'array' in s ? 'array' : 'object';
}

/** Collects every issue of a value that failed its check, with paths (the slow path, run once per failure). */
function explain(s: Shape, v: unknown, path: PropertyKey[], issues: Issue[]): void {
  if (compile(s)(v) !== FAIL) return;
  const typeIssue = () => issues.push({ message: `expected ${expected(s)}, received ${received(v)}`, path });
  if (typeof s === 'string' || 'literal' in s) return void typeIssue();
  // (undefined for optional and default, null for nullable, passed the check above)
  const wrapped = inner(s);
  if (wrapped) return explain(wrapped, v, path, issues);
  if ('union' in s) {
    // report the option that came closest (fewest issues), or the type mismatch when none is close
    let best: Issue[] | undefined;
    for (const option of s.union) {
      const found: Issue[] = [];
      explain(option, v, path, found);
      if (found.length > 0 && found.every((i) => i.path.length > path.length) && (!best || found.length < best.length)) best = found;
    }
    return void (best ? issues.push(...best) : typeIssue());
  }
  if ('array' in s) {
    if (!Array.isArray(v)) return void typeIssue();
    for (let i = 0; i < v.length; i++) explain(s.array, v[i], [...path, i], issues);
    return;
  }
  if (!isObject(v)) return void typeIssue();
  if ('record' in s) {
    // an own "__proto__" is dropped unchecked (see compileRecord): no issue there
    for (const key of Object.keys(v)) if (key !== '__proto__') explain(s.record, v[key], [...path, key], issues);
    return;
  }
  // (the wrappers were explained above)
  for (const key of Object.keys((s as ObjectShape).object)) {
    const field = (s as ObjectShape).object[key]!;
    // an absent key is missing even when its shape accepts undefined (`unknown`), like zod
    if (!(key in v) && isRequired(field)) issues.push({ message: `expected ${expected(field)}, received undefined`, path: [...path, key] });
    else explain(field, v[key], [...path, key], issues);
  }
}
