/**
 * `createOipClient`: a thin object binding the standalone OIP operations to one client. It
 * implements {@link OipTarget}, so `withFallback` can pair it with the local ONNX runtime.
 * @module
 */
import { checkOptions } from '../core/check.js';
import { createClientAs, type Client, type ClientOptions } from '../core/client.js';
import type { Stream } from '../core/stream.js';
import { binaryTensorCodec } from './binary-codec.js';
import { toBinaryMode, type BinaryTensorCodec, type OipConnection } from './connection.js';
import { generate, generateStream, type GenerateOptions, type GenerateRequest, type GenerateResponse, type GenerateStreamEvent } from './generate.js';
import { infer } from './infer.js';
import { getModel, listModels, modelConfig, modelReady, modelStats, type ListModelsOptions, type ModelStat } from './models.js';
import { loadModel, unloadModel, waitUntilReady, type WaitUntilReadyOptions } from './repository.js';
import { serverLive, serverMetadata, serverReady, type ServerMetadata } from './server.js';
import type {
  BinaryMode,
  InferenceRequest,
  InferenceResponse,
  InferOptions,
  LoadOptions,
  ModelCallOptions,
  ModelMetadata,
  OipTarget,
  RepositoryIndexEntry,
  TargetCallOptions,
  UnloadOptions,
} from './types.js';

/**
 * Client settings: the core's {@link ClientOptions} plus the default binary tensor data choice.
 *
 * @example
 * ```ts
 * const oip = createOipClient({ baseURL: 'http://127.0.0.1:8000', binary: true, timeoutMs: 10_000 });
 * ```
 */
export interface OipClientOptions extends ClientOptions {
  /** Use the binary tensor data extension for every `infer` (`true`), or per direction. Default JSON. */
  binary?: boolean | BinaryMode | undefined;
}

/**
 * An Open Inference Protocol client: every operation bound to one connection.
 *
 * @example
 * ```ts
 * const oip: OipClient = createOipClient({ baseURL: 'http://127.0.0.1:8000' });
 * const meta = await oip.get('mlp');
 * const res = await oip.infer('mlp', { inputs: [x] });
 * ```
 */
export interface OipClient extends OipTarget, OipConnection {
  /** The core client every call goes through (base URL, transport, retries, middleware). */
  readonly core: Client;
  /** Which directions `infer` sends and asks for as binary tensor data; `undefined`: JSON both ways. */
  readonly binary: BinaryMode | undefined;
  /** The binary tensor data codec (always set: an OIP client can speak binary whenever asked). */
  readonly binaryCodec: BinaryTensorCodec;
  /** Every model in the repository, loaded or not (`POST /v2/repository/index`): {@link listModels}. */
  list(options?: ListModelsOptions): Promise<RepositoryIndexEntry[]>;
  /** A model's metadata: platform, versions, inputs and outputs (`GET /v2/models/{name}`): {@link getModel}. */
  get(model: string, options?: ModelCallOptions): Promise<ModelMetadata>;
  /** True when the model is ready for inference; false on a status error (`GET /v2/models/{name}/ready`): {@link modelReady}. */
  ready(model: string, options?: ModelCallOptions): Promise<boolean>;
  /** Loads (or reloads) a model, then by default waits until it is ready; retried only when the request never reached the server: {@link loadModel}. */
  load(model: string, options?: LoadOptions): Promise<void>;
  /** Unloads a model (`POST /v2/repository/models/{name}/unload`); retried only when the request never reached the server: {@link unloadModel}. */
  unload(model: string, options?: UnloadOptions): Promise<void>;
  /** Runs an inference (`POST /v2/models/{name}/infer`), as binary tensor data where {@link OipClient.binary} says: {@link infer}. */
  infer(model: string, request: InferenceRequest, options?: InferOptions): Promise<InferenceResponse>;
  /** Polls the model's readiness until it is ready; `TimeoutError` when it never is: {@link waitUntilReady}. */
  waitUntilReady(model: string, options?: WaitUntilReadyOptions): Promise<void>;
  /** The model's server-specific configuration (`GET /v2/models/{name}/config`): {@link modelConfig}. */
  config(model: string, options?: ModelCallOptions): Promise<Record<string, unknown>>;
  /** Statistics of one model, one version, or every model when `model` is omitted: {@link modelStats}. */
  stats(
    model?: string,
    options?: ModelCallOptions,
  ): Promise<{
    /** One entry per model version the request covered (every loaded model when `model` is omitted). */
    model_stats: ModelStat[];
  }>;
  /** True when the server is live (`GET /v2/health/live`); never retried: {@link serverLive}. */
  live(options?: TargetCallOptions): Promise<boolean>;
  /** True when the server and all its models are ready (`GET /v2/health/ready`): {@link serverReady}. */
  serverReady(options?: TargetCallOptions): Promise<boolean>;
  /** The server's name, version and extensions (`GET /v2`): {@link serverMetadata}. */
  metadata(options?: TargetCallOptions): Promise<ServerMetadata>;
  /** Generates text in one response (`POST /v2/models/{name}/generate`): {@link generate}. */
  generate(model: string, request: GenerateRequest, options?: ModelCallOptions): Promise<GenerateResponse>;
  /** Streams generated text as server-sent events (`POST /v2/models/{name}/generate_stream`): {@link generateStream}. */
  generateStream(model: string, request: GenerateRequest, options?: GenerateOptions): Promise<Stream<GenerateStreamEvent>>;
}

