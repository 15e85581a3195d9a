/**
 * A Replicate input value with its own toJSON (a Date, a URL, a plain object that has one) is sent
 * as JSON.stringify writes it, not refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 201, { id: 'p1', status: 'starting' }));
});
afterAll(() => server.close());

describe('review8: replicate input values with their own toJSON', () => {
  it('a plain object with a toJSON method is sent as JSON.stringify writes it', async () => {
    const client = createClient({ baseURL: server.url, retry: false, validation: 'off' });
    const when = { toJSON: () => '2026-01-01T00:00:00Z' };
    await createPrediction(client, { model: 'acme/my.model', input: { when } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json()).toEqual({ input: { when: '2026-01-01T00:00:00Z' } });
  });
});
