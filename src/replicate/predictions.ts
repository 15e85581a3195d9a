/**
 * Predictions: create (by version, official model or deployment, with sync mode), get, list, cancel.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client, type RequestSpec } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { Paginator } from '../core/paginate.js';
import { PredictionPageShape, PredictionShape } from './shapes.gen.js';
import { checkIdempotencyKey, checkInput, checkWebhook, describe, invalid, listPages, ownerName, REFUSED_BEFORE_WORK, requireObject } from './shared.js';
import type { Prediction, PredictionCreateOptions, PredictionCreateParams, PredictionListParams } from './types.js';

/** @internal */
export const OP_CREATE = 'replicate.predictions.create';
const OP_GET = 'replicate.predictions.get';
const OP_CANCEL = 'replicate.predictions.cancel';
const OP_LIST = 'replicate.predictions.list';

/** A `Cancel-After` duration as Replicate's API documents it: `<n>h`, `<n>m`, `<n>s` in that order (e.g. `1h30m45s`), or bare seconds. */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$|^(\d+)$/;
/** Replicate's shortest allowed lifetime, in seconds. */
const MIN_CANCEL_AFTER_S = 5;

/** `Prefer` header for sync mode, shortened to fit the time left (`timeoutMs`); undefined when no wait fits. */
export function preferHeader(wait: boolean | number | undefined, timeoutMs: number, operation: string): string | undefined {
  if (wait === undefined || wait === false) return undefined;
  if (wait !== true && (!Number.isInteger(wait) || wait < 1 || wait > 60)) {
    invalid(operation, 'wait', 'true or an integer number of seconds from 1 to 60', wait);
  }
  // Leave a second for the response to travel back before the deadline (no deadline: Infinity; a
  // timeoutMs that is no number ≥ 0 is refused by the call before anything is sent)
  const fits = Math.floor((timeoutMs - 1000) / 1000);
  const seconds = Math.min(wait === true ? 60 : wait, fits);
  if (seconds < 1) return undefined;
  return seconds === 60 && wait === true ? 'wait' : `wait=${seconds}`;
}

/** `Cancel-After` header value: seconds as `<n>s`, or a duration string such as `5m` or `1h30m`; at least 5 s, as the API requires. */
export function cancelAfterHeader(value: number | string, operation: string): string {
  const bad = (what: string): never => invalid(operation, 'cancelAfter', what, value);
  if (typeof value === 'number') {
    // past the largest safe integer a number prints as `1e+21`, which the API cannot read
    if (!(value >= MIN_CANCEL_AFTER_S && value <= 2 ** 53 - 1)) bad(`a number of seconds from ${MIN_CANCEL_AFTER_S} to ${2 ** 53 - 1}`);
    return `${Math.ceil(value)}s`;
  }
  const parts = typeof value === 'string' && value !== '' ? DURATION.exec(value) : null;
  if (!parts) return bad('seconds or a duration like "90s", "5m" or "1h30m" (units h, m, s)');
  // either bare seconds or h/m/s parts match; the others stay 0
  const [, h = '0', m = '0', sec = '0', bare = '0'] = parts;
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(sec) + Number(bare);
  if (seconds < MIN_CANCEL_AFTER_S) bad(`at least ${MIN_CANCEL_AFTER_S} seconds`);
  return value;
}

/**
 * Creates a prediction. `version` posts to `/predictions`, `model` (official models) to
 * `/models/{owner}/{name}/predictions`, `deployment` to `/deployments/{owner}/{name}/predictions`.
 * `wait` turns on sync mode (`Prefer: wait`), `cancelAfter` sends `Cancel-After`.
 *
 * Never retried after the request may have reached Replicate (a repeat would run, and bill, the
 * model twice); a refused connection is retried, and so is a 429 (Replicate refuses before doing
 * any work), after its `Retry-After`. An `idempotencyKey` is refused on Replicate's own API, which
 * has none (it would make the create look safe to repeat).
 *
 * @example
 * ```ts
 * const prediction = await createPrediction(client, { model: 'black-forest-labs/flux-schnell', input: { prompt: 'a fox' } }, { wait: 30 });
 * ```
 */
export async function createPrediction(client: Client, params: PredictionCreateParams, options?: CallOptions & PredictionCreateOptions): Promise<Prediction> {
  if (!params || typeof params !== 'object') {
    invalid(OP_CREATE, 'params', 'an object with input and one of version, model or deployment', params);
  }
  checkInput(params.input, OP_CREATE);
  checkWebhook(params, OP_CREATE);
  const targets = (params.version !== undefined ? 1 : 0) + (params.model !== undefined ? 1 : 0) + (params.deployment !== undefined ? 1 : 0);
  if (targets !== 1) {
    throw new InvalidRequestError(`${OP_CREATE}: give exactly one of version, model or deployment (got ${targets})`, { path: 'version', operation: OP_CREATE });
  }
  if (params.version !== undefined) pathSegment(params.version, 'version', OP_CREATE);
  else {
    const target = params.model !== undefined ? 'model' : 'deployment';
    ownerName(params[target], target, OP_CREATE);
  }
  checkIdempotencyKey(client, options, OP_CREATE);
  return postPrediction(client, params, options);
}

/**
 * @internal {@link createPrediction} after its checks of `params` (an object, its input, webhook
 * fields and target, a version as a path segment, a model or deployment as `owner/name`): builds
 * the request and sends it. `run` checks what it builds itself (a version it reads off a model
 * reference is hex or alphanumeric), so its bundle carries none of the checks it cannot fail.
 */
