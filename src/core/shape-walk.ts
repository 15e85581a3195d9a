/**
 * Shapes walked instead of compiled: a Standard Schema that checks each value by walking it through
 * its {@link Shape}, with the output and issues of {@link shapeSchema}, and without the compiler
 * (src/core/shape.ts), which a bundle that checks a few answers per call need not carry.
 * @module
 */
import { isObject } from './check.js';
import { FAIL, type StandardSchemaV1 } from './schema.js';
import { defaultOf, expected, inner, isRequired, PRIMITIVES, received, type Issue, type ObjectShape, type Shape, type ShapeLiteral } from './shape.js';

/**
 * A {@link shapeSchema} without the compiled check: each value is walked through the shape, with
 * the same verdict, issues and output (a copy even where nothing changes). It costs more per value,
 * and a bundle that checks nothing else with shapes carries no compiler (replicate run: 560 B
 * less gzip): for answers checked a few times per call, such as Replicate's predictions, not for
 * every event of a stream.
 *
 * @example
 * ```ts
 * const Prediction = walkedShapeSchema<{ id: string }>({ object: { id: 'string' } });
 * const prediction = validate(Prediction, JSON.parse(text), 'strict', 'replicate.predictions.get');
 * ```
 */
export function walkedShapeSchema<T>(shape: Shape): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'modelwire',
      validate(value: unknown): StandardSchemaV1.Result<T> {
        const issues: Issue[] = [];
        const out = walk(shape, value, [], issues);
        return issues.length > 0 ? { issues } : { value: out as T };
      },
    },
  };
}

/**
 * Walks a value through a shape: the output the compiled check gives (as a copy: objects and arrays
 * are made anew) when it adds no issue to `issues`, else every issue with its path. `path` is where
 * `v` sits, one array for the whole walk (each step pushes its key and pops it again), copied only
 * into an issue.
 */
function walk(s: Shape, v: unknown, path: PropertyKey[], issues: Issue[]): unknown {
  if (typeof s === 'string') {
    const out = PRIMITIVES[s]!(v);
    return out === FAIL ? issue(s, v, path, issues) : out;
  }
  if ('literal' in s) return s.literal.includes(v as ShapeLiteral) ? v : issue(s, v, path, issues);
  const wrapped = inner(s);
  if (wrapped) {
    if (v === undefined && 'default' in s) return defaultOf(s);
    return (v === undefined && 'optional' in s) || (v === null && 'nullable' in s) ? v : walk(wrapped, v, path, issues);
  }
  if ('union' in s) {
    // the first option that passes; else the one that came closest (fewest issues), or the type mismatch when none is close
    let best: Issue[] | undefined;
    for (const option of s.union) {
      const found: Issue[] = [];
      const out = walk(option, v, path, found);
      if (found.length === 0) return out;
      if (found.every((i) => i.path.length > path.length) && (!best || found.length < best.length)) best = found;
    }
    return best ? void issues.push(...best) : issue(s, v, path, issues);
  }
  if ('array' in s) {
    if (!Array.isArray(v)) return issue(s, v, path, issues);
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(at(s.array, v[i], path, issues, i));
    return out;
  }
  if (!isObject(v)) return issue(s, v, path, issues);
  const record = 'record' in s;
  // unknown keys are kept by a record and a loose object, dropped by any other
  const out: Record<string, unknown> = record || (s as ObjectShape).loose ? { ...v } : {};
  // an own "__proto__" is dropped unchecked (see compileRecord and compileObject): no issue there
  delete out['__proto__'];
  if (record) {
    for (const key of Object.keys(out)) out[key] = at(s.record, v[key], path, issues, key);
    return out;
  }
  const fields = (s as ObjectShape).object;
  for (const key of Object.keys(fields)) {
    const field = fields[key]!;
    const value = v[key];
    // an absent key is missing even when its shape accepts undefined (`unknown`), like zod
    if (value === undefined && !(key in v)) {
      if (isRequired(field)) {
        path.push(key);
        issue(field, undefined, path, issues);
        path.pop();
        continue;
      }
      if ('optional' in (field as object)) continue;
    }
    out[key] = at(field, value, path, issues, key);
  }
  return out;
}

/** {@link walk} one step down, at `key`. */
function at(s: Shape, v: unknown, path: PropertyKey[], issues: Issue[], key: PropertyKey): unknown {
  path.push(key);
  const out = walk(s, v, path, issues);
  path.pop();
  return out;
}

/** Adds the issue of a value that is not what its shape expects. */
function issue(s: Shape, v: unknown, path: PropertyKey[], issues: Issue[]): undefined {
  issues.push({ message: `expected ${expected(s)}, received ${received(v)}`, path: [...path] });
  return undefined;
}
