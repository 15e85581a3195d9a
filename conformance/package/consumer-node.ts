// Node-only subpaths, type-checked with @types/node (their users are on Node): modelwire/undici and
// modelwire/onnx together with the web entry points they plug into.
import { createClient, type Transport } from 'modelwire';
import { createOipClient, type InferenceResponse } from 'modelwire/oip';
import { undiciTransport } from 'modelwire/undici';
import { createOnnxRuntime, type OnnxRuntime } from 'modelwire/onnx';

const transport: Transport = undiciTransport({ connections: 8 });
export const client = createClient({ baseURL: 'http://127.0.0.1:8000', transport });

export async function local(): Promise<InferenceResponse> {
  const remote = createOipClient({ baseURL: 'http://127.0.0.1:8000', transport });
  const rt: OnnxRuntime = createOnnxRuntime({ modelRepository: './models', execution: 'worker', workers: 1 });
  // @ts-expect-error backend is 'node' | 'web'
  createOnnxRuntime({ modelRepository: './models', backend: 'cuda' });
  const req = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array(4) }] };
  const [a] = await Promise.all([rt.infer('mlp', req), remote.infer('mlp', req)]);
  await rt.dispose();
  return a;
}
