/**
 * A fast path for zod and zod/mini schemas: the schema's definition is compiled once into plain
 * checking functions (no `eval`), which answer the common case, a valid value, at a fraction of
 * the cost of the JSON.parse before it (`npm run bench -- micro`). Anything the compiler does not cover, and every value that fails the fast check,
 * goes through zod itself, so error reporting and edge cases stay zod's.
 * @module
 */

/** Returned by a compiled check when the value does not pass (zod then reports why). */
export const FAIL: unique symbol = Symbol('modelwire.fast-check.fail') as never;

/** A compiled check: the output zod would produce for a valid value, or {@link FAIL}. */
export type FastCheck = (value: unknown) => unknown;

interface ZodDef {
  type: string;
  checks?: unknown[];
  check?: unknown;
  format?: unknown;
  shape?: Record<string, { _zod?: { def?: ZodDef } }>;
  catchall?: { _zod?: { def?: ZodDef } };
  element?: { _zod?: { def?: ZodDef } };
  innerType?: { _zod?: { def?: ZodDef } };
  options?: Array<{ _zod?: { def?: ZodDef } }>;
  values?: unknown[];
  defaultValue?: unknown;
  entries?: Record<string, unknown>;
}

const cache = new WeakMap<object, FastCheck | null>();

/**
 * The compiled check of a zod schema, or `null` when the schema is not zod or uses something the
 * compiler leaves to zod (refinements, transforms, defaults, records, …). Cached per schema.
 *
 * @example
 * ```ts
 * const check = fastCheckOf(z.object({ id: z.string() }));
 * check?.({ id: 'a', extra: 1 }); // { id: 'a' }
 * ```
 */
export function fastCheckOf(schema: object): FastCheck | null {
  let check = cache.get(schema);
  if (check === undefined) {
    check = compile((schema as { _zod?: { def?: ZodDef } })._zod?.def);
    cache.set(schema, check);
  }
  return check;
}

function compile(def: ZodDef | undefined): FastCheck | null {
  if (!def || (def.checks && def.checks.length > 0) || def.check !== undefined || def.format !== undefined) return null;
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : FAIL);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : FAIL);
    case 'null':
      return (v) => (v === null ? v : FAIL);
    case 'unknown':
    case 'any':
      return (v) => v;
    case 'literal': {
      const values = def.values ?? [];
      return (v) => (values.includes(v) ? v : FAIL);
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      return (v) => (values.includes(v) ? v : FAIL);
    }
    case 'optional': {
      const inner = compile(def.innerType?._zod?.def);
      return inner && ((v) => (v === undefined ? v : inner(v)));
    }
    case 'default': {
      // zod returns the default for undefined input, without validating it
      const inner = compile(def.innerType?._zod?.def);
      if (!inner) return null;
      return (v) => {
        if (v === undefined) return def.defaultValue;
        const r = inner(v);
        return r === undefined ? def.defaultValue : r;
      };
    }
    case 'nullable': {
      const inner = compile(def.innerType?._zod?.def);
      return inner && ((v) => (v === null ? v : inner(v)));
    }
    case 'array': {
      const element = compile(def.element?._zod?.def);
      if (!element) return null;
      return (v) => {
        if (!Array.isArray(v)) return FAIL;
        const out: unknown[] = new Array(v.length);
        let same = true;
        for (let i = 0; i < v.length; i++) {
          const r = element(v[i]);
          if (r === FAIL) return FAIL;
          if (r !== v[i]) same = false;
          out[i] = r;
        }
        // zod returns a fresh array without extra properties; the input is as good when it has none
        return same && v.length <= 16 && countKeys(v) === v.length ? v : out;
      };
    }
    case 'union': {
      const options = (def.options ?? []).map((o) => compile(o._zod?.def));
      if (options.length === 0 || options.some((o) => o === null)) return null;
      const checks = options as FastCheck[];
      return (v) => {
        for (const c of checks) {
          const r = c(v);
          if (r !== FAIL) return r;
        }
        return FAIL;
      };
    }
    case 'object':
      return compileObject(def);
    default:
      return null;
  }
}

function compileObject(def: ZodDef): FastCheck | null {
  const catchall = def.catchall?._zod?.def?.type;
  if (catchall !== undefined && catchall !== 'unknown' && catchall !== 'any') return null;
  const keep = catchall !== undefined;
  const keys = Object.keys(def.shape ?? {});
  const checks: FastCheck[] = [];
  const absent: Array<'fail' | 'skip' | 'default'> = [];
  for (const key of keys) {
    const d = def.shape![key]!._zod?.def;
    const c = compile(d);
    if (!c) return null;
    checks.push(c);
    absent.push(d!.type === 'optional' ? 'skip' : d!.type === 'default' ? 'default' : 'fail');
  }
  const n = keys.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const input = v as Record<string, unknown>;
    // Pass 1 checks every field and finds out whether zod's output would equal the input itself
    // (no unknown key to drop, no default to add, nothing nested rebuilt): then no copy is made.
    let present = 0;
    let same = true;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const value = input[key];
      if (value === undefined && !(key in input)) {
        const rule = absent[i];
        if (rule === 'fail') return FAIL;
        if (rule === 'default') same = false;
        continue;
      }
      present++;
      const r = checks[i]!(value);
      if (r === FAIL) return FAIL;
      if (r !== value) same = false;
    }
    if (same && (keep || countKeys(input) === present)) return input;
    // Pass 2 builds the output as zod does (only when something differs).
    const out: Record<string, unknown> = keep ? { ...input } : {};
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const value = input[key];
      if (value === undefined && !(key in input) && absent[i] === 'skip') continue;
      out[key] = checks[i]!(value);
    }
    return out;
  };
}

function countKeys(o: object): number {
  let count = 0;
  for (const _ in o) count++;
  return count;
}
