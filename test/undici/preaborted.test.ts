/**
 * A call whose signal is already aborted never reaches the network with undiciTransport either:
 * the response handler fails at once and `dispatcher.dispatch` is not called, so no TCP connection
 * is opened (fetch checks the signal first the same way).
 */
import { describe, expect, it } from 'vitest';
import { AbortError, createClient, request } from '../../src/index.js';
import { delay, json, startTestServerPerTest } from '../helpers/test-server.js';
import { undiciTransport } from '../../src/undici/index.js';

const startServer = startTestServerPerTest();

describe('a call aborted before it is sent (undici; fetchTransport already passes this)', () => {
  it('opens no connection', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const client = createClient({ baseURL: server.url, transport: undiciTransport() });
    const aborted = AbortSignal.abort();
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => request(client, { method: 'GET', path: '/x', operation: 'test.get' }, { signal: aborted }).catch((e: unknown) => e)),
    );
    for (const e of errors) expect(e).toBeInstanceOf(AbortError);
    await delay(100); // let any connection attempt reach the server
    expect(server.count()).toBe(0);
    expect(server.connectionCount()).toBe(0);
  });
});
