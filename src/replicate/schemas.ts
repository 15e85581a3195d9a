/**
 * Response schemas of the Replicate HTTP API (zod/mini, built once at module scope), following
 * ../shared/specs/replicate/openapi.json but tolerant: fields the spec marks required yet the live
 * API sometimes omits or nulls are optional here, unknown fields are stripped in `strict` mode and
 * kept in `passthrough` mode, and open enums (statuses) accept values Replicate may add later.
 *
 * Every schema-building call is marked `@__PURE__` so bundlers drop the schemas an app never uses
 * (zod/mini's own annotations do not survive esbuild's analysis here).
 * @module
 */
import * as z from 'zod/mini';
import type { LooseShapeObject, ShapeObject } from '../core/zod-object.js';

/** A string-valued enum that also accepts values added by Replicate later (typed as the known ones). */
/* @__NO_SIDE_EFFECTS__ */
function openEnum<T extends string>(): z.ZodMiniType<T | (string & {})> {
  return z.string() as unknown as z.ZodMiniType<T | (string & {})>;
}

const str = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string());
const nstr = /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.string());
const num = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number());
// Opaque JSON objects (model input, example, OpenAPI schema): checked to be objects, every key kept.
const anyRecord = /* @__PURE__ */ z.looseObject({});
/** Run metrics; Replicate adds keys over time (tokens, …), all kept. @example `prediction.metrics?.predict_time; // seconds` */
export type PredictionMetrics = {
  /** CPU or GPU time the run used, in seconds. */
  predict_time?: number;
  /** Total time the prediction took to complete, in seconds. */
  total_time?: number;
  [key: string]: unknown;
};
const metricsSchema = /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
  /** The CPU or GPU time, in seconds, that the run used while running. */
  predict_time: num,
  /** The total time, in seconds, that the run took to complete. */
  total_time: num,
});

/** Lifecycle of a prediction or training. `aborted`: terminated before it started running. @example `const s: PredictionStatus = 'processing';` */
export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';


/**
 * Schema of a prediction (the body of `predictions.get` and of prediction webhooks).
 *
 * @example
 * ```ts
 * const prediction = PredictionSchema.parse(JSON.parse(webhookBody));
 * ```
 */
export const PredictionSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The prediction's unique id. */
  id: /* @__PURE__ */ z.string(),
  /** The name of the model that created the prediction (`owner/name`). */
  model: str,
  /** The ID of the model version that created the prediction, or `hidden` for an official model, which has no versions. */
  version: str,
  /** The name of the deployment that created the prediction, when one did. */
  deployment: str,
  /** `starting`, `processing`, `succeeded`, `failed`, `canceled` (by the user, or at its deadline while running) or `aborted` (ended before it started running); a status Replicate adds later is kept as is. */
  status: /* @__PURE__ */ openEnum<PredictionStatus>(),
  /** The prediction input. */
  input: /* @__PURE__ */ z.optional(anyRecord),
  /** The prediction output: any JSON value, depending on the model (null or absent until there is output). */
  output: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
  /** An error string if the status is `failed` (any JSON value is accepted here); null otherwise. */
  error: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.unknown()),
  /** The log output from the model. */
  logs: nstr,
  /** Whether the prediction output has been deleted. */
  data_removed: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.boolean()),
  /** How the prediction was created: `web` or `api`. */
  source: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'web' | 'api'>()),
  /** The time the prediction was created (ISO 8601). */
  created_at: nstr,
  /** The time the model began the prediction (ISO 8601; null until it starts). */
  started_at: nstr,
  /** The time the model completed the prediction and all outputs were uploaded (ISO 8601; null until then). */
  completed_at: nstr,
  /** The absolute time (ISO 8601) at which the prediction is canceled automatically if it has not completed. */
  deadline: nstr,
  /** Additional metrics of the prediction (`predict_time`, `total_time`, and any Replicate adds). */
  metrics: /* @__PURE__ */ z.nullish(metricsSchema),
  /** URLs for working with the prediction. */
  urls: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** Retrieve the latest state of the prediction via the API. */
      get: str,
      /** Cancel the prediction via the API. */
      cancel: str,
      /** An event source (SSE) that streams the prediction's output; present when the model supports streaming. */
      stream: str,
      /** View the prediction in a browser. */
      web: str,
    }),
  ),
});

