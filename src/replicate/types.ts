/**
 * Public types of `modelwire/replicate`: resources as returned by the API (inferred from the
 * response schemas) and the parameters of each operation.
 * @module
 */
import type * as z from 'zod/mini';
import type {
  AccountSchema,
  CollectionSchema,
  CollectionSummarySchema,
  DeploymentSchema,
  FileSchema,
  HardwareSchema,
  ModelSchema,
  PredictionSchema,
  SearchResultSchema,
  TrainingSchema,
  VersionSchema,
} from './schemas.js';

export type { PredictionStatus, PredictionMetrics } from './schemas.js';

/** A prediction: one run of a model. @example `if (prediction.status === 'succeeded') console.log(prediction.output);` */
export type Prediction = z.infer<typeof PredictionSchema>;
/** A training (fine-tuning run). @example `console.log(training.output?.version);` */
export type Training = z.infer<typeof TrainingSchema>;
/** A model. @example `const model = await getModel(client, 'alice/hot-dog'); console.log(model.owner, model.name, model.latest_version?.id);` */
export type Model = z.infer<typeof ModelSchema>;
/** A model version. @example `console.log(version.id, version.openapi_schema);` */
export type ModelVersion = z.infer<typeof VersionSchema>;
/** A collection as listed (without its models). @example `console.log(c.slug);` */
export type CollectionSummary = z.infer<typeof CollectionSummarySchema>;
/** A collection with its models. @example `console.log(c.models.length);` */
export type Collection = z.infer<typeof CollectionSchema>;
/** The account that owns the API token. @example `console.log(account.username);` */
export type Account = z.infer<typeof AccountSchema>;
/** A deployment. @example `console.log(d.current_release?.configuration?.hardware);` */
export type Deployment = z.infer<typeof DeploymentSchema>;
/** A hardware SKU. @example `console.log(hw.sku);` */
export type Hardware = z.infer<typeof HardwareSchema>;
/** An uploaded file. @example `console.log(file.urls?.get);` */
export type ReplicateFile = z.infer<typeof FileSchema>;
/** Result of `GET /search`. @example `console.log(result.models[0]?.model.name);` */
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** Webhook event kinds a prediction or training can report. @example `const events: WebhookEventType[] = ['start', 'completed'];` */
export type WebhookEventType = 'start' | 'output' | 'logs' | 'completed';

/** Webhook settings shared by predictions and trainings. @example `{ webhook: 'https://example.com/hook', webhook_events_filter: ['completed'] }` */
export interface WebhookParams {
  /** HTTPS URL that receives a POST with the prediction body on each event. */
  webhook?: string | undefined;
  /** Which events trigger the webhook (default: output and completed, Replicate's choice). */
  webhook_events_filter?: WebhookEventType[] | undefined;
}

/**
 * What to run. Exactly one of `version`, `model` or `deployment`:
 * - `version`: a 64-character version id, or `owner/name:version` (→ `POST /predictions`);
 * - `model`: `owner/name` of an official model (→ `POST /models/{owner}/{name}/predictions`);
 * - `deployment`: `owner/name` of a deployment (→ `POST /deployments/{owner}/{name}/predictions`).
 *
 * @example
 * ```ts
 * const params: PredictionCreateParams = { model: 'black-forest-labs/flux-schnell', input: { prompt: 'a fox' } };
 * ```
 */
export type PredictionCreateParams = WebhookParams & {
  /** The model's input; its fields depend on the model. */
  input: Record<string, unknown>;
  /** Deprecated by Replicate (every streaming model returns `urls.stream`); sent only when set. */
  stream?: boolean | undefined;
} & (
    | {
        /** A 64-character version id, or `owner/name:version` (→ `POST /predictions`). Give exactly one of `version`, `model`, `deployment`. */
        version: string;
        /** `owner/name` of an official model (→ `POST /models/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        model?: undefined;
        /** `owner/name` of a deployment (→ `POST /deployments/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        deployment?: undefined;
      }
    | {
        /** `owner/name` of an official model (→ `POST /models/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        model: string;
        /** A 64-character version id, or `owner/name:version` (→ `POST /predictions`). Give exactly one of `version`, `model`, `deployment`. */
        version?: undefined;
        /** `owner/name` of a deployment (→ `POST /deployments/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        deployment?: undefined;
      }
    | {
        /** `owner/name` of a deployment (→ `POST /deployments/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        deployment: string;
        /** A 64-character version id, or `owner/name:version` (→ `POST /predictions`). Give exactly one of `version`, `model`, `deployment`. */
        version?: undefined;
        /** `owner/name` of an official model (→ `POST /models/{owner}/{name}/predictions`). Give exactly one of `version`, `model`, `deployment`. */
        model?: undefined;
      }
  );

/**
 * Sync-mode and lifetime settings of a prediction create call, on top of the usual call options.
 *
 * @example
 * ```ts
 * await createPrediction(client, params, { wait: 30, cancelAfter: '5m' });
 * ```
 */
