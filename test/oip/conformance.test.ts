/** The conformance check used by every OIP suite can fail: a request that breaks the spec is reported. */
import { describe, expect, it } from 'vitest';
import { startOipServer } from '../helpers/oip-server.js';
import { createConformance } from './setup.js';

describe('OIP conformance check', () => {
  it('flags requests that break open_inference_rest.yaml / generate_rest.yaml, including binary ones', async () => {
    const conformance = createConformance();
    const server = await startOipServer({ loaded: ['mlp'], testServer: { onRequest: (r) => conformance.record(r) } });
    try {
      // input without shape
      await fetch(`${server.url}/v2/models/mlp/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":[{"name":"x","datatype":"FP32","data":[1]}]}' });
      // generate without text_input
      await fetch(`${server.url}/v2/models/toy-llm/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"prompt":"x"}' });
      // binary request whose header has a non-string datatype
      const head = Buffer.from('{"inputs":[{"name":"x","datatype":7,"shape":[1],"parameters":{"binary_data_size":4}}]}');
      await fetch(`${server.url}/v2/models/echo/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(head.length) },
        body: Buffer.concat([head, Buffer.alloc(4)]),
      }).catch(() => undefined);
      // repository load whose config is not a JSON string
      await fetch(`${server.url}/v2/repository/models/mlp/load`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"parameters":{"config":{"a":1}}}' });
      expect(conformance.rest.violations.map((v) => v.path)).toEqual(['/v2/models/mlp/infer', '/v2/models/echo/infer', '/v2/repository/models/mlp/load']);
      expect(conformance.generate.violations.map((v) => v.path)).toEqual(['/v2/models/toy-llm/generate']);
      expect(() => conformance.assertNoViolations()).toThrow(/violate the OpenAPI spec/);
    } finally {
      await server.close();
    }
  });
});
