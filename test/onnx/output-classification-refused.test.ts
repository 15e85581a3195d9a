/**
 * docs/onnx.md (The OIP interfaces): an output asked for with Triton's `classification` parameter
 * is refused locally. The platform answers such an output as BYTES class strings (`"<value>:<index>"`,
 * shape [batch, count], Triton's classification extension); the local runtime ignored the parameter
 * and answered the model's own tensor (FP32 [batch, 3] for the mlp), so code reading the platform's
 * strings got numbers once `withFallback` answered locally. `binary_data`, a wire concern, is still
 * ignored.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, withFallback } from '../../src/index.js';
import { createOipClient, type InferenceRequest, type OipTarget } from '../../src/oip/index.js';
import { startOipServer } from '../helpers/oip-server.js';
import { useRuntimes } from './helpers.js';

const runtime = useRuntimes();
const request = (parameters: Record<string, unknown>): InferenceRequest => ({
  inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: Float32Array.of(0.1, 0.2, 0.3, 0.4) }],
  outputs: [{ name: 'probs', parameters: parameters as Record<string, number> }],
});

describe('onnx: an output with the classification parameter', () => {
  it.each(['inline', 'worker'] as const)('is refused before anything runs (%s)', async (execution) => {
    const rt = runtime({ execution, warmup: false });
    const err = await rt.infer('mlp', request({ classification: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('outputs[0].parameters.classification');
    expect((err as InvalidRequestError).operation).toBe('onnx.infer');
    expect((err as InvalidRequestError).message).toMatch(/^onnx\.infer: outputs\[0\] \(probs\): .*classification/);
  });

  it('binary_data is still ignored: the output comes back as the model gives it', async () => {
    const rt = runtime({ warmup: false });
    const res = await rt.infer('mlp', request({ binary_data: true }));
    expect(res.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([['probs', 'FP32', [1, 3]]]);
  });

  it('through withFallback with the platform down, the call fails rather than answer another datatype', async () => {
    const oip = await startOipServer();
    const url = oip.url;
    await oip.close(); // connection refused from now on
    const rt = runtime({ warmup: false });
    const target = withFallback<OipTarget>(createOipClient({ baseURL: url, retry: { maxRetries: 0 } }), rt, {});
    const err = await target.infer('mlp', request({ classification: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('outputs[0].parameters.classification');
  });
});
