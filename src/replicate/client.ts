/**
 * `createReplicateClient`: a core client configured for Replicate, plus a thin object that binds
 * the standalone operations (`replicate.predictions.create(...)`). Resource groups are built on
 * first access, never all up front.
 * @module
 */
import { createClientAs, type CallOptions, type Client, type ClientOptions } from '../core/client.js';
import type { Paginator } from '../core/paginate.js';
import type { InferOutput, StandardSchemaV1 } from '../core/schema.js';
import type { Stream } from '../core/stream.js';
import { getAccount, listHardware } from './account.js';
import { getCollection, listCollections } from './collections.js';
import { createDeployment, deleteDeployment, getDeployment, listDeployments, updateDeployment } from './deployments.js';
import { createFile, deleteFile, downloadFile, getFile, listFiles } from './files.js';
import {
  createModel,
  deleteModel,
  deleteModelVersion,
  getModel,
  getModelReadme,
  getModelVersion,
  listModelExamples,
  listModels,
  listModelVersions,
  search,
  searchModels,
  updateModel,
} from './models.js';
import { cancelPrediction, createDeploymentPrediction, createPrediction, getPrediction, listPredictions } from './predictions.js';
import { run, type RunOptions } from './run.js';
import { streamPrediction, type ReplicateStreamEvent, type StreamOptions } from './stream.js';
import { cancelTraining, createTraining, getTraining, listTrainings } from './trainings.js';
import type {
  Account,
  Collection,
  CollectionSummary,
  Deployment,
  DeploymentCreateParams,
  DeploymentUpdateParams,
  FileCreateParams,
  FileDownloadParams,
  Hardware,
  Model,
  ModelCreateParams,
  ModelListParams,
  ModelUpdateParams,
  ModelVersion,
  Prediction,
  PredictionCreateOptions,
  PredictionCreateParams,
  PredictionListParams,
  ReplicateFile,
  SearchResult,
  Training,
  TrainingCreateParams,
} from './types.js';
import { waitForPrediction, type WaitOptions } from './wait.js';
import { getDefaultWebhookSecret, verifyWebhook } from './webhooks.js';

/** Replicate's API root. @example `createClient({ baseURL: REPLICATE_BASE_URL, apiKey })` */
export const REPLICATE_BASE_URL = 'https://api.replicate.com/v1';

/**
 * Options of {@link createReplicateClient}: the core {@link ClientOptions} with `baseURL` defaulting
 * to `https://api.replicate.com/v1` and `timeoutMs` to 10 minutes. `apiKey` is your Replicate API token (sent as `Bearer`).
 *
 * @example
 * ```ts
 * const opts: ReplicateClientOptions = { apiKey: env.REPLICATE_API_TOKEN, timeoutMs: 120_000 };
 * ```
 */
export interface ReplicateClientOptions extends Omit<ClientOptions, 'baseURL'> {
  /** API root (default `https://api.replicate.com/v1`); point it at a proxy or a test server. */
  baseURL?: string | undefined;
  /** Deadline of each call in ms, retries, polling and stream included (default 600 000: 10 minutes; `run` cancels the prediction at it). */
  timeoutMs?: number | undefined;
}

/**
 * Call options of a prediction create: the core's plus Replicate's sync-mode options.
 *
 * @example
 * ```ts
 * const options: PredictionCreateCallOptions = { wait: 10, timeoutMs: 30_000 };
 * ```
 */
export type PredictionCreateCallOptions = CallOptions & PredictionCreateOptions;
type DeploymentPredictionParams = Parameters<typeof createDeploymentPrediction>[2];

/**
 * The bound Replicate client. Each method forwards to the standalone function of the same
 * operation with this client's core {@link Client}.
 *
 * @example
 * ```ts
 * const replicate = createReplicateClient({ apiKey: env.REPLICATE_API_TOKEN });
 * const p = await replicate.predictions.create({ model: 'acme/fast', input: { x: 1 } }, { wait: true });
 * ```
 */
