/**
 * Deterministic pseudo-random values for property tests of schemas: values valid for a Shape
 * (optional keys present or not, unknown keys added, union options mixed), mutations of them
 * (a key dropped, a value replaced, a wrong type deep inside) and arbitrary JSON-ish values.
 */
import type { Shape } from '../../src/core/shape.js';

/** A source of numbers in [0, 1), e.g. `seeded(42)` from test/core/_support.ts. */
export type Rng = () => number;

const ATOMS: unknown[] = [0, 1.5, -2, Number.NaN, Infinity, '', 'x', 'p', 'q', true, false, null, undefined, [], {}, [1, 2], ['a'], { a: 'b' }];
const KEYS = ['id', 'n', 'tags', 'kind', 'meta', 'opt', 'extra'];

/** An arbitrary value of small depth (objects use a few common key names). */
export function anyValue(r: Rng, depth = 0): unknown {
  const x = r();
  if (depth > 2 || x < 0.45) return ATOMS[Math.floor(r() * ATOMS.length)];
  if (x < 0.6) return Array.from({ length: Math.floor(r() * 3) }, () => anyValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (const k of KEYS) if (r() < 0.7) o[k] = anyValue(r, depth + 1);
  return o;
}

/** A value the shape accepts. */
export function validValue(s: Shape, r: Rng, depth = 0): unknown {
  if (s === 'string') return ['', 'a', 'hello', 'ünïcode'][Math.floor(r() * 4)];
  if (s === 'number') return [0, 1, -3.5, 1e9][Math.floor(r() * 4)];
  if (s === 'integer') return [0, 1, -3, 1e9][Math.floor(r() * 4)];
  if (s === 'boolean') return r() < 0.5;
  if (s === 'null') return null;
  if (s === 'unknown') return anyValue(r, 2);
  if ('literal' in s) return s.literal[Math.floor(r() * s.literal.length)];
  if ('optional' in s) return r() < 0.3 ? undefined : validValue(s.optional, r, depth);
  if ('default' in s) return r() < 0.3 ? undefined : validValue(s.default, r, depth);
  if ('nullable' in s) return r() < 0.3 ? null : validValue(s.nullable, r, depth);
  if ('union' in s) return validValue(s.union[Math.floor(r() * s.union.length)]!, r, depth);
  const n = depth > 3 ? 0 : Math.floor(r() * 3);
  if ('array' in s) return Array.from({ length: n }, () => validValue(s.array, r, depth + 1));
  if ('record' in s) return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, validValue(s.record, r, depth + 1)]));
  const o: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(s.object)) {
    const v = validValue(field, r, depth + 1);
    // an optional key is either absent or present with undefined now and then
    if (v !== undefined || r() < 0.2) o[key] = v;
  }
  if (r() < 0.3) o['unknown_key'] = anyValue(r, 2);
  return o;
}

/** The value with one random change somewhere inside (may or may not still be valid). */
export function mutate(value: unknown, r: Rng): unknown {
  if (value === null || typeof value !== 'object') return r() < 0.5 ? anyValue(r) : value;
  const x = r();
  if (Array.isArray(value)) {
    // JSON arrays: no holes, no named properties
    const copy = [...value];
    const i = Math.floor(r() * (copy.length + 1));
    if (i === copy.length || x < 0.2) copy.splice(i, 0, anyValue(r));
    else if (x < 0.4) copy.splice(i, 1);
    else copy[i] = x < 0.7 ? ATOMS[Math.floor(r() * ATOMS.length)] : mutate(copy[i], r);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const key = keys[Math.floor(r() * keys.length)];
  if (key === undefined || x < 0.15) copy['extra'] = anyValue(r);
  else if (x < 0.35) delete copy[key];
  else if (x < 0.6) copy[key] = ATOMS[Math.floor(r() * ATOMS.length)];
  else copy[key] = mutate(copy[key], r);
  return copy;
}
