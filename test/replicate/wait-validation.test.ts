/**
 * waitForPrediction refuses a validation mode that is not one of the three before its first poll.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, InvalidRequestError, type ValidationMode } from '../../src/index.js';
import { waitForPrediction } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf } from '../core/_leak.js';

let server: TestServer;
afterEach(() => server?.close());

it('waitForPrediction refuses an unknown validation mode before polling', async () => {
  server = await startTestServer((_req, res) => json(res, 200, { id: 'p1', status: 'succeeded', created_at: '2024-01-01T00:00:00Z', urls: {} }));
  const client = createClient({ baseURL: server.url, retry: false });
  const err = await rejectionOf(waitForPrediction(client, 'p1', { validation: 'passthru' as ValidationMode }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(server.requests.length).toBe(0);
});
