/**
 * The SDK's checks of its options: the one range check of numeric options (waits, counts, limits:
 * NaN, a negative wait or a fraction of a connection would otherwise misbehave quietly: a tight
 * loop, a guard switched off, a pool that never opens), the one check of an option's kind (a
 * function, a string, an object), the one refusal of an option name a factory does not know (a
 * misspelt `timeoutMS` would leave the default in force), and the one check of a header value. Also the
 * SDK's one test for a promise a user's callback returned.
 * @module
 */
import { InvalidRequestError, refused } from './errors.js';
import type { ValidationMode } from './types.js';

/**
 * The longest delay a timer takes (2^31 − 1 ms, about 24.8 days): runtimes fire a longer
 * `setTimeout` at once. A call deadline beyond it is not enforced (like `Infinity`), and retry
 * delays are limited to it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * What a refused value was: a number (`NaN`, `-1`) or `null` itself, otherwise only its kind
 * (`'3'` is a `string`, `[3]` an `array`; a value that may be a credential is never quoted).
 */
const shown = (value: unknown): unknown => (typeof value === 'number' || value === null ? value : Array.isArray(value) ? 'array' : typeof value);

/**
 * @internal Refuses a numeric option that is given but not a number from `min` to `max` (a whole
 * one when `whole`; `Infinity` passes when `max` is `Infinity`) with an {@link InvalidRequestError}
 * whose `path` is the option. `max` defaults to the longest wait a timer can do (2^31 − 1 ms).
 */
export function checkNumber(operation: string, path: string, value: unknown, min = 0, max = MAX_TIMER_MS, whole = false): asserts value is number | undefined {
  if (value !== undefined && !(typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value) || value === Infinity))) {
    throw refused(operation, path, `must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got ${shown(value)}`);
  }
}

/**
 * @internal The names of the core's per-call options (`CallOptions`), for {@link checkOptions}:
 * every operation takes them, and some take names of their own besides.
 */
export const CALL_OPTIONS = 'signal timeoutMs headers idempotencyKey validation retry';

/**
 * @internal Checks a call's options before anything is sent. Refuses, as {@link checkOptions}
 * does, options that are no object or carry a name (other than an `undefined` one) that is neither
 * a {@link CALL_OPTIONS} name nor one of `own`, the operation's own names separated by spaces (a
 * misspelt `timeoutMS` would leave the client's deadline in force; `null` or no options pass), and
 * a validation mode that is not one of the three ({@link checkMode}), which it returns.
 *
 * @example
 * ```ts
 * checkCall('oip.infer', JSON.parse('{"timeoutMS": 2000}'), 'version binary'); // throws: timeoutMS is not an option
 * ```
 */
export function checkCall(operation: string, options: { validation?: ValidationMode | undefined } | null | undefined, own?: string): ValidationMode | undefined {
  if (options != null) checkOptions(operation, options, own ? `${CALL_OPTIONS} ${own}` : CALL_OPTIONS);
  return checkMode(options?.validation, operation);
}

/**
 * @internal Refuses a validation mode that is not one of the three (a typo would validate strictly);
 * `undefined` (none given) passes.
 */
export function checkMode<M extends ValidationMode | undefined>(mode: M, operation: string): M {
  if (mode !== undefined && !['strict', 'passthrough', 'off'].includes(mode)) {
    throw refused(operation, 'validation', `must be 'strict', 'passthrough' or 'off', got ${String(mode)}`);
  }
  return mode;
}

/** @internal The kinds of option {@link checkType} and {@link checkOptions} check. */
export type Kind = 'function' | 'string' | 'boolean' | 'object';

/**
 * @internal Checks an options object against `spec`, its option names separated by spaces, each
 * with an optional {@link Kind} after a colon, e.g. `'fetch:function init:object'`. Refuses, with
 * an {@link InvalidRequestError} whose `path` is the option (under `path`, the object's own path,
 * when given): options that are given but no object, an option of another kind than declared, and
 * any option (other than an `undefined` one) whose name is not in `spec`: a misspelt `timeoutMS`,
 * or `baseUrl` for `baseURL`, would otherwise be ignored and its default used in silence. The
 * message lists the known names.
 *
 * @example
 * ```ts
 * checkOptions('fetchTransport', { fetsh: fetch }, 'fetch:function init:object'); // throws: fetsh is not an option
 * ```
 */
