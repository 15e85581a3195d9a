/**
 * Models: repository index, metadata, readiness, configuration and statistics.
 * @module
 */
import { request } from '../core/client.js';
import { InvalidRequestError, named, refused, type APIError } from '../core/errors.js';
import { coreOf, modelPath, type OipClientLike } from './connection.js';
import { ModelConfigShape, ModelMetadataShape, ModelStatsShape, RepositoryIndexShape } from './shapes.gen.js';
import { probe } from './server.js';
import type { ListModelsOptions, ModelCallOptions, ModelMetadata, RepositoryIndexEntry, TargetCallOptions } from './types.js';

export type { ListModelsOptions } from './types.js';

/**
 * @internal {@link modelPath} of `model` and `version`, then `suffix`: a name or version that is no path
 * segment is refused with an InvalidRequestError naming `operation`.
 */
export function pathOf(operation: string, model: string, version: string | undefined, suffix = ''): string {
  try {
    return modelPath(model, version) + suffix;
  } catch (err) {
    throw named(err, operation);
  }
}

/**
 * Lists every model in the server's repository, loaded or not (`POST /v2/repository/index`,
 * model repository extension). Read-only, so declared idempotent and retried.
 *
 * @example
 * ```ts
 * for (const m of await listModels(client)) console.log(m.name, m.version, m.state);
 * ```
 */
export async function listModels(client: OipClientLike, options?: ListModelsOptions): Promise<RepositoryIndexEntry[]> {
  options ??= {};
  // the string 'false' would be sent, and read as true
  if (options.ready !== undefined && typeof options.ready !== 'boolean') throw refused('oip.models.list', 'ready', 'must be a boolean');
  return request(
    coreOf(client),
    {
      method: 'POST',
      path: '/v2/repository/index',
      body: options.ready === undefined ? {} : { ready: options.ready },
      schema: RepositoryIndexShape,
      operation: 'oip.models.list',
      options: 'ready',
      idempotent: true,
    },
    options,
  );
}

/**
 * Reads a model's metadata: platform, versions, and every input and output with datatype and shape
 * (`-1` for a dynamic dimension). A missing model throws `NotFoundError` (or the server's 400, as Triton does).
 *
 * @example
 * ```ts
 * const meta = await getModel(client, 'mlp');
 * console.log(meta.inputs); // [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }]
 * ```
 */
export async function getModel(client: OipClientLike, model: string, options?: ModelCallOptions): Promise<ModelMetadata> {
  options ??= {};
  const meta = await request(
    coreOf(client),
    { method: 'GET', path: pathOf('oip.models.get', model, options.version), schema: ModelMetadataShape, operation: 'oip.models.get', options: 'version' },
    options,
  );
  // `inputs` and `outputs` are optional in the protocol; the schema's `[]` defaults only reach the
  // caller in `strict` mode (`passthrough` returns the body as sent), so they are filled here too.
  // KServe sends an absent `versions` as null: dropped, as the type says
  if (meta !== null && typeof meta === 'object') {
    meta.inputs ??= [];
    meta.outputs ??= [];
    if (meta.versions === null) delete meta.versions;
  }
  return meta as ModelMetadata;
}

/**
 * True when the model (or version) is ready for inference (`GET /v2/models/{name}/ready` answered 200,
 * and not with a body `{ "ready": false }`). Any status error (not ready, unknown model) gives
 * `false`; an unreachable server throws.
 *
 * @example
 * ```ts
 * if (await modelReady(client, 'mlp', { version: '1' })) await infer(client, 'mlp', req);
 * ```
 */
export async function modelReady(client: OipClientLike, model: string, options?: ModelCallOptions): Promise<boolean> {
  return readyProbe(client, model, options ?? {});
}

/**
 * @internal {@link modelReady}, telling `refused` the status error of a probe that gives false
 * (`waitUntilReady` reads its `Retry-After`).
 *
 * @example
 * ```ts
 * await readyProbe(client, 'mlp', {}, (err) => console.log(err.status)); // false after a 503, logged
 * ```
 */