export interface ReplicateClient {
  /** The core client, for the standalone functions or your own `request()` calls. */
  readonly client: Client;
  /**
   * {@link run}: typed by the `output` schema (its output type), `unknown` without one. One generic
   * signature rather than two overloads, so `withFallback` over two clients keeps it exact.
   */
  run<S extends StandardSchemaV1 | undefined = undefined>(
    ref: string,
    options: RunOptions & {
      /** Schema for the output (zod, valibot, arktype, …); the result is typed by it. */
      output?: S;
    },
  ): Promise<S extends StandardSchemaV1 ? InferOutput<S> : unknown>;
  /** {@link waitForPrediction} */
  wait(prediction: Prediction | string, options?: WaitOptions): Promise<Prediction>;
  /** {@link streamPrediction} */
  stream(prediction: Pick<Prediction, 'urls'> | string, options?: StreamOptions): Promise<Stream<ReplicateStreamEvent>>;
  /** {@link search} */
  search(
    query: string,
    params?: {
      /** Maximum number of model results, 1 to 50 (server default 20). */
      limit?: number | undefined;
    },
    options?: CallOptions,
  ): Promise<SearchResult>;
  /** Predictions: create, read, list and cancel model runs. */
  readonly predictions: {
    /** {@link createPrediction} */
    create(params: PredictionCreateParams, options?: PredictionCreateCallOptions): Promise<Prediction>;
    /** {@link getPrediction} */
    get(id: string, options?: CallOptions): Promise<Prediction>;
    /** {@link listPredictions} */
    list(params?: PredictionListParams, options?: CallOptions): Paginator<Prediction, string>;
    /** {@link cancelPrediction} */
    cancel(id: string, options?: CallOptions): Promise<Prediction>;
  };
  /** Models, their versions, README and examples. */
  readonly models: {
    /** {@link listModels} */
    list(params?: ModelListParams, options?: CallOptions): Paginator<Model, string>;
    /** {@link getModel} */
    get(model: string, options?: CallOptions): Promise<Model>;
    /** {@link createModel} */
    create(params: ModelCreateParams, options?: CallOptions): Promise<Model>;
    /** {@link updateModel} */
    update(model: string, params: ModelUpdateParams, options?: CallOptions): Promise<Model>;
    /** {@link deleteModel} */
    delete(model: string, options?: CallOptions): Promise<void>;
    /** {@link searchModels} */
    search(query: string, options?: CallOptions): Paginator<Model, string>;
    /** A model's versions. */
    readonly versions: {
      /** {@link listModelVersions} */
      list(model: string, options?: CallOptions): Paginator<ModelVersion, string>;
      /** {@link getModelVersion} */
      get(model: string, versionId: string, options?: CallOptions): Promise<ModelVersion>;
      /** {@link deleteModelVersion} */
      delete(model: string, versionId: string, options?: CallOptions): Promise<void>;
    };
    /** A model's README. */
    readonly readme: {
      /** {@link getModelReadme} */
      get(model: string, options?: CallOptions): Promise<string>;
    };
    /** A model's example predictions. */
    readonly examples: {
      /** {@link listModelExamples} */
      list(model: string, options?: CallOptions): Paginator<Prediction, string>;
    };
  };
  /** Curated collections of models. */
  readonly collections: {
    /** {@link listCollections} */
    list(options?: CallOptions): Paginator<CollectionSummary, string>;
    /** {@link getCollection} */
    get(slug: string, options?: CallOptions): Promise<Collection>;
  };
  /** Deployments: models on dedicated hardware, and predictions made through them. */
  readonly deployments: {
    /** {@link listDeployments} */
    list(options?: CallOptions): Paginator<Deployment, string>;
    /** {@link getDeployment} */
    get(deployment: string, options?: CallOptions): Promise<Deployment>;
    /** {@link createDeployment} */
    create(params: DeploymentCreateParams, options?: CallOptions): Promise<Deployment>;
    /** {@link updateDeployment} */
    update(deployment: string, params: DeploymentUpdateParams, options?: CallOptions): Promise<Deployment>;
    /** {@link deleteDeployment} */
    delete(deployment: string, options?: CallOptions): Promise<void>;
    /** Predictions run on a deployment. */
    readonly predictions: {
      /** {@link createDeploymentPrediction} */
      create(deployment: string, params: DeploymentPredictionParams, options?: PredictionCreateCallOptions): Promise<Prediction>;
    };
  };
  /** Trainings: fine-tune a model version into a new one. */
  readonly trainings: {
    /** {@link createTraining} */
    create(model: string, versionId: string, params: TrainingCreateParams, options?: CallOptions): Promise<Training>;
    /** {@link getTraining} */
    get(id: string, options?: CallOptions): Promise<Training>;
    /** {@link listTrainings} */
    list(options?: CallOptions): Paginator<Training, string>;
    /** {@link cancelTraining} */
    cancel(id: string, options?: CallOptions): Promise<Training>;
  };
  /** Hardware a model or deployment can run on: {@link listHardware}. */
  readonly hardware: {
    /** {@link listHardware} */
    list(options?: CallOptions): Promise<Hardware[]>;
  };
  /** The account the API token belongs to: {@link getAccount}. */
  readonly account: {
    /** {@link getAccount} */
    get(options?: CallOptions): Promise<Account>;
  };
  /** Files uploaded for use as prediction inputs. */
  readonly files: {
    /** {@link createFile} */
    create(params: FileCreateParams, options?: CallOptions): Promise<ReplicateFile>;
    /** {@link listFiles} */
    list(options?: CallOptions): Paginator<ReplicateFile, string>;
    /** {@link getFile} */
    get(id: string, options?: CallOptions): Promise<ReplicateFile>;
    /** {@link deleteFile} */
    delete(id: string, options?: CallOptions): Promise<void>;
    /** {@link downloadFile} */
    download(id: string, params: FileDownloadParams, options?: CallOptions): Promise<Uint8Array>;
  };
  /** Webhooks: the default signing secret, and verification of a delivery. */
  readonly webhooks: {
    /** The default webhook signing secret: {@link getDefaultWebhookSecret}. */
    readonly default: {
      /** The default webhook's signing secret. */
      readonly secret: {
        /** {@link getDefaultWebhookSecret} */
        get(options?: CallOptions): Promise<{
          /** The signing secret (`whsec_…`); keep it out of logs. */
          key: string;
        }>;
      };
    };
    /** Same as the standalone {@link verifyWebhook} (needs no client). */
    verify: typeof verifyWebhook;
  };
}

