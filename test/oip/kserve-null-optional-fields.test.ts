/**
 * KServe's Python model server (docs/oip.md: "KServe ... health, metadata and infer") serialises
 * the protocol's optional fields it has no value for as `null` (pydantic `Optional[...] = None`
 * through FastAPI, no `exclude_none`): an inference answer reads
 * `{"model_name":"m","model_version":null,"id":"…","parameters":null,"outputs":[{…,"parameters":null,"data":[…]}]}`
 * and model metadata `{"name":"m","versions":null,"platform":"","inputs":[],"outputs":[]}` (the
 * bodies KServe's own docs show). The infer envelope check, which runs in every validation mode,
 * refused the first ("expected a string" at model_version), and `strict` getModel the second, so
 * no inference against KServe could succeed. A `null` optional field now reads as absent (the key
 * is dropped, so the result matches its declared type); a value of the wrong type is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError, type ValidationMode } from '../../src/index.js';
import { getModel, infer, inferBinary } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KSERVE_INFER = {
  model_name: 'sklearn-v2-iris',
  model_version: null,
  id: '823248cc-d770-4a51-9606-16803395569c',
  parameters: null,
  outputs: [{ name: 'predict', shape: [2], datatype: 'INT64', parameters: null, data: [1, 1] }],
};
const KSERVE_METADATA = { name: 'sklearn-v2-iris', versions: null, platform: '', inputs: [], outputs: [] };

let answer: unknown;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterAll(() => server.close());

const client = (validation: ValidationMode) => createClient({ baseURL: server.url, retry: false, validation });
const request = { inputs: [{ name: 'input-0', datatype: 'FP32' as const, shape: [1, 4], data: Float32Array.of(6.8, 2.8, 4.8, 1.4) }] };
const modes: ValidationMode[] = ['strict', 'passthrough', 'off'];

describe('KServe answers with null optional fields', () => {
  it.each(modes)('infer reads the inference answer (%s), the null fields absent', async (validation) => {
    answer = KSERVE_INFER;
    for (const call of [infer, inferBinary]) {
      const res = await call(client(validation), 'sklearn-v2-iris', request);
      expect(res.model_name).toBe('sklearn-v2-iris');
      expect(res.id).toBe(KSERVE_INFER.id);
      expect('model_version' in res).toBe(false);
      expect('parameters' in res).toBe(false);
      expect('parameters' in res.outputs[0]!).toBe(false);
      expect(res.outputs[0]!.data).toEqual(BigInt64Array.of(1n, 1n));
    }
  });

  it.each(['strict', 'passthrough'] as const)('getModel reads the metadata (%s), versions absent', async (validation) => {
    answer = KSERVE_METADATA;
    const meta = await getModel(client(validation), 'sklearn-v2-iris');
    expect(meta).toEqual({ name: 'sklearn-v2-iris', platform: '', inputs: [], outputs: [] });
    expect('versions' in meta).toBe(false);
  });

  it.each([
    ['model_version', { ...KSERVE_INFER, model_version: 1 }, ['model_version']],
    ['parameters', { ...KSERVE_INFER, parameters: 'x' }, ['parameters']],
    ['an output\'s parameters', { ...KSERVE_INFER, outputs: [{ ...KSERVE_INFER.outputs[0], parameters: [] }] }, ['outputs', 0, 'parameters']],
  ])('a %s of the wrong type is still refused', async (_what, body, path) => {
    answer = body;
    const err = await infer(client('strict'), 'm', request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues[0]!.path).toEqual(path);
  });
});