/** Pagination envelope of every Replicate list endpoint. */
/* @__NO_SIDE_EFFECTS__ */
function pageOf<T extends z.ZodMiniType>(item: T) {
  return /* @__PURE__ */ (z.object as ShapeObject)({
    /** A URL pointing to the next page of results, if any. */
    next: nstr,
    /** A URL pointing to the previous page of results, if any. */
    previous: nstr,
    /** The objects of this page. */
    results: /* @__PURE__ */ z.array(item),
  });
}

export const PredictionPageSchema = /* @__PURE__ */ pageOf(PredictionSchema);

/**
 * Schema of a training (the body of `trainings.get` and of training webhooks).
 *
 * @example
 * ```ts
 * const training = TrainingSchema.parse(JSON.parse(webhookBody));
 * ```
 */
export const TrainingSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The unique ID of the training. */
  id: /* @__PURE__ */ z.string(),
  /** The name of the model trained, in the format `owner/name`. */
  model: str,
  /** The ID of the model version used for training. */
  version: str,
  /** `starting`, `processing`, `succeeded`, `failed`, `canceled` (by the user, or at its deadline while running) or `aborted` (ended before it started running); a status Replicate adds later is kept as is. */
  status: /* @__PURE__ */ openEnum<PredictionStatus>(),
  /** The input parameters used for the training. */
  input: /* @__PURE__ */ z.optional(anyRecord),
  /** The output of the training process (null until there is one). */
  output: /* @__PURE__ */ z.nullish(
    /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
      /** The version of the model created by the training. */
      version: str,
      /** The weights of the trained model. */
      weights: str,
    }),
  ),
  /** Error message if the training failed (any JSON value is accepted here); null otherwise. */
  error: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.unknown()),
  /** The logs from the training process. */
  logs: nstr,
  /** How the training was created: `web` or `api`. */
  source: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'web' | 'api'>()),
  /** The time the training was created (ISO 8601). */
  created_at: nstr,
  /** The time the training started (ISO 8601; null until it starts). */
  started_at: nstr,
  /** The time the training completed (ISO 8601; null until then). */
  completed_at: nstr,
  /** Metrics about the training process (`predict_time`, `total_time`, and any Replicate adds). */
  metrics: /* @__PURE__ */ z.nullish(metricsSchema),
  /** URLs for interacting with the training. */
  urls: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** URL to get the training details. */
      get: str,
      /** URL to cancel the training. */
      cancel: str,
      /** URL to view the training in a browser (not in the spec's training schema). */
      web: str,
    }),
  ),
});

export const TrainingPageSchema = /* @__PURE__ */ pageOf(TrainingSchema);

/**
 * Schema of a model version (the body of `getModelVersion`).
 *
 * @example
 * ```ts
 * const version = VersionSchema.parse(JSON.parse(body)); // { id, created_at, cog_version, openapi_schema }
 * ```
 */
export const VersionSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The ID of the version (64 hex characters). */
  id: /* @__PURE__ */ z.string(),
  /** The date and time the version was created (ISO 8601). */
  created_at: nstr,
  /** The version of Cog used to create this version. */
  cog_version: nstr,
  /** The OpenAPI schema of the model's inputs and outputs. */
  openapi_schema: /* @__PURE__ */ z.nullish(anyRecord),
});

export const VersionPageSchema = /* @__PURE__ */ pageOf(VersionSchema);

/**
 * Schema of a model (the body of `getModel`, `createModel`, `updateModel`, and list entries).
 *
 * @example
 * ```ts
 * const model = ModelSchema.parse(JSON.parse(body));
 * console.log(`${model.owner}/${model.name}`, model.latest_version?.id);
 * ```
 */
