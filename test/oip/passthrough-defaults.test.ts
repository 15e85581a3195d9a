/**
 * `ModelMetadata` types `inputs` and `outputs` as always-present arrays, but the OIP spec makes
 * them optional (../shared/specs/open-inference-protocol/open_inference_rest.yaml,
 * `metadata_model_response.required: [name, platform]`). ModelMetadataSchema fills them with `[]`
 * through a zod default, which only `strict` applies: `passthrough` returns the body as sent
 * (docs/core.md, "Validated results"), so a spec-valid answer without them comes back with
 * `inputs`/`outputs` undefined and `meta.inputs.map(...)` throws a TypeError.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, type ValidationMode } from '../../src/index.js';
import { createOipClient, getModel, type ModelMetadata, type TensorMetadata } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  // only what the spec requires
  server = await startTestServer((_req, res) => json(res, 200, { name: 'mlp', platform: 'onnxruntime_onnx' }));
});
afterAll(() => server.close());

describe('ModelMetadata.inputs/outputs are arrays in every validation mode that checks', () => {
  it('the type promises arrays', () => {
    expectTypeOf<ModelMetadata['inputs']>().toEqualTypeOf<TensorMetadata[]>();
    expectTypeOf<ModelMetadata['outputs']>().toEqualTypeOf<TensorMetadata[]>();
  });

  it.each<ValidationMode>(['strict', 'passthrough'])('getModel on a minimal spec-valid answer (%s)', async (validation) => {
    const meta = await getModel(createClient({ baseURL: server.url, retry: false }), 'mlp', { validation });
    expect(meta.name).toBe('mlp');
    expect(meta.inputs).toEqual([]);
    expect(meta.outputs).toEqual([]);
  });

  it('OipClient.get with a passthrough client', async () => {
    const oip = createOipClient({ baseURL: server.url, retry: false, validation: 'passthrough' });
    const meta = await oip.get('mlp');
    expect(() => meta.inputs.map((t) => t.name)).not.toThrow();
    expect(meta.outputs).toEqual([]);
  });
});
