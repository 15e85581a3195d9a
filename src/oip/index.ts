/**
 * `modelwire/oip`: typed Open Inference Protocol v2 client (KServe, NVIDIA Triton, Seldon MLServer,
 * OpenVINO Model Server) with Triton's binary tensor data, model repository, statistics, model
 * configuration and generate extensions. Web-standard: runs in Node, Deno, Bun, workers and browsers.
 *
 * @example
 * ```ts
 * import { createOipClient } from 'modelwire/oip';
 *
 * const oip = createOipClient({ baseURL: 'http://127.0.0.1:8000' });
 * const res = await oip.infer('mlp', {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }],
 * });
 * ```
 * @module
 */
export { createOipClient } from './client.js';
export type { OipClient, OipClientOptions } from './client.js';
export type { BinaryTensorCodec, OipClientLike, OipConnection } from './connection.js';
export { modelPath, toBinaryMode } from './connection.js';
export { infer, outputOf, INFERENCE_HEADER } from './infer.js';
export { inferBinary, binaryTensorCodec, decodeInferBody, tensorBytes, encodeBinaryRequest, decodeTensorBytes } from './binary-codec.js';
export { serverLive, serverReady, serverMetadata } from './server.js';
export type { ServerMetadata } from './server.js';
export { listModels, getModel, modelReady, modelConfig, modelStats } from './models.js';
export type { ListModelsOptions, ModelStat } from './models.js';
export { loadModel, unloadModel, waitUntilReady } from './repository.js';
export type { WaitUntilReadyOptions } from './repository.js';
export { generate, generateStream } from './generate.js';
export type { GenerateOptions, GenerateParameters, GenerateRequest, GenerateResponse, GenerateStreamEvent, GenerateToken } from './generate.js';
export { encodeJsonData, encodeInferRequestJson, decodeJsonData, parseResponseJson, parseJsonExact } from './json-codec.js';
export {
  TYPED_ARRAY_CONSTRUCTORS,
  isDatatype,
  bytesPerElement,
  createTensorData,
  elementCount,
  matchesDatatype,
  checkInputTensor,
  checkInputs,
  tensor,
  floatToHalf,
  halfToFloat,
  fp32ToFp16,
  fp16ToFp32,
  floatToBf16,
  bf16ToFloat,
  fp32ToBf16,
  bf16ToFp32,
} from './tensor.js';
export type { ArrayCtor } from './tensor.js';
export * from './schemas.js';
export type * from './types.js';
