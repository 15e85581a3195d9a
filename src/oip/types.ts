/**
 * The Open Inference Protocol contract shared by the remote client (`modelwire/oip`) and the local
 * runtime (`modelwire/onnx`): datatypes, typed tensors, requests, responses, metadata and the
 * three interfaces both implement. Types only; no runtime code.
 * @module
 */

/**
 * Every OIP tensor datatype, and Triton's `BF16` (bfloat16: models served by Triton report it in
 * their metadata and carry it in binary tensors).
 *
 * @example
 * ```ts
 * const dt: Datatype = 'FP32';
 * ```
 */
export type Datatype =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP16'
  | 'FP32'
  | 'FP64'
  | 'BF16'
  | 'BYTES';

/**
 * The JavaScript container for each datatype. BOOL is one byte per element (0 or 1); FP16 holds the
 * raw IEEE half bits (convert with `fp16ToFp32` / `fp32ToFp16`), BF16 the raw bfloat16 bits, the
 * upper half of a float32's (convert with `bf16ToFp32` / `fp32ToBf16`); BYTES is one string or byte
 * array per element.
 *
 * @example
 * ```ts
 * const data: DatatypeArrayMap['INT64'] = new BigInt64Array([1n, 2n]);
 * ```
 */
export interface DatatypeArrayMap {
  BOOL: Uint8Array;
  UINT8: Uint8Array;
  UINT16: Uint16Array;
  UINT32: Uint32Array;
  UINT64: BigUint64Array;
  INT8: Int8Array;
  INT16: Int16Array;
  INT32: Int32Array;
  INT64: BigInt64Array;
  FP16: Uint16Array;
  FP32: Float32Array;
  FP64: Float64Array;
  BF16: Uint16Array;
  BYTES: string[] | Uint8Array[];
}

/**
 * The container of output tensors. Same as {@link DatatypeArrayMap} except BYTES, which is decoded
 * to UTF-8 strings (what ONNX Runtime returns for string tensors too).
 *
 * @example
 * ```ts
 * const labels: OutputArrayMap['BYTES'] = ['cat', 'dog'];
 * ```
 */
export interface OutputArrayMap extends Omit<DatatypeArrayMap, 'BYTES'> {
  BYTES: string[];
}

/** Datatypes held in a numeric typed array (every datatype but BYTES). @example `const d: NumericDatatype = 'INT8';` */
export type NumericDatatype = Exclude<Datatype, 'BYTES'>;

/** Data of an input tensor of datatype `D`. @example `const d: TensorData<'FP32'> = new Float32Array(4);` */
export type TensorData<D extends Datatype = Datatype> = DatatypeArrayMap[D];

/** Any numeric typed array an OIP tensor can hold. @example `const a: NumericTensorData = new Int32Array(2);` */
export type NumericTensorData = DatatypeArrayMap[NumericDatatype];

/**
 * Protocol `parameters`: a flat map of string, number or boolean values.
 *
 * @example
 * ```ts
 * const p: InferenceRequest['parameters'] = { content_type: 'np', priority: 1 };
 * ```
 */
export type Parameters = Record<string, string | number | boolean>;

/**
 * `parameters` as servers send them: usually {@link Parameters}, but some nest objects (MLServer's `headers`).
 *
 * @example
 * ```ts
 * const size = output.parameters?.binary_data_size; // unknown
 * ```
 */
export type ResponseParameters = Record<string, unknown>;

/**
 * One input tensor. With the default type argument it is a union discriminated by `datatype`, so
 * `data` is checked against the datatype at compile time.
 *
 * @example
 * ```ts
 * const x: InputTensor<'FP32'> = { name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) };
 * ```
 */
export type InputTensor<D extends Datatype = Datatype> = D extends Datatype
  ? {
      /** Name of the model input this tensor feeds, as the model's metadata lists it. */
      name: string;
      /** Element datatype; it fixes the typed array `data` must be (see {@link DatatypeArrayMap}). */
      datatype: D;
      /** Concrete shape; the product must equal the number of elements in `data`. */
      shape: readonly number[];
      /** The elements, flat in row-major order, in the typed array (or string/byte arrays for BYTES) of `datatype`. */
      data: DatatypeArrayMap[D];
      /** Per-input protocol parameters (string, number or boolean values), sent as they are; the local runtime ignores them. */
      parameters?: Parameters | undefined;
    }
  : never;

/**
 * One output tensor. With the default type argument it is a union discriminated by `datatype`.
 *
 * @example
 * ```ts
 * const out = response.outputs[0];
 * if (out?.datatype === 'FP32') console.log(out.data[0]); // out.data: Float32Array
 * ```
 */
export type OutputTensor<D extends Datatype = Datatype> = D extends Datatype
  ? {
      /** Name of the model output. */
      name: string;
      /** Element datatype, as the server reported it; it fixes the type of `data`. */
      datatype: D;
      /** Shape of the tensor: one non-negative size per dimension; their product is the length of `data`. */
      shape: number[];
      /** The elements, flat in row-major order, decoded to the typed array of `datatype` (BYTES: UTF-8 strings), from JSON or binary data alike. */
      data: OutputArrayMap[D];
      /** Per-output parameters as the server sent them, less `binary_data_size` (a transport detail the codec removes); never set locally. */
      parameters?: ResponseParameters | undefined;
    }
  : never;

