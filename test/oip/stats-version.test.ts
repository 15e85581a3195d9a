/**
 * modelStats(client, undefined, { version }) cannot be expressed: the statistics path is
 * `GET v2/models[/${MODEL_NAME}[/versions/${MODEL_VERSION}]]/stats` (triton/extension_statistics.md),
 * a version only under a model. The client drops the version and sends GET /v2/models/stats, so the
 * caller gets every version of every model as if it were the version asked for. Bad input accepted
 * quietly: it should be refused with InvalidRequestError (path 'version') before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { InvalidRequestError } from '../../src/core/errors.js';
import { createOipClient, modelStats } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) =>
    json(res, 200, { model_stats: [{ name: 'a', version: '1' }, { name: 'b', version: '7' }] }),
  );
});
afterAll(() => server.close());

describe('modelStats: a version without a model', () => {
  it('is refused before anything is sent (standalone and bound)', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    const err = await modelStats(client, undefined, { version: '2' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('version');
    await expect(createOipClient(client).stats(undefined, { version: '2' })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.requests).toHaveLength(0);
  });

  it('every model (no version) and one model version still work', async () => {
    const client = createClient({ baseURL: server.url, retry: false });
    await modelStats(client);
    await modelStats(client, 'a', { version: '1' });
    expect(server.requests.slice(-2).map((r) => r.path)).toEqual(['/v2/models/stats', '/v2/models/a/versions/1/stats']);
  });
});
