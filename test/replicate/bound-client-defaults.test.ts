/**
 * `createReplicateClient`: with no `baseURL` it talks to https://api.replicate.com/v1 (documented
 * default), a given `baseURL` replaces it, a core client passed in is used as is (its transport
 * and policy shared), each call's deadline defaults to 10 minutes, the token goes out as `authorization: Bearer …`, and each resource group is
 * one object, built on first access and the same on every later access (so
 * `const { models } = replicate` keeps working).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createReplicateClient, REPLICATE_BASE_URL } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('createReplicateClient', () => {
  it('defaults the base URL to https://api.replicate.com/v1, with or without options', () => {
    expect(REPLICATE_BASE_URL).toBe('https://api.replicate.com/v1');
    expect(createReplicateClient().client.baseURL).toBe('https://api.replicate.com/v1');
    expect(createReplicateClient({ apiKey: 'r8_x', timeoutMs: 1000 }).client.baseURL).toBe('https://api.replicate.com/v1');
  });

  it('gives each call a 10-minute deadline by default, not the core 60 s that would cancel a longer run', () => {
    expect(createReplicateClient().client.timeoutMs).toBe(600_000);
    expect(createReplicateClient({ timeoutMs: undefined }).client.timeoutMs).toBe(600_000);
    expect(createReplicateClient({ timeoutMs: 5_000 }).client.timeoutMs).toBe(5_000);
    expect(createReplicateClient({ timeoutMs: Infinity }).client.timeoutMs).toBe(Infinity);
    expect(createReplicateClient(createClient({ baseURL: 'http://127.0.0.1:9/v1' })).client.timeoutMs).toBe(60_000);
  });

  it('sends every call to the given baseURL with the token as a Bearer authorization', async () => {
    const server = await startServer((req, res) => json(res, 200, { type: 'user', username: 'alice', name: 'Alice', github_url: null, avatar_url: null }));
    const r = createReplicateClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_secret_token' });
    expect(r.client.baseURL).toBe(`${server.url}/v1`);
    expect((await r.account.get()).username).toBe('alice');
    expect(server.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /v1/account']);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer r8_secret_token');
  });

  it('uses a core client passed in as it is', () => {
    const core = createClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k' });
    expect(createReplicateClient(core).client).toBe(core);
  });

  it('builds each resource group once: later accesses return the same object, which cannot be replaced', () => {
    const r = createReplicateClient({ baseURL: 'http://127.0.0.1:9/v1' });
    for (const key of ['predictions', 'models', 'collections', 'deployments', 'trainings', 'hardware', 'account', 'files', 'webhooks'] as const) {
      const first = r[key];
      expect(r[key], key).toBe(first);
      expect(() => {
        (r as unknown as Record<string, unknown>)[key] = {};
      }, key).toThrow(TypeError);
      expect(r[key], key).toBe(first);
      expect(Object.keys(r), key).toContain(key);
    }
  });
});
