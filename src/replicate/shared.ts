/**
 * Helpers shared by the Replicate operations: path segments, model references, URL trust and
 * `next`-URL pagination. Internal to `modelwire/replicate`.
 * @module
 */
import { isObject } from '../core/check.js';
import { buildUrl, callSecrets, request, scrubValidationError, type CallOptions, type Client, type RequestSpec } from '../core/client.js';
import { NotFoundError, refused, ResponseValidationError } from '../core/errors.js';
import type { InvalidRequestError } from '../core/errors.js';
import { paginate, type Page, type Paginator } from '../core/paginate.js';
import type { StandardSchemaV1 } from '../core/schema.js';

/**
 * `owner/name` with neither half "." or ".." (the URL parser would resolve those away, reaching
 * another endpoint), and no lone surrogate (no URL can carry one).
 */
export const OWNER_NAME = /^(?!\.\.?\/)[^/\s:\p{Cs}]+\/(?!\.\.?$)[^/\s:\p{Cs}]+$/u;

/** Splits `owner/name` into encoded segments. */
export function ownerName(ref: unknown, path: string, operation: string): [owner: string, name: string] {
  if (typeof ref !== 'string' || !OWNER_NAME.test(ref)) {
    invalid(operation, path, '"owner/name"', ref);
  }
  // OWNER_NAME allows exactly one slash
  return ref.split('/').map((part) => encodeURIComponent(part)) as [owner: string, name: string];
}

/** Replicate's API host as the URL parser writes it (lower case, default port dropped), a trailing dot allowed. */
const REPLICATE_API = /^api\.replicate\.com\.?$/;

/**
 * Refuses a create's `idempotencyKey` on Replicate's own API, which has no idempotency key: the core
 * would take the key as making the create safe to repeat and retry it after a 5xx, a timeout or a
 * reset, and each repeat starts (and bills) another prediction, training, deployment, model or
 * file. The host is read as the URL parser reads it, so `:443`, `:0443`, a trailing dot or any case
 * is still Replicate's. Through another base URL (a proxy that honours the client's `idempotencyHeader`) it goes.
 *
 * @example
 * ```ts
 * checkIdempotencyKey(client, options, 'replicate.predictions.create'); // throws InvalidRequestError (path idempotencyKey) on api.replicate.com
 * ```
 */
export function checkIdempotencyKey(client: Client, options: CallOptions | undefined, operation: string): void {
  if (options?.idempotencyKey !== undefined && REPLICATE_API.test(new URL(client.baseURL).host)) {
    throw refused(operation, 'idempotencyKey', "is refused: Replicate's API has no idempotency key (a create retried with one would run twice)");
  }
}

/** Checks that a value is a plain JSON object (for `input`). */
export function requireObject(value: unknown, path: string, operation: string): void {
  if (!isObject(value)) invalid(operation, path, 'an object', value);
}

/** Throws the {@link InvalidRequestError} "`operation`: `path` must be `what`, got …" (a webhook URL may carry a token, so only its type is told). */
export function invalid(operation: string, path: string, what: string, value: unknown): never {
  throw refused(operation, path, `must be ${what}, got ${path === 'webhook' ? typeof value : describe(value)}`);
}

/**
 * Checks a create's `input`: an object whose values, nested too, JSON carries as they are (plain
 * objects, arrays, strings, numbers, booleans, null, objects with `toJSON` such as Date and URL).
 * A function, symbol, bigint, Blob, typed array, Map, Set, other class instance, cycle, NaN or
 * ±Infinity, and an `undefined` or a hole inside an array, is an {@link InvalidRequestError} naming
 * where it is (`input.image`, `input.list[0]`): `JSON.stringify` would drop or mangle it (NaN and
 * an array's `undefined` become `null`) and the prediction would run without it. `root` names
 * another JSON object checked the same way (a file's `metadata`).
 */
export function checkInput(input: unknown, operation: string, root = 'input'): void {
  requireObject(input, root, operation);
  const walk = (v: any, path: string, up: unknown[]): void => {
    // first the values most of a large input (a million samples) is made of: a number costs no tag;
    // JSON.stringify writes NaN and ±Infinity as null: the model would run with another input
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) invalid(operation, path, 'a finite number', v);
      return;
    }
    const t = tag(v);
    if (up.includes(v)) invalid(operation, path, 'acyclic', t);
    // a value with its own toJSON (a Date, a URL, a plain object that has one) is written by it
    if (typeof v?.toJSON === 'function' && !ArrayBuffer.isView(v)) return;
    if (t === 'Array') {
      // the containers above a value, for cycles: one copy per container, not per value
      up = [...up, v];
      // every index, holes included: JSON writes a hole or an undefined element as null
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) invalid(operation, `${path}[${i}]`, 'JSON data, not undefined or a hole (JSON would send null)', undefined);
        walk(v[i], `${path}[${i}]`, up);
      }
    } else if (t === 'Object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
      up = [...up, v];
      // an undefined property is left out by JSON, as if not given
      for (const k of Object.keys(v)) walk(v[k], `${path}.${k}`, up);
    } else if (!/^(String|Number|Boolean|Null|Undefined)$/.test(t)) {
      invalid(operation, path, root === 'input' ? 'JSON data (upload files with createFile)' : 'JSON data', v);
    }
  };
  walk(input, root, []);
}