export function checkOptions(operation: string, options: unknown, spec: string, path = ''): void {
  if (options === undefined) return;
  checkType(operation, path || 'options', options, 'object');
  const o = options as Record<string, unknown>;
  const at = path && `${path}.`;
  // every call of every operation runs this (checkCall): a spec without kinds, a call's, is neither split
  // nor matched, and the names are looked up in it as it is (about 1.7 µs a call with a split per entry)
  for (const [, name, type] of spec.includes(':') ? spec.matchAll(/(\w+):(\w+)/g) : []) checkType(operation, at + name, o[name!], type as Kind);
  const names = ` ${spec.replace(/:\w+/g, '')} `;
  for (const k in o) {
    // (a name with a space, `'timeoutMs headers'`, would be found across two names)
    if (o[k] !== undefined && (k.includes(' ') || !names.includes(` ${k} `))) throw refused(operation, at + k, `is not an option (known: ${names.trim()})`);
  }
}

/**
 * @internal Refuses an option that is given (or `required`) but not of `type` (`object`: neither
 * `null` nor an array), with an {@link InvalidRequestError} whose `path` is the option; the value
 * itself is never quoted, only its kind.
 *
 * @example
 * ```ts
 * checkType('createClient', 'onRetry', options.onRetry, 'function');
 * ```
 */
export function checkType(operation: string, path: string, value: unknown, type: Kind, required = false): void {
  if ((required || value !== undefined) && !(type === 'object' ? isObject(value) : typeof value === type)) {
    throw refused(operation, path, `must be ${type === 'object' ? 'an' : 'a'} ${type}, got ${shown(value)}`);
  }
}

/** @internal A character no runtime sends in a header value (HTTP allows tab, visible ASCII and Latin-1). */
export const BAD_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * @internal A header value as sent: a string, or a number as its text (anything else would go out
 * as `undefined` or `[object Object]`), of tab, printable ASCII and Latin-1 only: no line break or
 * NUL (fetch would trim a trailing one and quote the header back for one inside, undici refuse it
 * at send), no other control character, DEL or character past Latin-1 (Node's fetch refuses those
 * at send as a failure that may have reached the server). Anything else is refused
 * with `path: 'headers.<name>'`, the value not shown. (A name that is no header name is refused
 * by both transports before sending, with `path: 'headers'`.)
 *
 * @example
 * ```ts
 * headerValue(3, 'x-retries', 'createClient'); // '3'
 * ```
 */
export function headerValue(value: unknown, name: string, operation: string): string {
  if ((typeof value === 'string' || typeof value === 'number') && !BAD_HEADER_CHAR.test(`${value}`)) return `${value}`;
  throw refused(operation, `headers.${name}`, 'is not a valid header value (value not shown)');
}

/**
 * @internal Refuses headers (given, or `required`) that are not a plain object of names to values
 * with `path: 'headers'`: a `Headers` instance, a `Map` or `[name, value]` pairs (fetch's
 * HeadersInit) keep their entries where neither `for…in` nor `Object.entries` finds them, so they
 * would be dropped in silence or read as `headers.append`.
 *
 * @example
 * ```ts
 * checkHeaders('createClient', new Headers()); // throws: pass Object.fromEntries(headers)
 * ```
 */
export function checkHeaders(operation: string, value: unknown, required = false): void {
  if ((required || value !== undefined) && !(isObject(value) && !(Symbol.iterator in value))) {
    throw refused(operation, 'headers', 'must be a plain object (for Headers or pairs: Object.fromEntries())');
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
 * @internal True for a plain object: an object literal or `Object.create(null)`; not an array, a
 * class instance or any other object with a prototype of its own.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
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