export const ModelSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The name of the user or organization that owns the model. */
  owner: /* @__PURE__ */ z.string(),
  /** The name of the model. */
  name: /* @__PURE__ */ z.string(),
  /** The URL of the model on Replicate. */
  url: str,
  /** A description of the model. */
  description: nstr,
  /** Whether the model is `public` or `private`. */
  visibility: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'public' | 'private'>()),
  /** Whether Replicate maintains the model officially (always on, stable API, predictable pricing). */
  is_official: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.boolean()),
  /** A URL for the model's source code on GitHub. */
  github_url: nstr,
  /** A URL for the model's paper. */
  paper_url: nstr,
  /** A URL for the model's license. */
  license_url: nstr,
  /** A URL for the model's cover image. */
  cover_image_url: nstr,
  /** The number of times the model has been run. */
  run_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
  /** The model's default example prediction. */
  default_example: /* @__PURE__ */ z.nullish(anyRecord),
  /** The model's latest version (null when it has none). */
  latest_version: /* @__PURE__ */ z.nullish(VersionSchema),
});

export const ModelPageSchema = /* @__PURE__ */ pageOf(ModelSchema);

/**
 * Schema of a collection as `listCollections` lists it (without its models).
 *
 * @example
 * ```ts
 * const summary = CollectionSummarySchema.parse({ name: 'Text to image', slug: 'text-to-image', description: null });
 * ```
 */
export const CollectionSummarySchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The name of the collection. */
  name: /* @__PURE__ */ z.string(),
  /** The slug of the collection (lowercase with dashes), as `getCollection` takes it. */
  slug: /* @__PURE__ */ z.string(),
  /** A description of the collection. */
  description: nstr,
});

export const CollectionPageSchema = /* @__PURE__ */ pageOf(CollectionSummarySchema);

/**
 * Schema of a collection with its models (the body of `getCollection`).
 *
 * @example
 * ```ts
 * const collection = CollectionSchema.parse(JSON.parse(body));
 * collection.models.map((m) => `${m.owner}/${m.name}`);
 * ```
 */
export const CollectionSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The name of the collection. */
  name: /* @__PURE__ */ z.string(),
  /** The slug of the collection (lowercase with dashes). */
  slug: /* @__PURE__ */ z.string(),
  /** A description of the collection. */
  description: nstr,
  /** The full description of the collection, in Markdown. */
  full_description: nstr,
  /** The models in this collection. */
  models: /* @__PURE__ */ z.array(ModelSchema),
});

/**
 * Schema of the authenticated account (the body of `getAccount`).
 *
 * @example
 * ```ts
 * const account = AccountSchema.parse({ type: 'user', username: 'alice', name: 'Alice' });
 * ```
 */
export const AccountSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The account type: `user` or `organization`. */
  type: /* @__PURE__ */ openEnum<'organization' | 'user'>(),
  /** The username of the account. */
  username: /* @__PURE__ */ z.string(),
  /** The name of the account. */
  name: str,
  /** The GitHub URL of the account. */
  github_url: nstr,
  /** The avatar URL of the account. */
  avatar_url: nstr,
});

/**
 * Schema of a deployment (the body of `getDeployment`, `createDeployment`, `updateDeployment`).
 *
 * @example
 * ```ts
 * const deployment = DeploymentSchema.parse(JSON.parse(body));
 * deployment.current_release?.configuration?.hardware; // e.g. 'gpu-l40s'
 * ```
 */
export const DeploymentSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The owner of the deployment. */
  owner: /* @__PURE__ */ z.string(),
  /** The name of the deployment. */
  name: /* @__PURE__ */ z.string(),
  /** The deployment's current release: which model version it runs, on what hardware (null when it has none). */
  current_release: /* @__PURE__ */ z.nullish(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** The release number. */
      number: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      /** The model identifier, in the format `{model_owner}/{model_name}`. */
      model: str,
      /** The ID of the model version used in the release. */
      version: str,
      /** The time the release was created (ISO 8601). */
      created_at: nstr,
      /** The account that created the release. */
      created_by: /* @__PURE__ */ z.nullish(AccountSchema),
      /** The release's hardware and scaling. */
      configuration: /* @__PURE__ */ z.optional(
        /* @__PURE__ */ (z.object as ShapeObject)({
          /** The SKU of the hardware used to run the model. */
          hardware: str,
          /** The minimum number of instances for scaling. */
          min_instances: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
          /** The maximum number of instances for scaling. */
          max_instances: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
        }),
      ),
    }),
  ),
});

