/**
 * `listPredictions`' `source` filter is the spec's closed enum `['web']` ("Currently only `web` is
 * supported"; without it the API lists predictions from both the API and the web). Any other value
 * (`'api'`, `'Web'`, a non-string) is refused at `source` before anything is sent, like the date
 * filters beside it: sent, it would ask for a filter the API does not have.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createReplicateClient, listPredictions } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const listGets = () => fx.rs.server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/predictions');

describe('listPredictions source filter', () => {
  it.each(['api', 'Web', '', 1, true, null, ['web']].map((source) => ({ source })))('refuses source $source at source, before sending anything', async ({ source }) => {
    const before = listGets().length;
    const err = await rejectionAs(listPredictions(fx.client, { source: source as 'web' }).toArray(), InvalidRequestError);
    expect([err.path, err.operation]).toEqual(['source', 'replicate.predictions.list']);
    expect(err.message).toContain("replicate.predictions.list: source must be 'web'");
    expect(listGets()).toHaveLength(before);
  });

  it("sends 'web', and no source when none is given, from the bound client too", async () => {
    const replicate = createReplicateClient(fx.client);
    await replicate.predictions.list({ source: 'web' }).toArray(1);
    expect(listGets().at(-1)!.query.get('source')).toBe('web');
    await replicate.predictions.list({ source: undefined }).toArray(1);
    expect(listGets().at(-1)!.query.has('source')).toBe(false);
  });
});