export function readyProbe(client: OipClientLike, model: string, options: ModelCallOptions, refused?: (err: APIError) => void): Promise<boolean> {
  return probe(client, pathOf('oip.models.ready', model, options.version, '/ready'), 'oip.models.ready', options, ['ready'], 'version', refused);
}

/**
 * Reads a model's configuration (`GET /v2/models/{name}/config`, Triton's model configuration
 * extension). Its shape is server-specific, so it is returned as a JSON object.
 *
 * @example
 * ```ts
 * const config = await modelConfig(client, 'mlp');
 * console.log(config.max_batch_size);
 * ```
 */
export async function modelConfig(client: OipClientLike, model: string, options?: ModelCallOptions): Promise<Record<string, unknown>> {
  options ??= {};
  return request(
    coreOf(client),
    { method: 'GET', path: pathOf('oip.models.config', model, options.version, '/config'), schema: ModelConfigShape, operation: 'oip.models.config', options: 'version' },
    options,
  );
}

/**
 * Per-model statistics (Triton's statistics extension).
 *
 * @example
 * ```ts
 * const s: ModelStat = (await modelStats(client, 'mlp')).model_stats[0]!;
 * console.log(s.inference_count, s.inference_stats?.success?.count);
 * ```
 */
export interface ModelStat {
  /** Model name. */
  name: string;
  /** Model version these figures belong to. */
  version?: string | undefined;
  /** Milliseconds since the epoch. */
  last_inference?: number | undefined;
  /** Successful inferences; each item of a batch counts (cache hits do not). */
  inference_count?: number | undefined;
  /** Successful model executions; requests the dynamic batcher ran together count once. */
  execution_count?: number | undefined;
  /** `success`, `fail`, `queue`, `compute_input`, `compute_infer`, `compute_output`, ... each `{ count, ns }`. */
  inference_stats?:
    | Record<
        string,
        {
          /** How many times it happened (requests, or cache hits/misses). */
          count: number;
          /** Their cumulative duration, in nanoseconds. */
          ns: number;
        }
      >
    | undefined;
  /** Per batch size executed, how many executions and how long they took. */
  batch_stats?: unknown[] | undefined;
  /** Per response key (`"0"`, `"1"`, … for a model that answers several times), counts and durations. */
  response_stats?: Record<string, unknown> | undefined;
  /** Memory detected while the model loaded, per device: an estimate of what unloading frees. */
  memory_usage?: unknown[] | undefined;
  [key: string]: unknown;
}

/**
 * Statistics of one model, one version, or every model when `model` is omitted
 * (`GET /v2/models[/{name}[/versions/{v}]]/stats`). A `version` without a model is refused with
 * {@link InvalidRequestError} (`path: 'version'`) before anything is sent.
 *
 * @example
 * ```ts
 * const { model_stats } = await modelStats(client, 'mlp');
 * const all = await modelStats(client);
 * ```
 */
export async function modelStats(
  client: OipClientLike,
  model?: string,
  options?: ModelCallOptions,
): Promise<{
  /** One entry per model version the request covered (every loaded model when `model` is omitted). */
  model_stats: ModelStat[];
}> {
  options ??= {};
  // the path has no version without a model (`v2/models[/{name}[/versions/{v}]]/stats`): a version
  // dropped quietly would answer every model's statistics as if they were that version's
  if (model === undefined && options.version !== undefined && options.version !== '') {
    throw refused('oip.models.stats', 'version', 'needs a model');
  }
  const path = model === undefined ? '/v2/models/stats' : pathOf('oip.models.stats', model, options.version, '/stats');
  return request(coreOf(client), { method: 'GET', path, schema: ModelStatsShape, operation: 'oip.models.stats', options: 'version' }, options);
}
