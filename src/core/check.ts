/**
 * The one range check of the SDK's numeric options (waits, counts, limits): NaN, a negative wait
 * or a fraction of a connection would otherwise misbehave quietly (a tight loop, a guard switched
 * off, a pool that never opens). Also the SDK's one test for a promise a user's callback returned.
 * @module
 */
import { MAX_TIMER_MS } from './deadline.js';
import { InvalidRequestError } from './errors.js';

/**
 * @internal Refuses a numeric option that is given but not a number from `min` to `max` (a whole
 * one when `whole`; `Infinity` passes when `max` is `Infinity`) with an {@link InvalidRequestError}
 * whose `path` is the option. `max` defaults to the longest wait a timer can do (2^31 − 1 ms).
 */
export function checkNumber(operation: string, path: string, value: unknown, min = 0, max = MAX_TIMER_MS, whole = false): asserts value is number | undefined {
  if (value !== undefined && !(typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value) || value === Infinity))) {
    throw new InvalidRequestError(`${operation}: ${path} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got ${String(value)}`, { operation, path });
  }
}

/**
 * @internal Whether `value` is an object that is neither `null` nor an array (a JSON object).
 *
 * @example
 * ```ts
 * isObject({ type: 'json_object' }); // true
 * ```
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * @internal One URL path segment, encoded. It must be a non-empty string other than `.` and `..`
 * (which the URL parser resolves away, reaching another endpoint), with no lone surrogate (which no
 * URL can carry); anything else is refused with an
 * {@link InvalidRequestError} naming `path`.
 *
 * @example
 * ```ts
 * `/v2/models/${pathSegment('my model', 'model')}`; // '/v2/models/my%20model'
 * ```
 */
export function pathSegment(value: unknown, path: string, operation?: string): string {
  try {
    if (typeof value === 'string' && !/^\.{0,2}$/.test(value)) return encodeURIComponent(value);
  } catch {
    // a lone surrogate: no URL can carry it (encodeURIComponent throws a bare URIError)
  }
  throw new InvalidRequestError(`${operation ? `${operation}: ` : ''}${path} must be a non-empty string other than '.' and '..'`, { path, operation });
}

/** @internal Whether a value a user's callback returned is a promise (any thenable) to await or to catch. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