export const DeploymentPageSchema = /* @__PURE__ */ pageOf(DeploymentSchema);

/**
 * Schema of one hardware option (`listHardware` returns an array of them).
 *
 * @example
 * ```ts
 * const hardware = HardwareSchema.parse({ name: 'Nvidia L40S GPU', sku: 'gpu-l40s' });
 * ```
 */
export const HardwareSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The name of the hardware, e.g. `Nvidia L40S GPU`. */
  name: /* @__PURE__ */ z.string(),
  /** The SKU of the hardware, e.g. `gpu-l40s`: what a model's or deployment's `hardware` takes. */
  sku: /* @__PURE__ */ z.string(),
});
export const HardwareListSchema = /* @__PURE__ */ z.array(HardwareSchema);

/**
 * Schema of an uploaded file (the body of `createFile` and `getFile`).
 *
 * @example
 * ```ts
 * const file = FileSchema.parse(JSON.parse(body));
 * file.urls?.get; // download URL
 * ```
 */
export const FileSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** A unique, randomly-generated identifier for the file resource. */
  id: /* @__PURE__ */ z.string(),
  /** The file name given at upload (not in the spec's file schema). */
  name: str,
  /** The content (MIME) type of the file. */
  content_type: str,
  /** The length of the file in bytes. */
  size: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
  /** Checksums of the file keyed by algorithm name, e.g. `sha256`. */
  checksums: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.string())),
  /** Metadata provided by the user when the file was created. */
  metadata: /* @__PURE__ */ z.optional(anyRecord),
  /** When the file was created (ISO 8601). */
  created_at: nstr,
  /** When the file expires (ISO 8601). */
  expires_at: nstr,
  /** URLs associated with the file resource. */
  urls: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** A URL to the file resource. */
      get: str,
    }),
  ),
});

export const FilePageSchema = /* @__PURE__ */ pageOf(FileSchema);

export const WebhookSecretSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The signing secret (`whsec_…`). */
  key: /* @__PURE__ */ z.string(),
});

export const ModelSearchPageSchema = /* @__PURE__ */ pageOf(ModelSchema);

/**
 * Schema of a search result: models, collections and pages (the body of `search`).
 *
 * @example
 * ```ts
 * const result = SearchResultSchema.parse(JSON.parse(body));
 * result.models[0]?.model.name;
 * ```
 */
export const SearchResultSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** The search term that was evaluated. */
  query: /* @__PURE__ */ z.string(),
  /** Models that match the search query, each with its model data and extra metadata. */
  models: /* @__PURE__ */ z.array(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** The matching model. */
      model: ModelSchema,
      /** Extra search metadata of the model. */
      metadata: /* @__PURE__ */ z.optional(
        /* @__PURE__ */ (z.object as ShapeObject)({
          /** AI-generated detailed description of the model. */
          generated_description: nstr,
          /** Search relevance score. */
          score: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.number()),
          /** Descriptive tags for the model. */
          tags: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string())),
        }),
      ),
    }),
  ),
  /** Collections that match the search query. */
  collections: /* @__PURE__ */ z.array(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** The name of the collection. */
      name: /* @__PURE__ */ z.string(),
      /** The slug of the collection (lowercase with dashes). */
      slug: /* @__PURE__ */ z.string(),
      /** A description of the collection. */
      description: nstr,
      /** The names of the models in the collection, in `owner/name` format. */
      models: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string())),
    }),
  ),
  /** Replicate documentation pages that match the search query. */
  pages: /* @__PURE__ */ z.array(
    /* @__PURE__ */ (z.object as ShapeObject)({
      /** Title of the page. */
      name: /* @__PURE__ */ z.string(),
      /** URL path to the page. */
      href: /* @__PURE__ */ z.string(),
    }),
  ),
});