/**
 * A requested output: by name, with optional parameters (e.g. `{ binary_data: true }`).
 *
 * @example
 * ```ts
 * const o: RequestedOutput = { name: 'probs' };
 * ```
 */
export interface RequestedOutput {
  /** Name of a model output. */
  name: string;
  /** Per-output parameters, e.g. `{ binary_data: true }` or Triton's `classification`. */
  parameters?: Parameters | undefined;
}

/**
 * An inference request: the same object runs remotely (`modelwire/oip`) or locally (`modelwire/onnx`).
 *
 * @example
 * ```ts
 * const req: InferenceRequest = {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }],
 *   outputs: [{ name: 'probs' }],
 * };
 * ```
 */
export interface InferenceRequest {
  /** Correlation id echoed by the server. */
  id?: string | undefined;
  /** Input tensors, each with its name, datatype, shape and typed data. */
  inputs: InputTensor[];
  /** Outputs to return; all outputs when omitted. */
  outputs?: RequestedOutput[] | undefined;
  /** Request parameters, e.g. Triton's `sequence_id` (a request with one is never retried). */
  parameters?: Parameters | undefined;
}

/**
 * An inference response with typed output tensors.
 *
 * @example
 * ```ts
 * const res: InferenceResponse = await infer(client, 'mlp', req);
 * console.log(res.model_name, res.outputs.map((o) => o.name));
 * ```
 */
export interface InferenceResponse {
  /** The model that answered. */
  model_name: string;
  /** The version that answered, when the server says. */
  model_version?: string | undefined;
  /** The request's `id`, echoed. */
  id?: string | undefined;
  /** Response parameters, as the server sent them. */
  parameters?: ResponseParameters | undefined;
  /** Output tensors, with typed data (BYTES decoded to strings). */
  outputs: OutputTensor[];
}

/**
 * Name, datatype and shape of a model input or output; `-1` marks a dynamic dimension.
 *
 * @example
 * ```ts
 * const t: TensorMetadata = { name: 'x', datatype: 'FP32', shape: [-1, 4] };
 * ```
 */
export interface TensorMetadata {
  /** Tensor name, as requests and responses use it. */
  name: string;
  /** Element datatype. */
  datatype: Datatype;
  /** Dimensions; `-1` for a dynamic one. */
  shape: number[];
  /** Server-specific extras. */
  parameters?: ResponseParameters | undefined;
}

/**
 * Model metadata: every input and output with its datatype and shape.
 *
 * @example
 * ```ts
 * const meta: ModelMetadata = await getModel(client, 'mlp');
 * console.log(meta.inputs[0]?.shape); // [-1, 4]
 * ```
 */
export interface ModelMetadata {
  /** Model name. */
  name: string;
  /** Versions the server holds, when it says. */
  versions?: string[] | undefined;
  /** Framework or backend, e.g. `onnxruntime_onnx`, `pytorch_libtorch`. */
  platform: string;
  /** Every input the model takes. */
  inputs: TensorMetadata[];
  /** Every output it can return. */
  outputs: TensorMetadata[];
  /** Server-specific extras. */
  parameters?: ResponseParameters | undefined;
}

/**
 * One entry of a model repository index.
 *
 * @example
 * ```ts
 * const e: RepositoryIndexEntry = { name: 'mlp', version: '1', state: 'READY' };
 * ```
 */
export interface RepositoryIndexEntry {
  /** Model name. */
  name: string;
  /** Version, when the server lists versions. */
  version?: string | undefined;
  /** Server-specific, e.g. `READY`, `UNAVAILABLE`, `LOADING`. */
  state?: string | undefined;
  /** Why the model is in that state (e.g. a load failure), when the server says. */
  reason?: string | undefined;
}

/**
 * Per-call options shared by every target (structurally the core's `CallOptions`).
 *
 * @example
 * ```ts
 * const opts: TargetCallOptions = { timeoutMs: 2_000, signal: AbortSignal.timeout(5_000) };
 * ```
 */
export interface TargetCallOptions {
  /** Cancels the call at once, including retry waits and readiness polling. */
  signal?: AbortSignal | undefined;
  /** Deadline of the whole call, retries included. */
  timeoutMs?: number | undefined;
  /** Extra headers for this call (remote only; the local runtime ignores them). */
  headers?: Record<string, string> | undefined;
  /** Idempotency key, sent in the client's `idempotencyHeader` (remote only). */
  idempotencyKey?: string | undefined;
  /** Validation mode of the answer for this call (remote only). */
  validation?: 'strict' | 'passthrough' | 'off' | undefined;
  /** `false` disables retries for this call (remote only). */
  retry?: false | undefined;
}

/** Options of a call addressed to one model, optionally one version. @example `{ version: '2' }` */
export interface ModelCallOptions extends TargetCallOptions {
  /** Model version to address; the server's default (locally: the latest) when omitted. */
  version?: string | undefined;
}