/**
 * Creates an OIP client from client options (or wraps an existing core client; the second argument
 * then takes `binary` only, and any other option named there is refused with `InvalidRequestError`).
 *
 * @example
 * ```ts
 * import { createOipClient } from 'modelwire/oip';
 *
 * const oip = createOipClient({ baseURL: process.env.MODELWIRE_OIP_URL ?? 'http://127.0.0.1:8000' });
 * if (await oip.ready('mlp')) {
 *   const res = await oip.infer('mlp', {
 *     inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([1, 2, 3, 4]) }],
 *   });
 *   console.log(res.outputs[0]?.data);
 * }
 * ```
 */
export function createOipClient(
  options: OipClientOptions | Client,
  extra: {
    /** The client's default binary tensor data choice, as {@link OipClientOptions.binary} (for a wrapped core client). */
    binary?: boolean | BinaryMode | undefined;
  } = {},
): OipClient {
  const isCore = typeof (options as Client | null)?.handler === 'function';
  // the second argument takes `binary` only: a `timeoutMs` there (meant for the wrapped client) would be dropped in silence
  checkOptions('createOipClient', extra, 'binary');
  // `binary` is this factory's own option; every other one is the core client's (checked as createClient does, in this factory's name)
  const { binary: own, ...rest } = (options ?? {}) as OipClientOptions;
  const core = isCore ? (options as Client) : createClientAs('createOipClient', rest);
  const binary = toBinaryMode(isCore ? extra.binary : (own ?? extra.binary), 'createOipClient');
  const conn: OipConnection = { core, binary, binaryCodec: binaryTensorCodec };
  return {
    core,
    binary,
    binaryCodec: binaryTensorCodec,
    list: (o) => listModels(conn, o),
    get: (m, o) => getModel(conn, m, o),
    ready: (m, o) => modelReady(conn, m, o),
    load: (m, o) => loadModel(conn, m, o),
    unload: (m, o) => unloadModel(conn, m, o),
    infer: (m, r, o) => infer(conn, m, r, o),
    waitUntilReady: (m, o) => waitUntilReady(conn, m, o),
    config: (m, o) => modelConfig(conn, m, o),
    stats: (m, o) => modelStats(conn, m, o),
    live: (o) => serverLive(conn, o),
    serverReady: (o) => serverReady(conn, o),
    metadata: (o) => serverMetadata(conn, o),
    generate: (m, r, o) => generate(conn, m, r, o),
    generateStream: (m, r, o) => generateStream(conn, m, r, o),
  };
}
