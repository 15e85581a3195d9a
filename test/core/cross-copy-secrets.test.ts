// Two copies of modelwire in one process: the ESM and the CJS build, which Node loads side by side
// when an app requires 'modelwire' in one place and imports 'modelwire/oip' in another. A client made
// by one copy and used with an operation of the other keeps its credentials out of errors, as it does
// within one copy. Regression: each copy kept the clients' secrets in a registry of its own, so an
// error from the other copy's operation quoted the key the server echoed.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { secondCopy } from './_support.js';

const KEY = 'sk-cross-copy-5d1e';
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that refuses with 401 and quotes the authorization header it got. */
async function echoingServer(): Promise<TestServer> {
  const server = await startTestServer((req, res) => json(res, 401, { error: { message: `bad key ${req.headers.authorization}` } }));
  servers.push(server);
  return server;
}

describe('a client used with an operation of another copy of modelwire', () => {
  it.each([
    ['this copy client, the other copy request', true],
    ['the other copy client, this copy request', false],
  ])('%s: the key the server echoes is redacted from the error', async (_name, oursMakes) => {
    const server = await echoingServer();
    const copy = await secondCopy();
    const [make, call] = oursMakes ? [createClient, copy.request] : [copy.createClient, request];
    const client = make({ baseURL: server.url, apiKey: KEY });
    const err = await call(client, { method: 'GET', path: '/x', operation: 'x' }).then(
      () => expect.unreachable(),
      (e: unknown) => e,
    );
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect((err as Error).message).toContain('bad key Bearer [redacted]');
    expect(JSON.stringify({ message: (err as Error).message, body: (err as { body?: unknown }).body, stack: (err as Error).stack })).not.toContain(KEY);
  });
});
