/**
 * zod/mini schemas of OIP responses, built once at module scope. Tensor `data` arrays are not walked
 * by the schema (that would cost a pass over every element); the codecs check them instead.
 *
 * Every schema-building call is marked `@__PURE__` so bundlers drop the schemas an app never uses.
 * @module
 */
import * as z from 'zod/mini';
import type { LooseShapeObject, ShapeObject } from '../core/zod-object.js';
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
export const ServerMetadataSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Descriptive name of the server, e.g. `triton`. */
  name: /* @__PURE__ */ z.string(),
  /** Server version. */
  version: /* @__PURE__ */ z.string(),
  /** Protocol extensions the server supports, e.g. `binary_tensor_data`; `[]` when it sends none. */
  extensions: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string()), []),
});

/** Tensor metadata (`inputs[]`/`outputs[]` of model metadata). @example `validate(TensorMetadataSchema, t, 'strict')` */
export const TensorMetadataSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Tensor name, as requests and responses use it. */
  name: /* @__PURE__ */ z.string(),
  /** Element datatype, e.g. `FP32` or `BYTES`. */
  datatype,
  /** Shape of the tensor: one size per dimension, `-1` for a variable-size one. */
  shape,
  /** Server-specific extras. */
  parameters,
});

/** Model metadata (`GET /v2/models/{name}`). @example `validate(ModelMetadataSchema, body, 'strict')` */
export const ModelMetadataSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Model name. */
  name: /* @__PURE__ */ z.string(),
  /** Versions that may be requested explicitly; absent (or `null`, from KServe) when the server or model has none. */
  versions: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.array(/* @__PURE__ */ z.string()))),
  /** Framework or backend, `<project>_<format>`, e.g. `onnxruntime_onnx`; information only. */
  platform: /* @__PURE__ */ z.string(),
  /** Every input the model takes; `[]` when the server sends none. */
  inputs: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(TensorMetadataSchema), []),
  /** Every output the model produces; `[]` when the server sends none. */
  outputs: /* @__PURE__ */ z._default(/* @__PURE__ */ z.array(TensorMetadataSchema), []),
  /** Server-specific extras. */
  parameters,
});

/** One response output; `data` is absent for binary outputs and checked by the codec. @example `validate(ResponseOutputSchema, o, 'strict')` */
export const ResponseOutputSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Name of the output tensor. */
  name: /* @__PURE__ */ z.string(),
  /** Element datatype, e.g. `FP32` or `BYTES`. */
  datatype,
  /** Shape of the tensor: one non-negative size per dimension. */
  shape,
  /** Per-output parameters, e.g. `binary_data_size` for a binary output; `null` from some servers. */
  parameters: nullableParameters,
  /** The elements as JSON (flat or nested row-major arrays), not checked here; absent for a binary output. */
  data: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.unknown()),
});

/** Inference response envelope. @example `validate(InferenceResponseSchema, body, 'strict')` */
export const InferenceResponseSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Name of the model that answered. */
  model_name: /* @__PURE__ */ z.string(),
  /** Version that answered; absent (or `null`) from a server without versions. */
  model_version: nullableString,
  /** The request's `id`, echoed; absent (or `null`) when the request had none. */
  id: nullableString,
  /** Response parameters, as the server sent them; `null` from some servers. */
  parameters: nullableParameters,
  /** The output tensors, undecoded. */
  outputs: /* @__PURE__ */ z.array(ResponseOutputSchema),
});

/** Repository index (`POST /v2/repository/index`). @example `validate(RepositoryIndexSchema, body, 'strict')` */
export const RepositoryIndexSchema = /* @__PURE__ */ z.array(
  /* @__PURE__ */ (z.object as ShapeObject)({
    /** Model name. */
    name: /* @__PURE__ */ z.string(),
    /** Version, when the server lists versions. */
    version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
    /** Server-specific, e.g. `READY`, `UNAVAILABLE`, `LOADING`. */
    state: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
    /** Why the model is in that state (e.g. a load failure), when the server says. */
    reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  }),
);

const durationStat = /* @__PURE__ */ (z.object as ShapeObject)({
  /** How many times it happened (requests, or cache hits/misses). */
  count: /* @__PURE__ */ z.number(),
  /** Their cumulative duration, in nanoseconds. */
  ns: /* @__PURE__ */ z.number(),
});