/**
 * Options of `list` (the remote client's and `listModels`, the local runtime's): `ready`
 * as in the repository index request.
 *
 * @example
 * ```ts
 * const loaded = await target.list({ ready: true });
 * ```
 */
export interface ListModelsOptions extends TargetCallOptions {
  /** Only models ready for inference (the index request's `ready` flag; locally, the loaded ones). */
  ready?: boolean | undefined;
}

/**
 * Options of `infer`. `binary` selects the binary tensor data extension (remote only; ignored locally).
 *
 * @example
 * ```ts
 * await target.infer('mlp', req, { binary: true, timeoutMs: 5_000 });
 * ```
 */
export interface InferOptions extends ModelCallOptions {
  /**
   * Send inputs and receive outputs as binary tensor data (`true`), or choose per direction. A remote
   * call refuses anything but a boolean or a {@link BinaryMode} of booleans (`'yes'`, `{ input: true }`)
   * with `InvalidRequestError` (`path: 'binary'` or the field) before anything is sent; the local
   * runtime (`modelwire/onnx`) sends nothing and ignores it.
   */
  binary?: boolean | BinaryMode | undefined;
}

/**
 * Per-direction binary tensor data choice.
 *
 * @example
 * ```ts
 * const mode: BinaryMode = { inputs: true, outputs: false };
 * ```
 */
export interface BinaryMode {
  /** Send input tensors as binary data. */
  inputs?: boolean | undefined;
  /** Ask for output tensors as binary data (`binary_data_output`, and `binary_data` on each listed output that does not set it). */
  outputs?: boolean | undefined;
}

/**
 * Options of `load`: an optional configuration override (JSON text or object; Triton's `config`
 * parameter) and whether to wait until the model reports ready.
 *
 * @example
 * ```ts
 * await target.load('mlp', { config: { max_batch_size: 8 }, waitUntilReady: true, timeoutMs: 30_000 });
 * ```
 */
export interface LoadOptions extends TargetCallOptions {
  /** Configuration override, as JSON text or an object (sent as Triton's `config` parameter). */
  config?: string | Record<string, unknown> | undefined;
  /**
   * Extra repository-extension parameters sent with the load request, each a string (Triton's are
   * `config`, JSON text, and `file:<version>/<name>`, base64): a number or boolean, which Triton
   * answers with 400, is refused with an `InvalidRequestError` naming `parameters.<key>`.
   */
  parameters?: Parameters | undefined;
  /** Poll model readiness after the load returns, bounded by the deadline. Default true. */
  waitUntilReady?: boolean | undefined;
}

/**
 * Options of `unload`.
 *
 * @example
 * ```ts
 * await target.unload('mlp', { unloadDependents: true });
 * ```
 */
export interface UnloadOptions extends TargetCallOptions {
  /** Triton's `unload_dependents` parameter. */
  unloadDependents?: boolean | undefined;
  /** Extra repository-extension parameters sent with the unload request. */
  parameters?: Parameters | undefined;
}

/**
 * Model discovery: list the repository, read metadata, check readiness.
 *
 * @example
 * ```ts
 * const meta = await target.get('mlp');
 * if (await target.ready('mlp')) console.log(meta.inputs);
 * ```
 */
export interface ModelsApi {
  /** Every model the repository holds, loaded or not, with its state (`ready: true`: the ready ones only). */
  list(options?: ListModelsOptions): Promise<RepositoryIndexEntry[]>;
  /** A model's metadata: platform, versions, and every input and output with datatype and shape. */
  get(model: string, options?: ModelCallOptions): Promise<ModelMetadata>;
  /** True when the model (or version) is ready for inference. */
  ready(model: string, options?: ModelCallOptions): Promise<boolean>;
}

/**
 * Deployments: load and unload models, list what the repository holds.
 *
 * @example
 * ```ts
 * await target.load('mlp');
 * await target.unload('mlp');
 * ```
 */
export interface DeploymentsApi {
  /** Loads (or reloads) a model. */
  load(model: string, options?: LoadOptions): Promise<void>;
  /** Unloads a model. */
  unload(model: string, options?: UnloadOptions): Promise<void>;
  /** Every model the repository holds, loaded or not, with its state (`ready: true`: the ready ones only). */
  list(options?: ListModelsOptions): Promise<RepositoryIndexEntry[]>;
}

/**
 * Inference: run a request on a model.
 *
 * @example
 * ```ts
 * const res = await target.infer('mlp', { inputs: [x] });
 * ```
 */
export interface InferenceApi {
  /** Runs one inference request on a model. */
  infer(model: string, request: InferenceRequest, options?: InferOptions): Promise<InferenceResponse>;
}

/**
 * Everything a remote OIP client and the local ONNX runtime both implement; what `withFallback` composes.
 *
 * @example
 * ```ts
 * async function classify(target: OipTarget, x: Float32Array) {
 *   return target.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] });
 * }
 * ```
 */
export type OipTarget = ModelsApi & DeploymentsApi & InferenceApi;
