/**
 * Models and their versions: list, get, create, update, delete, search, readme, examples.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { Paginator } from '../core/paginate.js';
import { ModelPageShape, ModelShape, ModelSearchPageShape, PredictionPageShape, SearchResultShape, VersionPageShape, VersionShape } from './shapes.gen.js';
import { checkIdempotencyKey, deleteAt, describe, listPages, ownerName, REFUSED_BEFORE_WORK, requireObject, type ListSpec } from './shared.js';
import type { Model, ModelCreateParams, ModelListParams, ModelUpdateParams, ModelVersion, Prediction, SearchResult } from './types.js';

/**
 * Lists public models across every page (`GET /models`), lazily.
 *
 * @example
 * ```ts
 * for await (const model of listModels(client, { sort_by: 'model_created_at' })) console.log(`${model.owner}/${model.name}`);
 * const first20 = await listModels(client).toArray(20);
 * ```
 */
export function listModels(client: Client, params: ModelListParams = {}, options?: CallOptions): Paginator<Model, string> {
  const op = 'replicate.models.list';
  return listPages(
    client,
    () => {
      // read when the first page is fetched: null params reject, never throw from this call
      requireObject(params, 'params', op);
      return { path: '/models', query: { sort_by: params.sort_by, sort_direction: params.sort_direction }, schema: ModelPageShape, operation: op };
    },
    options,
  );
}

/**
 * Gets a model by `owner/name`.
 *
 * @example
 * ```ts
 * const model = await getModel(client, 'replicate/hello-world');
 * ```
 */
export async function getModel(client: Client, model: string, options?: CallOptions): Promise<Model> {
  const op = 'replicate.models.get';
  const [owner, name] = ownerName(model, 'model', op);
  return request(client, { method: 'GET', path: `/models/${owner}/${name}`, schema: ModelShape, operation: op }, options);
}

/**
 * Creates a model (`POST /models`). Not retried once it may have reached Replicate.
 *
 * @example
 * ```ts
 * const model = await createModel(client, { owner: 'alice', name: 'hot-dog', visibility: 'private', hardware: 'cpu' });
 * ```
 */
export async function createModel(client: Client, params: ModelCreateParams, options?: CallOptions): Promise<Model> {
  const op = 'replicate.models.create';
  requireObject(params, 'params', op);
  for (const key of ['owner', 'name', 'visibility', 'hardware'] as const) pathSegment(params[key], key, op);
  if (params.visibility !== 'public' && params.visibility !== 'private') {
    throw new InvalidRequestError(`${op}: visibility must be "public" or "private", got ${describe(params.visibility)}`, { path: 'visibility', operation: op });
  }
  checkIdempotencyKey(client, options, op);
  return request(client, { method: 'POST', path: '/models', body: params, schema: ModelShape, operation: op, refusedBeforeWork: REFUSED_BEFORE_WORK }, options);
}

/**
 * Updates a model's metadata and README (`PATCH /models/{owner}/{name}`).
 *
 * @example
 * ```ts
 * await updateModel(client, 'alice/hot-dog', { description: 'Detects hot dogs', readme: '# Hot dog' });
 * ```
 */
export async function updateModel(client: Client, model: string, params: ModelUpdateParams, options?: CallOptions): Promise<Model> {
  const op = 'replicate.models.update';
  const [owner, name] = ownerName(model, 'model', op);
  requireObject(params, 'params', op);
  return request(client, { method: 'PATCH', path: `/models/${owner}/${name}`, body: params, schema: ModelShape, operation: op }, options);
}

/**
 * Deletes a private model that has no versions (`DELETE /models/{owner}/{name}`).
 * Retried on a 5xx or a reset; a retry answered 404 resolves (an earlier attempt's answer was lost).
 *
 * @example
 * ```ts
 * await deleteModel(client, 'alice/hot-dog');
 * ```
 */
export async function deleteModel(client: Client, model: string, options?: CallOptions): Promise<void> {
  const op = 'replicate.models.delete';
  const [owner, name] = ownerName(model, 'model', op);
  return deleteAt(client, `/models/${owner}/${name}`, op, options);
}

/**
 * A search query is text (a query parameter, or the body of `QUERY /models`), never a path segment:
 * '.' and '..' are queries like any other. Refused: no string, an empty one, and a lone surrogate,
 * which no URL can carry and a UTF-8 body would turn into U+FFFD.
 */
function checkQuery(query: unknown, operation: string): void {
  try {
    if (typeof query === 'string' && query !== '' && encodeURIComponent(query)) return;
  } catch {
    // a lone surrogate (encodeURIComponent throws a bare URIError)
  }
  throw new InvalidRequestError(`${operation}: query must be a non-empty string of whole characters`, { path: 'query', operation });
}

