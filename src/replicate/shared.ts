/**
 * Helpers shared by the Replicate operations: path segments, model references, URL trust and
 * `next`-URL pagination. Internal to `modelwire/replicate`.
 * @module
 */
import { request, type CallOptions, type Client, type RequestSpec } from '../core/client.js';
import { abortReason, createCallContext } from '../core/deadline.js';
import { InvalidRequestError, ModelwireError, RateLimitError } from '../core/errors.js';
import { paginate, type Page, type Paginator } from '../core/paginate.js';
import { backoffDelay, type RetryPolicy } from '../core/retry.js';
import type { StandardSchemaV1 } from '../core/schema.js';
import { sleep } from '../core/sleep.js';

/** Encodes one non-empty path segment; an empty or non-string value is an {@link InvalidRequestError} naming `path`. */
export function seg(value: unknown, path: string, operation: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidRequestError(`${operation}: ${path} must be a non-empty string, got ${describe(value)}`, { path, operation });
  }
  return encodeURIComponent(value);
}

/** Splits `owner/name` into encoded segments. */
export function ownerName(ref: unknown, path: string, operation: string): [owner: string, name: string] {
  if (typeof ref !== 'string' || !/^[^/\s:]+\/[^/\s:]+$/.test(ref)) {
    throw new InvalidRequestError(`${operation}: ${path} must look like "owner/name", got ${describe(ref)}`, { path, operation });
  }
  const slash = ref.indexOf('/');
  return [encodeURIComponent(ref.slice(0, slash)), encodeURIComponent(ref.slice(slash + 1))];
}

/** Checks that a value is a plain JSON object (for `input`). */
export function requireObject(value: unknown, path: string, operation: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidRequestError(`${operation}: ${path} must be an object, got ${describe(value)}`, { path, operation });
  }
}

/** A short, secret-free description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 80 ? `a ${value.length}-character string` : JSON.stringify(value);
  return typeof value;
}

function originOf(url: string): string | undefined {
  const m = /^(https?:\/\/[^/?#]+)/i.exec(url);
  return m?.[1]?.toLowerCase();
}

/**
 * Whether the client's credentials may be sent to a URL the server handed out (`next`, `urls.stream`,
 * `urls.get`): the API's own origin, or https on replicate.com.
 */
export function isTrustedUrl(client: Client, url: string): boolean {
  const origin = originOf(url);
  if (!origin) return false;
  if (origin === originOf(client.baseURL)) return true;
  return /^https:\/\/([a-z0-9-]+\.)*replicate\.com(:443)?$/.test(origin);
}

/**
 * Where to fetch a `next` page: the URL itself when it is on the API's origin, otherwise the list
 * path on the client's base URL with the `next` URL's query (so a proxy base URL keeps working and
 * credentials never go to a foreign host).
 */
export function nextPageUrl(client: Client, next: string, listPath: string): string {
  if (originOf(next) === originOf(client.baseURL)) return next;
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
 * A lazy paginator over a Replicate list endpoint, following each page's `next` URL.
 *
 * @example
 * ```ts
 * for await (const model of listPages(client, { path: '/models', schema: ModelPageSchema, operation: 'replicate.models.list' })) {}
 * ```
 */
export function listPages<T>(client: Client, spec: ListSpec<T>, options?: CallOptions): Paginator<T, string> {
  return paginate<T, string>(async (cursor) => {
    const page = await request(
      client,
      {
        method: (spec.method ?? 'GET') as RequestSpec<unknown>['method'],
        path: cursor === undefined ? spec.path : nextPageUrl(client, cursor, spec.path),
        query: cursor === undefined ? spec.query : undefined,
        rawBody: spec.rawBody,
        schema: spec.schema,
        operation: spec.operation,
        idempotent: true,
      },
      options,
    );
    return { items: page.results, next: page.next } satisfies Page<T, string>;
  });
}

/**
 * Runs a create (a non-idempotent POST) and repeats it only after a 429: Replicate answers 429
 * before doing any work, so the repeat cannot run the model twice. Waits the server's
 * `Retry-After` (or the client's backoff), within the client's retry limit and budget and the
 * call's one deadline. Every other failure surfaces at once.
 *
 * @example
 * ```ts
 * const p = await retryRateLimited(client, options, 'replicate.predictions.create', (o) => request(client, spec, o));
 * ```
 */
export async function retryRateLimited<T>(
  client: Client,
  options: CallOptions | undefined,
  operation: string,
  attempt: (options: CallOptions) => Promise<T>,
): Promise<T> {
  const policy = (client as unknown as { retryPolicy?: RetryPolicy }).retryPolicy;
  const ctx = createCallContext(options?.timeoutMs ?? client.timeoutMs, options?.signal, operation);
  try {
    for (let n = 1; ; n++) {
      try {
        return await attempt({ ...options, signal: ctx.signal, timeoutMs: ctx.remaining() });
      } catch (err) {
        if (!(err instanceof RateLimitError) || options?.retry === false || !policy || n > policy.maxRetries) throw err;
        const delay = err.retryAfterMs ?? backoffDelay(policy, n);
        if (delay >= ctx.remaining() || !policy.budget.trySpend()) throw err;
        await sleep(delay, ctx.signal);
      }
    }
  } catch (err) {
    throw err instanceof ModelwireError || !ctx.signal.aborted ? err : abortReason(ctx.signal, operation);
  } finally {
    ctx.dispose();
  }
}