export async function postPrediction(client: Client, params: PredictionCreateParams, options?: CallOptions & PredictionCreateOptions): Promise<Prediction> {
  let path: string;
  // undefined fields are left out by JSON
  const body: Record<string, unknown> = { input: params.input, webhook: params.webhook, webhook_events_filter: params.webhook_events_filter, stream: params.stream };
  if (params.version !== undefined) {
    path = '/predictions';
    body.version = params.version;
  } else {
    // `/models/{owner}/{name}/predictions` or `/deployments/{owner}/{name}/predictions`, of an
    // `owner/name` checked (ownerName) or read off a model reference (run)
    const target = params.model !== undefined ? 'model' : 'deployment';
    path = `/${target}s/${(params[target] as string).split('/').map(encodeURIComponent).join('/')}/predictions`;
  }
  const wait = options?.wait;
  const prefer = preferHeader(wait, options?.timeoutMs ?? client.timeoutMs, OP_CREATE);
  const headers: Record<string, string> = {};
  if (prefer !== undefined) headers.prefer = prefer;
  if (options?.cancelAfter !== undefined) headers['cancel-after'] = cancelAfterHeader(options.cancelAfter, OP_CREATE);
  const spec: RequestSpec<Prediction> = { method: 'POST', path, body, headers, schema: PredictionShape, operation: OP_CREATE, options: 'wait cancelAfter', refusedBeforeWork: REFUSED_BEFORE_WORK };
  // a create retried after a 429 asks for a wait that fits the time left then
  if (prefer !== undefined) {
    spec.timedHeaders = (timeoutMs, headers) => {
      const { prefer: _, ...rest } = headers;
      const fits = preferHeader(wait, timeoutMs, OP_CREATE);
      // printed as the first attempt's headers are: credentials redacted (src/core/redact.ts), a
      // custom authHeader's too (its client's prototype)
      return Object.setPrototypeOf(fits ? { ...rest, prefer: fits } : rest, Object.getPrototypeOf(headers) as object);
    };
  }
  return request(client, spec, options);
}

/**
 * Creates a prediction on a deployment (`POST /deployments/{owner}/{name}/predictions`).
 *
 * @example
 * ```ts
 * const p = await createDeploymentPrediction(client, 'acme/my-app', { input: { prompt: 'hi' } }, { wait: true });
 * ```
 */
export async function createDeploymentPrediction(
  client: Client,
  deployment: string,
  params: {
    /** The model's input; its fields depend on the model. */
    input: Record<string, unknown>;
    /** Deprecated by Replicate (every streaming model returns `urls.stream`); sent only when set. */
    stream?: boolean | undefined;
  } & Pick<PredictionCreateParams, 'webhook' | 'webhook_events_filter'>,
  options?: CallOptions & PredictionCreateOptions,
): Promise<Prediction> {
  return createPrediction(client, { ...params, deployment }, options);
}

/**
 * Gets a prediction by id (retried on 5xx, 429 and connection errors).
 *
 * @example
 * ```ts
 * const p = await getPrediction(client, 'ufawqhfynnddngldkgtslldrkq');
 * ```
 */
export async function getPrediction(client: Client, id: string, options?: CallOptions): Promise<Prediction> {
  return request(client, { method: 'GET', path: `/predictions/${pathSegment(id, 'id', OP_GET)}`, schema: PredictionShape, operation: OP_GET }, options);
}

/**
 * Cancels a prediction. Safe to repeat (cancelling twice changes nothing), so it is retried.
 *
 * @example
 * ```ts
 * const p = await cancelPrediction(client, prediction.id);
 * p.status; // 'canceled' (or the terminal status it already had)
 * ```
 */
export async function cancelPrediction(client: Client, id: string, options?: CallOptions): Promise<Prediction> {
  return request(
    client,
    { method: 'POST', path: `/predictions/${pathSegment(id, 'id', OP_CANCEL)}/cancel`, schema: PredictionShape, operation: OP_CANCEL, idempotent: true },
    options,
  );
}

function isoDate(value: string | Date | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidRequestError(`${OP_LIST}: ${path} is an invalid Date`, { path, operation: OP_LIST });
    return value.toISOString();
  }
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new InvalidRequestError(`${OP_LIST}: ${path} must be an ISO 8601 date-time, got ${describe(value)}`, { path, operation: OP_LIST });
  }
  return value;
}

/**
 * Lists your predictions, newest first, across every page (pages are fetched as you iterate).
 *
 * @example
 * ```ts
 * for await (const p of listPredictions(client, { created_after: '2026-01-01T00:00:00Z' })) console.log(p.id, p.status);
 * const firstPage = (await listPredictions(client).pages()[Symbol.asyncIterator]().next()).value;
 * ```
 */
export function listPredictions(client: Client, params: PredictionListParams = {}, options?: CallOptions): Paginator<Prediction, string> {
  return listPages(
    client,
    () => {
      requireObject(params, 'params', OP_LIST);
      // the spec's closed enum ['web']: another value ('api', 'Web') asks for a filter the API does not have
      if (params.source !== undefined && params.source !== 'web') invalid(OP_LIST, 'source', "'web' (the only source the API filters by)", params.source);
      const query = {
        created_after: isoDate(params.created_after, 'created_after'),
        created_before: isoDate(params.created_before, 'created_before'),
        source: params.source,
      };
      return { path: '/predictions', query, schema: PredictionPageShape, operation: OP_LIST };
    },
    options,
  );
}
