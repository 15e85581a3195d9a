/**
 * Byte results of withFallback stay bytes: before the fix a Replicate `files.download` Uint8Array
 * came back as a Proxy, which no byte API accepts as an ArrayBufferView (`new Blob([bytes])`
 * silently stored "104,105" instead of "hi"; TextDecoder and structuredClone refused it), although
 * the type says `Uint8Array & SourceInfo`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFallback } from '../../src/core/fallback.js';
import { createReplicateClient } from '../../src/replicate/client.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(async (req, res) => {
    if (req.method === 'GET' && req.path === '/files/f1/download') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from('hi'));
      return;
    }
    if (req.method === 'GET' && req.path === '/predictions/p1') {
      return json(res, 200, {
        id: 'p1', model: 'o/m', version: 'v', input: {}, output: 'x', data_removed: false, error: null,
        status: 'succeeded', source: 'api', created_at: '2026-01-01T00:00:00Z',
        urls: { get: 'https://api.replicate.com/v1/predictions/p1', cancel: 'https://api.replicate.com/v1/predictions/p1/cancel', web: 'https://replicate.com/p/p1' },
      });
    }
    json(res, 404, { detail: `no route ${req.method} ${req.path}` });
  });
});
afterEach(() => server.close());

const clients = () => {
  const a = createReplicateClient({ apiKey: 'r8_test', baseURL: server.url });
  const b = createReplicateClient({ apiKey: 'r8_test', baseURL: server.url });
  return withFallback(a, b, { primaryName: 'replicate-a', fallbackName: 'replicate-b' });
};

describe('withFallback result tagging', () => {
  it('a Uint8Array result (files.download) is still a real Uint8Array that byte APIs accept', async () => {
    const target = clients();
    const bytes = await target.files.download('f1', { owner: 'alice', expiry: 1767225600, signature: 'c2ln' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(ArrayBuffer.isView(bytes)).toBe(true);
    expect(await new Blob([bytes as Uint8Array<ArrayBuffer>]).text()).toBe('hi');
    expect(new TextDecoder().decode(bytes)).toBe('hi');
    expect(bytes.source).toBe('remote');
  });

  it('a typed-array result from an in-memory source keeps its bytes through structuredClone', async () => {
    const target = withFallback({ read: async () => Float32Array.of(1, 2) }, { read: async () => Float32Array.of(0) });
    const res = await target.read();
    expect(() => structuredClone(res)).not.toThrow();
    expect(Array.from(structuredClone(res))).toEqual([1, 2]);
  });
});
