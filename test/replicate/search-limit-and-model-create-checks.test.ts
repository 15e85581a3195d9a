/**
 * `search`'s `limit` is the spec's integer 1–50 (GET /search): both ends are sent, anything else
 * is refused before the request with `path: 'limit'`, and no limit sends none (the server's
 * default); params that are no object are refused naming `params`. `createModel` takes `visibility` "public" or "private" only, and needs every one of
 * owner, name, visibility and hardware (the spec's required fields), each named when missing.
 */
import { describe, expect, it } from 'vitest';
import { createModel, search } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const lastSearch = () => fx.rs.server.requests.filter((r) => r.path === '/v1/search').at(-1)!;

describe('search limit', () => {
  it('sends a limit of 1 and of 50 as given', async () => {
    await search(fx.client, 'flux', { limit: 1 });
    expect(lastSearch().query.get('limit')).toBe('1');
    await search(fx.client, 'flux', { limit: 50 });
    expect(lastSearch().query.get('limit')).toBe('50');
  });

  it('sends no limit when none is given', async () => {
    expect((await search(fx.client, 'flux')).query).toBe('flux');
    expect(lastSearch().query.has('limit')).toBe(false);
    expect(lastSearch().query.get('query')).toBe('flux');
  });

  it('refuses 0, 51, a fraction and NaN before the request, naming limit', async () => {
    for (const limit of [0, 51, 2.5, Number.NaN]) {
      const err = await expectRefused(fx.rs.server, () => search(fx.client, 'flux', { limit }), /^limit$/);
      expect(err.message, String(limit)).toContain(`got ${limit}`);
    }
  });

  it('refuses an empty query, naming query', async () => {
    await expectRefused(fx.rs.server, () => search(fx.client, ''), /^query$/);
  });

  it('refuses params that are no object (null, a number, from JavaScript) naming params, as listModels does, not with a TypeError', async () => {
    for (const params of [null, 5, 'limit=5']) {
      await expectRefused(fx.rs.server, () => search(fx.client, 'flux', params as unknown as { limit?: number }), /^params$/);
      await expectRefused(fx.rs.server, () => fx.replicate.search('flux', params as unknown as { limit?: number }), /^params$/);
    }
  });
});

describe('createModel checks', () => {
  it('accepts visibility "public" and sends the model', async () => {
    const m = await createModel(fx.client, { owner: 'acme', name: 'open', visibility: 'public', hardware: 'cpu' });
    expect(m.visibility).toBe('public');
    expect(fx.rs.server.requests.at(-1)!.json()).toEqual({ owner: 'acme', name: 'open', visibility: 'public', hardware: 'cpu' });
  });

  it('refuses a missing owner, name, visibility or hardware, naming it', async () => {
    const full = { owner: 'acme', name: 'x', visibility: 'private', hardware: 'cpu' } as const;
    for (const key of ['owner', 'name', 'visibility', 'hardware'] as const) {
      const { [key]: _dropped, ...params } = full;
      await expectRefused(fx.rs.server, () => createModel(fx.client, params as never), new RegExp(`^${key}$`));
    }
  });

  it('refuses a visibility other than public/private, naming visibility and the value', async () => {
    const err = await expectRefused(fx.rs.server, () => createModel(fx.client, { owner: 'acme', name: 'x', visibility: 'unlisted' as never, hardware: 'cpu' }), /^visibility$/);
    expect(err.message).toContain('"unlisted"');
  });

  it('refuses params that are not an object', async () => {
    await expectRefused(fx.rs.server, () => createModel(fx.client, null as never), /^params$/);
  });
});
