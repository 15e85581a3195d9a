/**
 * Per-suite setup: a fake Replicate and a client pointed at it. Every suite ends by asserting that
 * no request broke the spec.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createClient, type Client, type ClientOptions } from '../../src/index.js';
import { createReplicateClient, type ReplicateClient } from '../../src/replicate/index.js';
import { startReplicateServer, type ReplicateServer, type ReplicateServerOptions } from '../helpers/replicate-server.js';

export interface Fixture {
  rs: ReplicateServer;
  client: Client;
  replicate: ReplicateClient;
  /** A client with other options on the same server. */
  makeClient(options?: Partial<ClientOptions>): Client;
}

export function useReplicate(options: ReplicateServerOptions = {}, clientOptions: Partial<ClientOptions> = {}): Fixture {
  const fx = {} as Fixture;
  beforeAll(async () => {
    fx.rs = await startReplicateServer(options);
    fx.makeClient = (o = {}) =>
      createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, retry: { initialDelayMs: 5, maxDelayMs: 50, jitter: 0 }, ...clientOptions, ...o });
    fx.client = fx.makeClient();
    fx.replicate = createReplicateClient(fx.client);
  });
  afterEach(() => {
    fx.rs.server.faults.clear();
  });
  afterAll(async () => {
    try {
      fx.rs.conformance.assertNoViolations();
      expect(fx.rs.extraViolations).toEqual([]);
      expect(fx.rs.server.handlerErrors).toEqual([]);
    } finally {
      await fx.rs.close();
    }
  });
  return fx;
}
