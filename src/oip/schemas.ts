/**
 * zod/mini schemas of OIP responses, built once at module scope. Tensor `data` arrays are not walked
 * by the schema (that would cost a pass over every element); the codecs check them instead.
 * @module
 */
import * as z from 'zod/mini';
import type { Datatype } from './types.js';

const DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'] as const satisfies readonly Datatype[];

/** Response-side parameters: servers may nest objects (MLServer sends `headers`). */
const parameters = z.optional(z.record(z.string(), z.unknown()));
const shape = z.array(z.number().check(z.int()));
const datatype = z.enum(DATATYPES);

/** Server metadata (`GET /v2`). @example `validate(ServerMetadataSchema, body, 'strict')` */
export const ServerMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  extensions: z.array(z.string()),
});

/** Tensor metadata (`inputs[]`/`outputs[]` of model metadata). @example `validate(TensorMetadataSchema, t, 'strict')` */
export const TensorMetadataSchema = z.object({
  name: z.string(),
  datatype,
  shape,
  parameters,
});

/** Model metadata (`GET /v2/models/{name}`). @example `validate(ModelMetadataSchema, body, 'strict')` */
export const ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.optional(z.array(z.string())),
  platform: z.string(),
  inputs: z._default(z.array(TensorMetadataSchema), []),
  outputs: z._default(z.array(TensorMetadataSchema), []),
  parameters,
});

/** One response output; `data` is absent for binary outputs and checked by the codec. @example `validate(ResponseOutputSchema, o, 'strict')` */
export const ResponseOutputSchema = z.object({
  name: z.string(),
  datatype,
  shape,
  parameters,
  data: z.optional(z.unknown()),
});

/** Inference response envelope. @example `validate(InferenceResponseSchema, body, 'strict')` */
export const InferenceResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.optional(z.string()),
  id: z.optional(z.string()),
  parameters,
  outputs: z.array(ResponseOutputSchema),
});

/** Repository index (`POST /v2/repository/index`). @example `validate(RepositoryIndexSchema, body, 'strict')` */
export const RepositoryIndexSchema = z.array(
  z.object({
    name: z.string(),
    version: z.optional(z.string()),
    state: z.optional(z.string()),
    reason: z.optional(z.string()),
  }),
);

const durationStat = z.object({ count: z.number(), ns: z.number() });

/** Model statistics (`GET /v2/models[/{name}]/stats`), Triton statistics extension. @example `validate(ModelStatsSchema, body, 'strict')` */
export const ModelStatsSchema = z.object({
  model_stats: z.array(
    z.looseObject({
      name: z.string(),
      version: z.optional(z.string()),
      last_inference: z.optional(z.number()),
      inference_count: z.optional(z.number()),
      execution_count: z.optional(z.number()),
      inference_stats: z.optional(z.record(z.string(), durationStat)),
      batch_stats: z.optional(z.array(z.unknown())),
      response_stats: z.optional(z.record(z.string(), z.unknown())),
      memory_usage: z.optional(z.array(z.unknown())),
    }),
  ),
});

/** Model configuration (`GET /v2/models/{name}/config`): server-specific, any JSON object. @example `validate(ModelConfigSchema, body, 'strict')` */
export const ModelConfigSchema = z.record(z.string(), z.unknown());

const token = z.object({ id: z.number(), text: z.string(), logprob: z.number(), special: z.boolean() });

/** A generate response. @example `validate(GenerateResponseSchema, body, 'strict')` */
export const GenerateResponseSchema = z.looseObject({
  id: z.optional(z.string()),
  model_name: z.string(),
  model_version: z.optional(z.string()),
  text_output: z.string(),
  details: z.optional(z.looseObject({ finish_reason: z.optional(z.string()), logprobs: z.optional(z.array(token)) })),
});

/** One generate_stream event. @example `validate(GenerateStreamResponseSchema, event, 'strict')` */
export const GenerateStreamResponseSchema = z.looseObject({
  id: z.optional(z.string()),
  model_name: z.string(),
  model_version: z.optional(z.string()),
  text_output: z.string(),
  details: z.optional(z.looseObject({ finish_reason: z.optional(z.string()), token: z.optional(token) })),
});
