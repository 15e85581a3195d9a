/**
 * Per-suite setup: a fake Replicate and a client pointed at it. Every suite ends by asserting that
 * no request broke the spec.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createClient, type Client, type ClientOptions } from '../../src/index.js';
import { createPrediction, createReplicateClient, type Prediction, type ReplicateClient } from '../../src/replicate/index.js';
import { startReplicateServer, type ReplicateServer, type ReplicateServerOptions } from '../helpers/replicate-server.js';

export interface Fixture {
  rs: ReplicateServer;
  client: Client;
  replicate: ReplicateClient;
  /** A client with other options on the same server. */
  makeClient(options?: Partial<ClientOptions>): Client;
  /** Creates a prediction that keeps running (10,000 steps) until it is cancelled. */
  running(): Promise<Prediction>;
  /** How many cancels of prediction `id` the server received. */
  cancels(id: string): number;
}

/** A model version id in Replicate's format. */
export const VERSION = '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa';

export function useReplicate(options: ReplicateServerOptions = {}, clientOptions: Partial<ClientOptions> = {}): Fixture {
  const fx = {} as Fixture;
  beforeAll(async () => {
    fx.rs = await startReplicateServer(options);
    fx.makeClient = (o = {}) =>
      createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, retry: { initialDelayMs: 5, maxDelayMs: 50, jitter: 0 }, ...clientOptions, ...o });
    fx.client = fx.makeClient();
    fx.replicate = createReplicateClient(fx.client);
    fx.running = () => {
      fx.rs.setModel(() => ({ steps: 10_000 }));
      return createPrediction(fx.client, { version: VERSION, input: {} });
    };
    fx.cancels = (id) => fx.rs.server.count((r) => r.method === 'POST' && r.path === `/v1/predictions/${id}/cancel`);
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