/**
 * Searches public models (`QUERY /models` with the query as plain text), across every page.
 *
 * @example
 * ```ts
 * const hits = await searchModels(client, 'upscaler').toArray(10);
 * ```
 */
export function searchModels(client: Client, query: string, options?: CallOptions): Paginator<Model, string> {
  const op = 'replicate.models.search';
  return listPages(
    client,
    () => {
      checkQuery(query, op);
      return { method: 'QUERY', path: '/models', rawBody: { data: query, contentType: 'text/plain' }, schema: ModelSearchPageShape, operation: op };
    },
    options,
  );
}

/**
 * Searches models, collections and docs (`GET /search`), ranked, with metadata.
 *
 * @example
 * ```ts
 * const result = await search(client, 'nano banana', { limit: 5 });
 * result.models[0]?.model.name;
 * ```
 */
export async function search(
  client: Client,
  query: string,
  params: {
    /** Maximum number of model results, 1 to 50 (server default 20). */
    limit?: number | undefined;
  } = {},
  options?: CallOptions,
): Promise<SearchResult> {
  const op = 'replicate.search';
  checkQuery(query, op);
  requireObject(params, 'params', op);
  if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1 || params.limit > 50)) {
    throw new InvalidRequestError(`${op}: limit must be an integer from 1 to 50, got ${describe(params.limit)}`, { path: 'limit', operation: op });
  }
  return request(client, { method: 'GET', path: '/search', query: { query, limit: params.limit }, schema: SearchResultShape, operation: op }, options);
}

/**
 * Lists a model's versions, newest first, across every page.
 *
 * @example
 * ```ts
 * for await (const v of listModelVersions(client, 'replicate/hello-world')) console.log(v.id);
 * ```
 */
export function listModelVersions(client: Client, model: string, options?: CallOptions): Paginator<ModelVersion, string> {
  return modelList(client, model, 'versions', VersionPageShape, 'replicate.models.versions.list', options);
}

/** A list under one model (`/models/{owner}/{name}/{what}`); the model is checked when the first page is fetched (bad input rejects, never throws). */
function modelList<T>(
  client: Client,
  model: string,
  what: 'versions' | 'examples',
  schema: ListSpec<T>['schema'],
  op: string,
  options: CallOptions | undefined,
): Paginator<T, string> {
  return listPages(
    client,
    () => {
      const [owner, name] = ownerName(model, 'model', op);
      return { path: `/models/${owner}/${name}/${what}`, schema, operation: op };
    },
    options,
  );
}

/**
 * Gets one version of a model.
 *
 * @example
 * ```ts
 * const v = await getModelVersion(client, 'replicate/hello-world', '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa');
 * ```
 */
export async function getModelVersion(client: Client, model: string, versionId: string, options?: CallOptions): Promise<ModelVersion> {
  const op = 'replicate.models.versions.get';
  const [owner, name] = ownerName(model, 'model', op);
  return request(client, { method: 'GET', path: `/models/${owner}/${name}/versions/${pathSegment(versionId, 'versionId', op)}`, schema: VersionShape, operation: op }, options);
}

/**
 * Deletes a version of a model (Replicate accepts the request and deletes it within minutes).
 * Retried on a 5xx or a reset; a retry answered 404 resolves (an earlier attempt's answer was lost).
 *
 * @example
 * ```ts
 * await deleteModelVersion(client, 'alice/hot-dog', 'abc123');
 * ```
 */
export async function deleteModelVersion(client: Client, model: string, versionId: string, options?: CallOptions): Promise<void> {
  const op = 'replicate.models.versions.delete';
  const [owner, name] = ownerName(model, 'model', op);
  return deleteAt(client, `/models/${owner}/${name}/versions/${pathSegment(versionId, 'versionId', op)}`, op, options);
}

/**
 * Gets a model's README as Markdown text.
 *
 * @example
 * ```ts
 * const markdown = await getModelReadme(client, 'replicate/hello-world');
 * ```
 */
export async function getModelReadme(client: Client, model: string, options?: CallOptions): Promise<string> {
  const op = 'replicate.models.readme.get';
  const [owner, name] = ownerName(model, 'model', op);
  return request<string>(client, { method: 'GET', path: `/models/${owner}/${name}/readme`, operation: op, responseType: 'text', accept: 'text/plain' }, options);
}

/**
 * Lists a model's example predictions across every page.
 *
 * @example
 * ```ts
 * const examples = await listModelExamples(client, 'replicate/hello-world').toArray();
 * ```
 */
export function listModelExamples(client: Client, model: string, options?: CallOptions): Paginator<Prediction, string> {
  return modelList(client, model, 'examples', PredictionPageShape, 'replicate.models.examples.list', options);
}
