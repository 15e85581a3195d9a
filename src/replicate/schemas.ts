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
const metricsSchema = /* @__PURE__ */ z.looseObject({ predict_time: num, total_time: num });

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
export const PredictionSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  model: str,
  version: str,
  deployment: str,
  status: /* @__PURE__ */ openEnum<PredictionStatus>(),
  input: /* @__PURE__ */ z.optional(anyRecord),
  output: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
  error: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.unknown()),
  logs: nstr,
  data_removed: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.boolean()),
  source: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'web' | 'api'>()),
  created_at: nstr,
  started_at: nstr,
  completed_at: nstr,
  deadline: nstr,
  metrics: /* @__PURE__ */ z.nullish(metricsSchema),
  urls: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.object({
      get: str,
      cancel: str,
      stream: str,
      web: str,
    }),
  ),
});

/** Pagination envelope of every Replicate list endpoint. */
/* @__NO_SIDE_EFFECTS__ */
function pageOf<T extends z.ZodMiniType>(item: T) {
  return /* @__PURE__ */ z.object({ next: nstr, previous: nstr, results: /* @__PURE__ */ z.array(item) });
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
export const TrainingSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  model: str,
  version: str,
  status: /* @__PURE__ */ openEnum<PredictionStatus>(),
  input: /* @__PURE__ */ z.optional(anyRecord),
  output: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.looseObject({ version: str, weights: str })),
  error: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.unknown()),
  logs: nstr,
  source: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'web' | 'api'>()),
  created_at: nstr,
  started_at: nstr,
  completed_at: nstr,
  metrics: /* @__PURE__ */ z.nullish(metricsSchema),
  urls: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.object({ get: str, cancel: str, web: str })),
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
export const VersionSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  created_at: nstr,
  cog_version: nstr,
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
export const ModelSchema = /* @__PURE__ */ z.object({
  owner: /* @__PURE__ */ z.string(),
  name: /* @__PURE__ */ z.string(),
  url: str,
  description: nstr,
  visibility: /* @__PURE__ */ z.optional(/* @__PURE__ */ openEnum<'public' | 'private'>()),
  is_official: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.boolean()),
  github_url: nstr,
  paper_url: nstr,
  license_url: nstr,
  cover_image_url: nstr,
  run_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
  default_example: /* @__PURE__ */ z.nullish(anyRecord),
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
export const CollectionSummarySchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  slug: /* @__PURE__ */ z.string(),
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
export const CollectionSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  slug: /* @__PURE__ */ z.string(),
  description: nstr,
  full_description: nstr,
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
export const AccountSchema = /* @__PURE__ */ z.object({
  type: /* @__PURE__ */ openEnum<'organization' | 'user'>(),
  username: /* @__PURE__ */ z.string(),
  name: str,
  github_url: nstr,
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
export const DeploymentSchema = /* @__PURE__ */ z.object({
  owner: /* @__PURE__ */ z.string(),
  name: /* @__PURE__ */ z.string(),
  current_release: /* @__PURE__ */ z.nullish(
    /* @__PURE__ */ z.object({
      number: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      model: str,
      version: str,
      created_at: nstr,
      created_by: /* @__PURE__ */ z.nullish(AccountSchema),
      configuration: /* @__PURE__ */ z.optional(
        /* @__PURE__ */ z.object({
          hardware: str,
          min_instances: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
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
export const HardwareSchema = /* @__PURE__ */ z.object({ name: /* @__PURE__ */ z.string(), sku: /* @__PURE__ */ z.string() });
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
export const FileSchema = /* @__PURE__ */ z.object({
  id: /* @__PURE__ */ z.string(),
  name: str,
  content_type: str,
  size: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
  checksums: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.string())),
  metadata: /* @__PURE__ */ z.optional(anyRecord),
  created_at: nstr,
  expires_at: nstr,
  urls: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.object({ get: str })),
});

export const FilePageSchema = /* @__PURE__ */ pageOf(FileSchema);

export const WebhookSecretSchema = /* @__PURE__ */ z.object({ key: /* @__PURE__ */ z.string() });

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
export const SearchResultSchema = /* @__PURE__ */ z.object({
  query: /* @__PURE__ */ z.string(),
  models: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      model: ModelSchema,
      metadata: /* @__PURE__ */ z.optional(
        /* @__PURE__ */ z.object({
          generated_description: nstr,
          score: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.number()),
          tags: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string())),
        }),
      ),
    }),
  ),
  collections: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.object({
      name: /* @__PURE__ */ z.string(),
      slug: /* @__PURE__ */ z.string(),
      description: nstr,
      models: /* @__PURE__ */ z.nullish(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string())),
    }),
  ),
  pages: /* @__PURE__ */ z.array(/* @__PURE__ */ z.object({ name: /* @__PURE__ */ z.string(), href: /* @__PURE__ */ z.string() })),
});
