// modelwire/onnx with onnxruntime-web alone: type-checked in a project where onnxruntime-node is not
// installed (scripts/check-package.sh). modelwire's ONNX types come from onnxruntime-common, which
// onnxruntime-web depends on, so nothing here may need onnxruntime-node.
import type { InferenceResponse } from 'modelwire/oip';
import { createOnnxRuntime, type OnnxRuntime, type OnnxSessionOptions, type OrtLoader, type OrtModule, type OrtType } from 'modelwire/onnx';

const sessionOptions: OnnxSessionOptions = { graphOptimizationLevel: 'all', executionProviders: ['wasm'] };
const loader: OrtLoader = () => import('onnxruntime-web');

export async function ort(): Promise<OrtModule> {
  // onnxruntime-web's module fits the surface modelwire declares
  return await import('onnxruntime-web');
}

export async function local(): Promise<InferenceResponse> {
  const rt: OnnxRuntime = createOnnxRuntime({ modelRepository: './models', backend: 'web', sessionOptions, loader });
  // @ts-expect-error backend is 'node' | 'web'
  createOnnxRuntime({ modelRepository: './models', backend: 'webgpu' });
  const type: OrtType = 'float32';
  const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
  await rt.dispose();
  return type === 'float32' ? res : res;
}
