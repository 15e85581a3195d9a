/**
 * A `parse` that throws before reading the body (OIP infer refusing a binary answer, a user's
 * RequestSpec.parse) leaves no body open: the call cancels it, and ends it through the transport
 * when the parse holds it with a reader of its own (a locked body cannot be cancelled).
 */
import { describe, expect, it } from 'vitest';
import { createClient, request, ResponseValidationError, type RequestSpec } from '../../src/index.js';
import { infer } from '../../src/oip/index.js';
import { startTestServerPerTest, write } from '../helpers/test-server.js';
import { HeldResponses, TRANSPORTS } from './_held.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('parse throwing before reading the body (%s)', (_name, transport) => {
  it('oip infer refusing a binary answer releases the response body', async () => {
    const held = new HeldResponses();
    const server = await startServer(async (_req, res) => {
      held.track(res);
      // a binary-tensor answer whose body is still arriving (a large tensor, a slow server)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': '64' });
      await write(res, '{"model_name":"m","outputs":[');
    });
    const client = createClient({ baseURL: server.url, transport: transport(), timeoutMs: 30_000 });
    const err = await infer(client, 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError); // 'binary tensor data answer: use inferBinary()'
    // the call is over: its connection must be let go (body cancelled), not held until a timeout
    expect(held.held()).toBe(1);
    expect(await held.allReleased(1500)).toBe(true);
  });

  it('a RequestSpec.parse that throws before reading releases the response body', async () => {
    const held = new HeldResponses();
    const server = await startServer(async (_req, res) => {
      held.track(res);
      res.writeHead(200, { 'content-type': 'text/csv' });
      await write(res, 'a,b\n1,2\n');
    });
    const client = createClient({ baseURL: server.url, transport: transport(), timeoutMs: 30_000 });
    const err = await request(client, {
      method: 'GET',
      path: '/export',
      operation: 'test.export',
      parse: async (res) => {
        if (res.headers.get('content-type') !== 'application/json') throw new Error('unexpected content type');
        return res.text();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(await held.allReleased(1500)).toBe(true);
  });

  // a parse that reads the body through a reader of its own, and fails on what it read (a bad
  // header of a binary format) without letting go of the reader
  const lockingParse: RequestSpec<number>['parse'] = async (res) => {
    const reader = res.body!.getReader();
    await reader.read();
    throw new Error('bad magic number');
  };

  it.each([
    ['with retries', undefined],
    ['with retry: false', false],
  ] as const)('a RequestSpec.parse that fails holding a reader on the body releases it (%s)', async (_label, retry) => {
    const held = new HeldResponses();
    const server = await startServer(async (_req, res) => {
      held.track(res);
      // a large body still arriving
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000000' });
      await write(res, 'MAGIC?'.repeat(100));
    });
    const client = createClient({ baseURL: server.url, transport: transport(), timeoutMs: 30_000 });
    const err = await request(client, { method: 'GET', path: '/blob', operation: 'test.blob', parse: lockingParse }, { retry }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('bad magic number');
    expect(await held.allReleased(1500)).toBe(true);
    expect(server.openResponses()).toBe(0);
  });
});
