/**
 * zod/mini schemas of OIP responses, built once at module scope. Tensor `data` arrays are not walked
 * by the schema (that would cost a pass over every element); the codecs check them instead.
 *
 * Every schema-building call is marked `@__PURE__` so bundlers drop the schemas an app never uses.
 * @module
 */
import * as z from 'zod/mini';
import type { Datatype } from './types.js';

const DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BF16', 'BYTES'] as const satisfies readonly Datatype[];

/** Response-side parameters: servers may nest objects (MLServer sends `headers`). */
const parameters = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown()));
/** An optional field a server may also send as `null` (KServe's pydantic models do); the operations drop such a `null`. */
const nullableParameters = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown())));
const nullableString = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.string()));
const shape = /* @__PURE__ */ z.array(/* @__PURE__ */ z.number().check(/* @__PURE__ */ z.int()));
const datatype = /* @__PURE__ */ z.enum(DATATYPES);

/**
 * Server metadata (`GET /v2`). `extensions` is required by the spec, but OpenVINO Model Server
 * leaves it out: absent, it is `[]`. @example `validate(ServerMetadataSchema, body, 'strict')`
 */
export const ServerMetadataSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  version: /* @__PURE__ */ z.string(),
  extensions: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string()), []),
});

/** Tensor metadata (`inputs[]`/`outputs[]` of model metadata). @example `validate(TensorMetadataSchema, t, 'strict')` */
export const TensorMetadataSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  datatype,
  shape,
  parameters,
});

/** Model metadata (`GET /v2/models/{name}`). @example `validate(ModelMetadataSchema, body, 'strict')` */
export const ModelMetadataSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  versions: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string()))),
  platform: /* @__PURE__ */ z.string(),
  inputs: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(TensorMetadataSchema), []),
  outputs: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(TensorMetadataSchema), []),
  parameters,
});

/** One response output; `data` is absent for binary outputs and checked by the codec. @example `validate(ResponseOutputSchema, o, 'strict')` */
export const ResponseOutputSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  datatype,
  shape,
  parameters: nullableParameters,
  data: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
});

/** Inference response envelope. @example `validate(InferenceResponseSchema, body, 'strict')` */
export const InferenceResponseSchema = /* @__PURE__ */ z.object({
  model_name: /* @__PURE__ */ z.string(),
  model_version: nullableString,
  id: nullableString,
  parameters: nullableParameters,
  outputs: /* @__PURE__ */ z.array(ResponseOutputSchema),
});

/** Repository index (`POST /v2/repository/index`). @example `validate(RepositoryIndexSchema, body, 'strict')` */
export const RepositoryIndexSchema = /* @__PURE__ */ z.array(
  /* @__PURE__ */ z.object({
    name: /* @__PURE__ */ z.string(),
    version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
    state: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
    reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  }),
);

const durationStat = /* @__PURE__ */ z.object({ count: /* @__PURE__ */ z.number(), ns: /* @__PURE__ */ z.number() });

/** Model statistics (`GET /v2/models[/{name}]/stats`), Triton statistics extension. @example `validate(ModelStatsSchema, body, 'strict')` */
export const ModelStatsSchema = /* @__PURE__ */ z.object({
  model_stats: /* @__PURE__ */ z.array(
    /* @__PURE__ */ z.looseObject({
      name: /* @__PURE__ */ z.string(),
      version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
      last_inference: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      inference_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      execution_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      inference_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), durationStat)),
      batch_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.unknown())),
      response_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown())),
      memory_usage: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.unknown())),
    }),
  ),
});

/** Model configuration (`GET /v2/models/{name}/config`): server-specific, any JSON object. @example `validate(ModelConfigSchema, body, 'strict')` */
export const ModelConfigSchema = /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown());

const token = /* @__PURE__ */ z.object({ id: /* @__PURE__ */ z.number(), text: /* @__PURE__ */ z.string(), logprob: /* @__PURE__ */ z.number(), special: /* @__PURE__ */ z.boolean() });

/** A generate response (KServe sends absent optional fields as `null`). @example `validate(GenerateResponseSchema, body, 'strict')` */
export const GenerateResponseSchema = /* @__PURE__ */ z.looseObject({
  id: nullableString,
  model_name: /* @__PURE__ */ z.string(),
  model_version: nullableString,
  text_output: /* @__PURE__ */ z.string(),
  details: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.looseObject({ finish_reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()), logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(token)) }))),
});

/** One generate_stream event. @example `validate(GenerateStreamResponseSchema, event, 'strict')` */
export const GenerateStreamResponseSchema = /* @__PURE__ */ z.looseObject({
  id: nullableString,
  model_name: /* @__PURE__ */ z.string(),
  model_version: nullableString,
  text_output: /* @__PURE__ */ z.string(),
  details: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.looseObject({ finish_reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()), token: /* @__PURE__ */ z.optional(token) }))),
});
