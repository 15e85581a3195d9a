/**
 * `modelwire/onnx`: run ONNX models on the host CPU with the same typed interfaces as the remote
 * Open Inference Protocol client. Node only; `onnxruntime-node` (or `onnxruntime-web`) is an
 * optional peer dependency, imported lazily on first use.
 *
 * @example
 * ```ts
 * import { createOnnxRuntime } from 'modelwire/onnx';
 * const local = createOnnxRuntime({ modelRepository: './models' });
 * const res = await local.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
 * ```
 * @module
 */
export { createOnnxRuntime } from './runtime.js';
export type { OnnxRuntime, OnnxRuntimeOptions, OnnxExecution, OnnxSessionOptions } from './runtime.js';
export type { OnnxBackend, OrtLoader, OrtModule } from './loader.js';
export { datatypeOf, ortTypeOf } from './tensors.js';
export type { OrtType } from './tensors.js';