/** Model statistics (`GET /v2/models[/{name}]/stats`), Triton statistics extension. @example `validate(ModelStatsSchema, body, 'strict')` */
export const ModelStatsSchema = /* @__PURE__ */ (z.object as ShapeObject)({
  /** One entry per model version the request covered (every loaded model when no model is named). */
  model_stats: /* @__PURE__ */ z.array(
    /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
      /** Model name. */
      name: /* @__PURE__ */ z.string(),
      /** Model version these figures belong to. */
      version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
      /** Time of the last inference request, in milliseconds since the epoch. */
      last_inference: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      /** Successful inferences; each item of a batch counts (cache hits do not). */
      inference_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      /** Successful model executions; requests the dynamic batcher ran together count once. */
      execution_count: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number()),
      /** `success`, `fail`, `queue`, `compute_input`, `compute_infer`, `compute_output`, ... each `{ count, ns }`. */
      inference_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), durationStat)),
      /** Per batch size executed, how many executions and how long they took. */
      batch_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.unknown())),
      /** Per response key (`"0"`, `"1"`, … for a model that answers several times), counts and durations. */
      response_stats: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown())),
      /** Memory detected while the model loaded, per device: an estimate of what unloading frees. */
      memory_usage: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(/* @__PURE__ */ z.unknown())),
    }),
  ),
});

/** Model configuration (`GET /v2/models/{name}/config`): server-specific, any JSON object. @example `validate(ModelConfigSchema, body, 'strict')` */
export const ModelConfigSchema = /* @__PURE__ */ z.record(/* @__PURE__ */ z.string(), /* @__PURE__ */ z.unknown());

const token = /* @__PURE__ */ (z.object as ShapeObject)({
  /** Token id in the model's vocabulary. */
  id: /* @__PURE__ */ z.number(),
  /** The token's text. */
  text: /* @__PURE__ */ z.string(),
  /** Natural log of its probability. */
  logprob: /* @__PURE__ */ z.number(),
  /** True for a control token (end of sequence, padding, …): one to leave out when joining texts. */
  special: /* @__PURE__ */ z.boolean(),
});

/** A generate response (KServe sends absent optional fields as `null`). @example `validate(GenerateResponseSchema, body, 'strict')` */
export const GenerateResponseSchema = /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
  /** Id of the request, echoed; absent (or `null`) when there was none. */
  id: nullableString,
  /** Name of the model that answered. */
  model_name: /* @__PURE__ */ z.string(),
  /** Version that answered; absent (or `null`) from a server without versions. */
  model_version: nullableString,
  /** The generated text. */
  text_output: /* @__PURE__ */ z.string(),
  /** Present when `parameters.details` asked for it: why generation stopped, and each token's log probability. */
  details: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.nullable(
      /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
        /** Why generation stopped: `length` (hit `max_tokens`), `eos_token` (end-of-sequence token) or `stop_sequence` (generated one of `stop`). */
        finish_reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
        /** Each generated token, in order, with its log probability. */
        logprobs: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.array(token)),
      }),
    ),
  ),
});

/** One generate_stream event. @example `validate(GenerateStreamResponseSchema, event, 'strict')` */
export const GenerateStreamResponseSchema = /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
  /** Id of the request, echoed; absent (or `null`) when there was none. */
  id: nullableString,
  /** Name of the model that answered. */
  model_name: /* @__PURE__ */ z.string(),
  /** Version that answered; absent (or `null`) from a server without versions. */
  model_version: nullableString,
  /** Text this event carries (servers differ: the new piece, or everything so far). */
  text_output: /* @__PURE__ */ z.string(),
  /** Present when `parameters.details` asked for it: this event's token and, on the last, why generation stopped. */
  details: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.nullable(
      /* @__PURE__ */ (z.looseObject as LooseShapeObject)({
        /** Why generation stopped (`length`, `eos_token` or `stop_sequence`); servers send it on the last event. */
        finish_reason: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
        /** The token this event generated, with its log probability. */
        token: /* @__PURE__ */ z.optional(token),
      }),
    ),
  ),
});