export interface PredictionCreateOptions {
  /**
   * Sync mode: `true` sends `Prefer: wait` (Replicate holds the request up to 60 s), a number 1–60
   * sends `Prefer: wait=<n>`. The wait is shortened to fit the call's deadline.
   */
  wait?: boolean | number | undefined;
  /** `Cancel-After`: the longest the prediction may live (at least 5 s), as seconds or a duration like `'90s'`, `'5m'`, `'1h30m'` (units h, m, s). */
  cancelAfter?: number | string | undefined;
}

/** Filters of `GET /predictions`. @example `{ created_after: '2026-01-01T00:00:00Z', source: 'web' }` */
export interface PredictionListParams {
  /** Only predictions created at or after this ISO 8601 date-time. */
  created_after?: string | Date | undefined;
  /** Only predictions created before this ISO 8601 date-time. */
  created_before?: string | Date | undefined;
  /** Only predictions created on the web (last 14 days). */
  source?: 'web' | undefined;
}

/** Body of `POST /models`. @example `{ owner: 'alice', name: 'hot-dog', visibility: 'private', hardware: 'cpu' }` */
export interface ModelCreateParams {
  /** User or organization that will own the model: the one the API token belongs to. */
  owner: string;
  /** Model name, unique among the owner's models. */
  name: string;
  /** `public`: anyone can see and run it; `private`: only the owner's members. */
  visibility: 'public' | 'private';
  /** Hardware SKU it runs on (see `hardware.list`), e.g. `cpu`. */
  hardware: string;
  /** What the model does. */
  description?: string | undefined;
  /** Its source code on GitHub. */
  github_url?: string | undefined;
  /** Its paper. */
  paper_url?: string | undefined;
  /** Its license. */
  license_url?: string | undefined;
  /** An image shown as its cover. */
  cover_image_url?: string | undefined;
}

/** Body of `PATCH /models/{owner}/{name}`. @example `{ description: 'Detect hot dogs', readme: '# Hot dog' }` */
export interface ModelUpdateParams {
  /** What the model does. */
  description?: string | undefined;
  /** Its source code on GitHub. */
  github_url?: string | undefined;
  /** Its paper. */
  paper_url?: string | undefined;
  /** Its license. */
  license_url?: string | undefined;
  /** Its weights. */
  weights_url?: string | undefined;
  /** README content (Markdown). */
  readme?: string | undefined;
}

/** Sorting of `GET /models`. @example `{ sort_by: 'model_created_at', sort_direction: 'asc' }` */
export interface ModelListParams {
  /** Field to sort by (server default `latest_version_created_at`). */
  sort_by?: 'model_created_at' | 'latest_version_created_at' | undefined;
  /** Sort direction (server default `desc`, newest first). */
  sort_direction?: 'asc' | 'desc' | undefined;
}

/** Body of `POST /deployments`. @example `{ name: 'my-app', model: 'alice/hot-dog', version: '5c7d132ece9f79d4deb7ee289cd32469238d9fe3128849f97547b56c887ffc0b', hardware: 'gpu-t4', min_instances: 0, max_instances: 3 }` */
export interface DeploymentCreateParams {
  /** Deployment name. */
  name: string;
  /** `owner/name` of the model to deploy. */
  model: string;
  /** The 64-character id of the model version to deploy. */
  version: string;
  /** Hardware SKU (see `hardware.list`). */
  hardware: string;
  /** Fewest instances kept running (0 lets it scale to zero). */
  min_instances: number;
  /** Most instances it scales up to. */
  max_instances: number;
}

/** Body of `PATCH /deployments/{owner}/{name}`. @example `{ max_instances: 5 }` */
export interface DeploymentUpdateParams {
  /** Hardware SKU (see `hardware.list`). */
  hardware?: string | undefined;
  /** Fewest instances kept running. */
  min_instances?: number | undefined;
  /** Most instances it scales up to. */
  max_instances?: number | undefined;
  /** Id of the model version to deploy instead. */
  version?: string | undefined;
}

/** Body of a training create. @example `{ destination: 'alice/my-lora', input: { train_data: 'https://…/data.zip' } }` */
export interface TrainingCreateParams extends WebhookParams {
  /** `owner/name` of the model that receives the trained version. */
  destination: string;
  /** Inputs of the model's `train()` function. */
  input: Record<string, unknown>;
}

/** Upload of `POST /files`. @example `{ content: new Blob(['hi']), filename: 'hi.txt', type: 'text/plain' }` */
export interface FileCreateParams {
  /** The bytes: a Blob/File, bytes, or text. */
  content: Blob | Uint8Array | ArrayBuffer | string;
  /** File name (1 to 255 bytes of valid UTF-8, as the API requires, without a line break; default `file`, or the File's own name). */
  filename?: string | undefined;
  /** MIME type in printable ASCII (default: the Blob's type, else `application/octet-stream`). */
  type?: string | undefined;
  /** Your own metadata, stored with the file. */
  metadata?: Record<string, unknown> | undefined;
}

/** Query of a signed file download URL. @example `{ owner: 'alice', expiry: 1767225600, signature: 'abc=' }` */
export interface FileDownloadParams {
  /** User or organization that uploaded the file. */
  owner: string;
  /** When the signed URL expires (Unix time, seconds). */
  expiry: number;
  /** Base64 HMAC-SHA256 of `{owner} {id} {expiry}` made with the Files API signing secret. */
  signature: string;
}
