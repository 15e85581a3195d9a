/**
 * OpenVINO Model Server answers `GET /v2` with its name and version and no `extensions`.
 * open_inference_rest.yaml lists the field as required, but a server that leaves it out names no
 * extension: serverMetadata reads such an answer as `extensions: []`, in every validation mode
 * (the type promises an array), and keeps a list the server sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { createOipClient, serverMetadata } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let body: unknown;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => (req.path === '/v2' ? json(res, 200, body) : json(res, 404, { error: 'no route' })));
});
afterAll(() => server.close());

describe('serverMetadata without extensions (OpenVINO Model Server)', () => {
  for (const validation of ['strict', 'passthrough', 'off'] as const) {
    it(`reads extensions as [] (validation ${validation})`, async () => {
      body = { name: 'OpenVINO Model Server', version: '2025.2.9a4e9a4b' };
      const meta = await serverMetadata(createClient({ baseURL: server.url, retry: false }), { validation });
      expect(meta).toEqual({ name: 'OpenVINO Model Server', version: '2025.2.9a4e9a4b', extensions: [] });
    });
  }

  it('through the OIP client too', async () => {
    body = { name: 'OpenVINO Model Server', version: '2025.2' };
    expect((await createOipClient({ baseURL: server.url, retry: false }).metadata()).extensions).toEqual([]);
  });

  it('a list the server sends is kept', async () => {
    body = { name: 'triton', version: '2.59.0', extensions: ['classification', 'binary_tensor_data'] };
    expect((await serverMetadata(createClient({ baseURL: server.url, retry: false }))).extensions).toEqual(['classification', 'binary_tensor_data']);
  });

  it('extensions that are not a list of strings are still refused', async () => {
    for (const extensions of ['binary_tensor_data', [1], null]) {
      body = { name: 'x', version: '1', extensions };
      const err = await rejectionAs(serverMetadata(createClient({ baseURL: server.url, retry: false })), ResponseValidationError);
      expect(err.issues[0]!.path[0], JSON.stringify(extensions)).toBe('extensions');
    }
  });
});