/** Defines a getter that builds its value on first access, then caches it. */
function lazy<T extends object, K extends string, V>(target: T, key: K, build: () => V): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: false, writable: false });
      return value;
    },
  });
}

function isCoreClient(value: unknown): value is Client {
  return typeof (value as Client | null)?.handler === 'function' && typeof (value as Client).baseURL === 'string';
}

/**
 * Creates a Replicate client: a core client with Replicate's base URL, bearer auth and a 10-minute
 * deadline per call, and the operations bound to it. Pass an existing core {@link Client} to share its transport and policy.
 *
 * @example
 * ```ts
 * import { createReplicateClient } from 'modelwire/replicate';
 * import { undiciTransport } from 'modelwire/undici';
 *
 * const replicate = createReplicateClient({ apiKey: process.env.REPLICATE_API_TOKEN, transport: undiciTransport() });
 * const [url] = await replicate.run('black-forest-labs/flux-schnell', { input: { prompt: 'a fox' }, output: z.array(z.string()) });
 * ```
 */
export function createReplicateClient(options: ReplicateClientOptions | Client = {}): ReplicateClient {
  const c: Client = isCoreClient(options) ? options : createClientAs('createReplicateClient', {
    ...options,
    baseURL: options.baseURL ?? REPLICATE_BASE_URL,
    // the core's 60 s would end (and cancel) a run of a slower model while it is still working
    timeoutMs: options.timeoutMs ?? 6e5,
  });
  const api = {
    client: c,
    run: (ref: string, o: RunOptions) => run(c, ref, o),
    wait: (p: Prediction | string, o?: WaitOptions) => waitForPrediction(c, p, o),
    stream: (p: Pick<Prediction, 'urls'> | string, o?: StreamOptions) => streamPrediction(c, p, o),
    search: (q: string, params?: { limit?: number | undefined }, o?: CallOptions) => search(c, q, params, o),
  } as unknown as ReplicateClient;
  lazy(api, 'predictions', () => ({
    create: (params: PredictionCreateParams, o?: PredictionCreateCallOptions) => createPrediction(c, params, o),
    get: (id: string, o?: CallOptions) => getPrediction(c, id, o),
    list: (params?: PredictionListParams, o?: CallOptions) => listPredictions(c, params, o),
    cancel: (id: string, o?: CallOptions) => cancelPrediction(c, id, o),
  }));
  lazy(api, 'models', () => ({
    list: (params?: ModelListParams, o?: CallOptions) => listModels(c, params, o),
    get: (m: string, o?: CallOptions) => getModel(c, m, o),
    create: (params: ModelCreateParams, o?: CallOptions) => createModel(c, params, o),
    update: (m: string, params: ModelUpdateParams, o?: CallOptions) => updateModel(c, m, params, o),
    delete: (m: string, o?: CallOptions) => deleteModel(c, m, o),
    search: (q: string, o?: CallOptions) => searchModels(c, q, o),
    versions: {
      list: (m: string, o?: CallOptions) => listModelVersions(c, m, o),
      get: (m: string, v: string, o?: CallOptions) => getModelVersion(c, m, v, o),
      delete: (m: string, v: string, o?: CallOptions) => deleteModelVersion(c, m, v, o),
    },
    readme: { get: (m: string, o?: CallOptions) => getModelReadme(c, m, o) },
    examples: { list: (m: string, o?: CallOptions) => listModelExamples(c, m, o) },
  }));
  lazy(api, 'collections', () => ({
    list: (o?: CallOptions) => listCollections(c, o),
    get: (slug: string, o?: CallOptions) => getCollection(c, slug, o),
  }));
  lazy(api, 'deployments', () => ({
    list: (o?: CallOptions) => listDeployments(c, o),
    get: (d: string, o?: CallOptions) => getDeployment(c, d, o),
    create: (params: DeploymentCreateParams, o?: CallOptions) => createDeployment(c, params, o),
    update: (d: string, params: DeploymentUpdateParams, o?: CallOptions) => updateDeployment(c, d, params, o),
    delete: (d: string, o?: CallOptions) => deleteDeployment(c, d, o),
    predictions: {
      create: (d: string, params: DeploymentPredictionParams, o?: PredictionCreateCallOptions) => createDeploymentPrediction(c, d, params, o),
    },
  }));
  lazy(api, 'trainings', () => ({
    create: (m: string, v: string, params: TrainingCreateParams, o?: CallOptions) => createTraining(c, m, v, params, o),
    get: (id: string, o?: CallOptions) => getTraining(c, id, o),
    list: (o?: CallOptions) => listTrainings(c, o),
    cancel: (id: string, o?: CallOptions) => cancelTraining(c, id, o),
  }));
  lazy(api, 'hardware', () => ({ list: (o?: CallOptions) => listHardware(c, o) }));
  lazy(api, 'account', () => ({ get: (o?: CallOptions) => getAccount(c, o) }));
  lazy(api, 'files', () => ({
    create: (params: FileCreateParams, o?: CallOptions) => createFile(c, params, o),
    list: (o?: CallOptions) => listFiles(c, o),
    get: (id: string, o?: CallOptions) => getFile(c, id, o),
    delete: (id: string, o?: CallOptions) => deleteFile(c, id, o),
    download: (id: string, params: FileDownloadParams, o?: CallOptions) => downloadFile(c, id, params, o),
  }));
  lazy(api, 'webhooks', () => ({
    default: { secret: { get: (o?: CallOptions) => getDefaultWebhookSecret(c, o) } },
    verify: verifyWebhook,
  }));
  return api;
}
