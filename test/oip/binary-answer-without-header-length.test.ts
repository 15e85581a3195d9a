/**
 * A binary tensor data answer whose `Inference-Header-Content-Length` did not reach the client
 * (triton/extension_binary_data.md: the header "must be provided"): a proxy that drops headers it
 * does not know, or a browser reading a cross-origin answer whose CORS
 * `Access-Control-Expose-Headers` does not list it (fetch then shows only the safelisted headers).
 * The body is the JSON header with the tensor bytes after it, so it is no JSON document: the error
 * says the header is missing and why it may be, not that the body "is not valid JSON", which sent
 * the reader looking at the server's encoder. Over both transports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/core/errors.js';
import { undiciTransport } from '../../src/undici/index.js';
import { inferBinary, outputOf } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** What the server answers next: the body, and whether it sends the header length. */
let answer: { body: Buffer; headerLength?: number } = { body: Buffer.alloc(0) };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (answer.headerLength !== undefined) headers['inference-header-content-length'] = String(answer.headerLength);
    res.writeHead(200, headers);
    res.end(answer.body);
  });
});
afterAll(() => server.close());

const request = { inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: Float32Array.of(1) }] };
const header = Buffer.from(JSON.stringify({ model_name: 'm', outputs: [{ name: 'y', datatype: 'FP32', shape: [2], parameters: { binary_data_size: 8 } }] }));
const tail = Buffer.from(Float32Array.of(1.5, -2).buffer);

describe.each([
  ['fetch', undefined],
  ['undici', () => undiciTransport()],
])('over %s', (_name, transport) => {
  const call = () => inferBinary(createClient({ baseURL: server.url, retry: false, transport: transport?.() }), 'm', request);

  it('the same answer with its header length decodes (the control)', async () => {
    answer = { body: Buffer.concat([header, tail]), headerLength: header.length };
    expect([...outputOf(await call(), 'y', 'FP32').data]).toEqual([1.5, -2]);
  });

  it('without it, the error names the missing header and the bytes after the JSON', async () => {
    answer = { body: Buffer.concat([header, tail]) };
    const err = await call().then(
      () => {
        throw new Error('expected a ResponseValidationError');
      },
      (e: unknown) => e as ResponseValidationError,
    );
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]!.path).toEqual([]);
    expect(err.issues[0]!.message).toMatch(/no inference-header-content-length/);
    expect(err.issues[0]!.message).toContain('8 bytes follow');
    expect(err.issues[0]!.message).toContain('CORS');
    expect(err.message).not.toMatch(/not valid JSON/);
  });

  it('a body that is not JSON at all (an HTML page) is still "not valid JSON"', async () => {
    answer = { body: Buffer.from('<html><body>Sign in</body></html>') };
    const err = (await call().catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('a JSON object cut short is still "not valid JSON"', async () => {
    answer = { body: header.subarray(0, header.length - 3) };
    const err = (await call().catch((e: unknown) => e)) as ResponseValidationError;
    expect(err.message).toMatch(/not valid JSON/);
  });
});