const EVENTS = ['start', 'output', 'logs', 'completed'];

/** Checks a create's `webhook` (an absolute http(s) URL), `webhook_events_filter` (known events) and `stream` (a boolean). */
export function checkWebhook(p: { webhook?: unknown; webhook_events_filter?: unknown; stream?: unknown }, operation: string): void {
  checkWebhookOnly(p, operation);
  if (p.stream !== undefined && typeof p.stream !== 'boolean') invalid(operation, 'stream', 'a boolean', p.stream);
}

/** {@link checkWebhook} without `stream`, for a create that sets none (`run`). */
export function checkWebhookOnly(p: { webhook?: unknown; webhook_events_filter?: unknown }, operation: string): void {
  const { webhook: w, webhook_events_filter: f } = p;
  if (w !== undefined && (typeof w !== 'string' || !/^https?:\/\/[^/?#\s]/i.test(w))) invalid(operation, 'webhook', 'an absolute http(s) URL', w);
  if (f !== undefined && !(Array.isArray(f) && f.every((e) => EVENTS.includes(e)))) invalid(operation, 'webhook_events_filter', `an array of ${EVENTS}`, f);
}

/** Checks an optional callback (`onProgress`). */
export function checkCallback(value: unknown, path: string, operation: string): void {
  if (value !== undefined && typeof value !== 'function') invalid(operation, path, 'a function', value);
}

/** `Blob`, `Map`, `Object`, `Array`, `Null`, … */
const tag = (v: unknown): string => Object.prototype.toString.call(v).slice(8, -1);

/**
 * Raw bytes as a Uint8Array: a Uint8Array (a Buffer too) or an ArrayBuffer, also one made in another
 * realm (a `node:vm` context, an iframe, a Jest environment), which `instanceof` would miss; otherwise
 * `undefined`.
 */
export function asBytes(value: unknown): Uint8Array | undefined {
  const t = tag(value);
  // a typed array's tag is read from its internal slot, so only a real Uint8Array has this one
  if (t === 'Uint8Array' && ArrayBuffer.isView(value)) return value as Uint8Array;
  return t === 'ArrayBuffer' ? new Uint8Array(value as ArrayBuffer) : undefined;
}

/** A short, secret-free description of a bad value for error messages (a number as itself, undefined as its type). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 80 ? `a ${value.length}-character string` : JSON.stringify(value);
  return typeof value === 'number' ? `${value}` : typeof value === 'object' ? `a ${tag(value)}` : typeof value;
}

/** The scheme and authority of an http(s) URL, as written. */
function originOf(url: string): string | undefined {
  return /^https?:\/\/[^/?#]+/i.exec(url)?.[0];
}

/**
 * `url` on the API's origin (scheme and host are case-insensitive) rewritten with that origin as the
 * base URL writes it, so the core reads it as absolute and sends the credentials; `undefined` for a
 * URL on any other origin.
 */
export function onApiOrigin(client: Client, url: string): string | undefined {
  const origin = originOf(url);
  const own = originOf(client.baseURL)!;
  return origin?.toLowerCase() === own.toLowerCase() ? own + url.slice(origin.length) : undefined;
}

/**
 * Whether the SDK follows a URL the server handed out (`next`, `urls.stream`, `urls.get`): the API's
 * own origin, or https on the default port of replicate.com, replicate.net (Replicate's streaming
 * hosts, `streaming-api.svc.us.c.replicate.net`) or a subdomain of either, with no user info. The
 * client's credentials go only to its own origin (the core's rule), so another such host is read
 * without them.
 */
export function isTrustedUrl(client: Client, url: string): boolean {
  return onApiOrigin(client, url) !== undefined || /^https:\/\/([a-z0-9-]+\.)*replicate\.(com|net)(:443)?(?=[/?#]|$)/i.test(url);
}

/**
 * A trusted URL (see {@link isTrustedUrl}) as the core must see it: on the API's origin in any case,
 * the base URL's origin as written; on another origin, lower-cased (the core reads only `http(s)://`
 * as absolute).
 */
export function followUrl(client: Client, url: string): string {
  return onApiOrigin(client, url) ?? url.replace(/^https?:\/\/[^/?#]+/i, (origin) => origin.toLowerCase());
}

/**
 * Where to fetch a `next` page: the URL itself when it is on the API's origin, otherwise the list
 * path on the client's base URL with the `next` URL's query (so a proxy base URL keeps working and
 * credentials never go to a foreign host).
 */
export function nextPageUrl(client: Client, next: string, listPath: string): string {
  const own = onApiOrigin(client, next);
  if (own !== undefined) return own;
  const q = next.indexOf('?');
  return q < 0 ? listPath : listPath + next.slice(q);
}

/** What a paginated list needs: the first page's request and the item schema's page wrapper. */
export interface ListSpec<T> {
  path: string;
  query?: RequestSpec<unknown>['query'];
  schema: StandardSchemaV1<unknown, { next?: string | null | undefined; results: T[] }>;
  operation: string;
  method?: 'GET' | 'QUERY';
  rawBody?: RequestSpec<unknown>['rawBody'];
}

/**
 * A lazy paginator over a Replicate list endpoint, following each page's `next` URL. `list` may be
 * a function that checks the operation's input and builds the spec: it runs when the first page is
 * fetched, so an {@link InvalidRequestError} it throws is a rejected promise (as every other
 * operation's), never a synchronous throw from the call that makes the paginator.
 *
 * @example
 * ```ts
 * for await (const model of listPages(client, { path: '/models', schema: ModelPageSchema, operation: 'replicate.models.list' })) {}
 * ```
 */
export function listPages<T>(client: Client, list: ListSpec<T> | (() => ListSpec<T>), options?: CallOptions): Paginator<T, string> {
  let resolved: ListSpec<T> | undefined;
  return paginate<T, string>(async (cursor) => {
    // a spec built by a function checks its input here: bad input rejects the first page's promise
    const spec = (resolved ??= typeof list === 'function' ? list() : list);
    const path = cursor === undefined ? spec.path : nextPageUrl(client, cursor, spec.path);
    const query = cursor === undefined ? spec.query : undefined;
    const page = await request(
      client,
      {
        method: (spec.method ?? 'GET') as RequestSpec<unknown>['method'],
        path,
        query,
        rawBody: spec.rawBody,
        schema: spec.schema,
        operation: spec.operation,
        idempotent: true,
      },
      options,
    );
    // with validation 'off' the page is unchecked: what is read below must be there, or the mismatch
    // is a ResponseValidationError (as in every mode), never a TypeError out of the paginator
    const results = (page as Partial<typeof page> | null)?.results;
    const raw = (page as Partial<typeof page> | null)?.next;
    if (!Array.isArray(results) || (raw != null && typeof raw !== 'string')) {
      const issue = Array.isArray(results) ? { path: ['next'], message: 'expected a URL or null' } : { path: ['results'], message: 'expected an array' };
      throw scrubValidationError(new ResponseValidationError([issue], page, { operation: spec.operation }), callSecrets(client, options));
    }
    // an empty `next` (a proxy's rendering of null), one leading back to the first page or to this one
    // however written (relative, the host in capitals), or one off the API's origin without a query (no
    // cursor: the text "null" of the spec's GET /collections example) ends the list: followed, it would
    // fetch a page again (the core's cycle check compares `next` as written) and hand out its items
    // twice, or the list path without the first page's filters (an unsorted, unfiltered list)
    const next = raw || null;
    const at = next === null ? spec.path : nextPageUrl(client, next, spec.path);
    const url = buildUrl(client, at);
    const end = at === spec.path || url === buildUrl(client, spec.path, spec.query) || url === buildUrl(client, path, query);
    return { items: results, next: end ? null : next } satisfies Page<T, string>;
  });
}

/**
 * Replicate answers 429 before doing any work, so a create refused with it may be repeated (under
 * the client's retry limit, budget and deadline) although creates are not idempotent.
 *
 * @example
 * ```ts
 * import { request } from 'modelwire';
 * request(client, { method: 'POST', path: '/predictions', body, operation: 'replicate.predictions.create', refusedBeforeWork: REFUSED_BEFORE_WORK });
 * ```
 */
export const REFUSED_BEFORE_WORK: readonly number[] = [429];

/**
 * Sends a DELETE of `path`. A 404 on a retried attempt resolves: an earlier attempt whose answer was
 * lost (a reset, a gateway's 5xx) or someone else removed the resource, which is what was asked; a
 * 404 on the first attempt is thrown (nothing by that name).
 */
export async function deleteAt(client: Client, path: string, operation: string, options: CallOptions | undefined): Promise<void> {
  try {
    await request(client, { method: 'DELETE', path, operation, responseType: 'none' }, options);
  } catch (err) {
    if (!(err instanceof NotFoundError && err.attempts! > 1)) throw err;
  }
}
