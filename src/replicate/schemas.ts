/**
 * Response schemas of the Replicate HTTP API (zod/mini, built once at module scope), following
 * ../shared/specs/replicate/openapi.json but tolerant: fields the spec marks required yet the live
 * API sometimes omits or nulls are optional here, unknown fields are stripped in `strict` mode and
 * kept in `passthrough` mode, and open enums (statuses) accept values Replicate may add later.
 * @module
 */
import * as z from 'zod/mini';

/** A string-valued enum that also accepts values added by Replicate later (typed as the known ones). */
function openEnum<T extends string>(): z.ZodMiniType<T | (string & {})> {
  return z.string() as unknown as z.ZodMiniType<T | (string & {})>;
}

const str = z.optional(z.string());
const nstr = z.nullish(z.string());
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
// Opaque JSON objects (model input, example, OpenAPI schema): checked for shape only, never copied.
const anyRecord = z.custom<Record<string, unknown>>(isPlainObject, 'expected an object');
const isOptionalNumber = (v: unknown): boolean => v === undefined || typeof v === 'number';
/** Run metrics; Replicate adds keys over time (tokens, …), all kept. @example `prediction.metrics?.predict_time; // seconds` */
export type PredictionMetrics = { predict_time?: number; total_time?: number; [key: string]: unknown };
const metricsSchema = z.custom<PredictionMetrics>(
  (v) => isPlainObject(v) && isOptionalNumber(v.predict_time) && isOptionalNumber(v.total_time),
  'expected metrics with numeric predict_time/total_time',
);

/** Lifecycle of a prediction or training. `aborted`: terminated before it started running. */
export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';

/** Statuses after which a prediction or training never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export const PredictionSchema = z.object({
  id: z.string(),
  model: str,
  version: str,
  deployment: str,
  status: openEnum<PredictionStatus>(),
  input: z.optional(anyRecord),
  output: z.optional(z.unknown()),
  error: z.nullish(z.unknown()),
  logs: nstr,
  data_removed: z.optional(z.boolean()),
  source: z.optional(openEnum<'web' | 'api'>()),
  created_at: nstr,
  started_at: nstr,
  completed_at: nstr,
  deadline: nstr,
  metrics: z.nullish(metricsSchema),
  urls: z.optional(
    z.object({
      get: str,
      cancel: str,
      stream: str,
      web: str,
    }),
  ),
});

/** Pagination envelope of every Replicate list endpoint. */
function pageOf<T extends z.ZodMiniType>(item: T) {
  return z.object({ next: nstr, previous: nstr, results: z.array(item) });
}

export const PredictionPageSchema = pageOf(PredictionSchema);

export const TrainingSchema = z.object({
  id: z.string(),
  model: str,
  version: str,
  status: openEnum<PredictionStatus>(),
  input: z.optional(anyRecord),
  output: z.nullish(z.looseObject({ version: str, weights: str })),
  error: z.nullish(z.unknown()),
  logs: nstr,
  source: z.optional(openEnum<'web' | 'api'>()),
  created_at: nstr,
  started_at: nstr,
  completed_at: nstr,
  metrics: z.nullish(metricsSchema),
  urls: z.optional(z.object({ get: str, cancel: str, web: str })),
});

export const TrainingPageSchema = pageOf(TrainingSchema);

export const VersionSchema = z.object({
  id: z.string(),
  created_at: nstr,
  cog_version: nstr,
  openapi_schema: z.nullish(anyRecord),
});

export const VersionPageSchema = pageOf(VersionSchema);

export const ModelSchema = z.object({
  owner: z.string(),
  name: z.string(),
  url: str,
  description: nstr,
  visibility: z.optional(openEnum<'public' | 'private'>()),
  is_official: z.optional(z.boolean()),
  github_url: nstr,
  paper_url: nstr,
  license_url: nstr,
  cover_image_url: nstr,
  run_count: z.optional(z.number()),
  default_example: z.nullish(anyRecord),
  latest_version: z.nullish(VersionSchema),
});

export const ModelPageSchema = pageOf(ModelSchema);

export const CollectionSummarySchema = z.object({
  name: z.string(),
  slug: z.string(),
  description: nstr,
});

export const CollectionPageSchema = pageOf(CollectionSummarySchema);

export const CollectionSchema = z.object({
  name: z.string(),
  slug: z.string(),
  description: nstr,
  full_description: nstr,
  models: z.array(ModelSchema),
});

export const AccountSchema = z.object({
  type: openEnum<'organization' | 'user'>(),
  username: z.string(),
  name: str,
  github_url: nstr,
  avatar_url: nstr,
});

export const DeploymentSchema = z.object({
  owner: z.string(),
  name: z.string(),
  current_release: z.nullish(
    z.object({
      number: z.optional(z.number()),
      model: str,
      version: str,
      created_at: nstr,
      created_by: z.nullish(AccountSchema),
      configuration: z.optional(
        z.object({
          hardware: str,
          min_instances: z.optional(z.number()),
          max_instances: z.optional(z.number()),
        }),
      ),
    }),
  ),
});

export const DeploymentPageSchema = pageOf(DeploymentSchema);

export const HardwareSchema = z.object({ name: z.string(), sku: z.string() });
export const HardwareListSchema = z.array(HardwareSchema);

export const FileSchema = z.object({
  id: z.string(),
  name: str,
  content_type: str,
  size: z.optional(z.number()),
  checksums: z.optional(z.record(z.string(), z.string())),
  metadata: z.optional(anyRecord),
  created_at: nstr,
  expires_at: nstr,
  urls: z.optional(z.object({ get: str })),
});

export const FilePageSchema = pageOf(FileSchema);

export const WebhookSecretSchema = z.object({ key: z.string() });

export const ModelSearchPageSchema = pageOf(ModelSchema);

export const SearchResultSchema = z.object({
  query: z.string(),
  models: z.array(
    z.object({
      model: ModelSchema,
      metadata: z.optional(
        z.object({
          generated_description: nstr,
          score: z.nullish(z.number()),
          tags: z.optional(z.array(z.string())),
        }),
      ),
    }),
  ),
  collections: z.array(
    z.object({
      name: z.string(),
      slug: z.string(),
      description: nstr,
      models: z.nullish(z.array(z.string())),
    }),
  ),
  pages: z.array(z.object({ name: z.string(), href: z.string() })),
});
