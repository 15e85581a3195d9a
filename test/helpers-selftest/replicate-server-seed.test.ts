/**
 * The loopback Replicate's `seed` and the prediction list's filters behave as the platform does:
 * the seeded account owns what is created, a seeded model knows exactly its versions, seeded
 * predictions, trainings and files can be read, and `GET /predictions` filters by `created_after`,
 * `created_before` and `source=web` (the last 14 days only), per the spec.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startReplicateServer, type ReplicateServer } from '../helpers/replicate-server.js';

const V1 = '1'.repeat(64);
const V2 = '2'.repeat(64);
let rs: ReplicateServer | undefined;
afterEach(async () => {
  await rs?.close();
  rs = undefined;
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${rs!.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${rs!.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe('startReplicateServer({ seed })', () => {
  it('serves the seeded account, models, versions, deployments, predictions, trainings and files', async () => {
    rs = await startReplicateServer({
      seed: {
        account: { username: 'alice', name: 'Alice' },
        models: [{ owner: 'alice', name: 'tool', visibility: 'private', versions: [V1, V2] }],
        deployments: [{ name: 'app', model: 'alice/tool', version: V1 }],
        predictions: [{ id: 'gm3qorzdhgbfurvjtvhg6dckhu', model: 'alice/tool', version: V1, output: 'hi' }],
        trainings: [{ id: 'zz4ibbonubfz7carwiefibzgga', model: 'alice/tool', version: V2, status: 'processing' }],
        files: [{ id: 'cneqzikepnug6xezperrr4z55o', name: 'a.txt', content: 'abc', type: 'text/plain' }],
      },
    });
    expect((await call('GET', '/account')).json).toEqual({ type: 'user', username: 'alice', name: 'Alice' });
    expect((await call('GET', '/models/alice/tool')).json).toMatchObject({ visibility: 'private', latest_version: { id: V1 } });
    expect(((await call('GET', '/models/alice/tool/versions')).json as { results: { id: string }[] }).results.map((v) => v.id)).toEqual([V1, V2]);
    expect((await call('GET', '/deployments/alice/app')).json).toMatchObject({ owner: 'alice', current_release: { model: 'alice/tool', version: V1 } });
    expect((await call('GET', '/predictions/gm3qorzdhgbfurvjtvhg6dckhu')).json).toMatchObject({ status: 'succeeded', output: 'hi', source: 'api' });
    expect((await call('GET', '/trainings/zz4ibbonubfz7carwiefibzgga')).json).toMatchObject({ id: 'zz4ibbonubfz7carwiefibzgga' });
    expect((await call('GET', '/files/cneqzikepnug6xezperrr4z55o')).json).toMatchObject({ name: 'a.txt', size: 3, urls: { get: `${rs.baseURL}/files/cneqzikepnug6xezperrr4z55o` } });
    rs.conformance.assertNoViolations();
  });

  it('a model seeded with versions knows only those: another is refused, a deleted one is gone', async () => {
    rs = await startReplicateServer({ seed: { models: [{ owner: 'acme', name: 'tool', versions: [V1, V2] }] } });
    const deploy = (version: string) => call('POST', '/deployments', { name: `d${version[0]}`, model: 'acme/tool', version, hardware: 'cpu', min_instances: 0, max_instances: 1 });
    expect((await deploy('3'.repeat(64))).status).toBe(404);
    expect((await deploy(V1)).json).toMatchObject({ owner: 'acme', current_release: { version: V1 } });
    expect((await call('POST', `/models/acme/tool/versions/${'3'.repeat(64)}/trainings`, { destination: 'acme/x', input: {} })).status).toBe(404);
    expect((await call('DELETE', `/models/acme/tool/versions/${V2}`)).status).toBe(202);
    expect((await call('GET', `/models/acme/tool/versions/${V2}`)).status).toBe(404);
    expect((await deploy(V2)).status).toBe(404);
  });

  it('lists predictions by created_after, created_before and source=web (the last 14 days)', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number): string => new Date(Date.now() - daysAgo * day).toISOString();
    rs = await startReplicateServer({
      seed: {
        predictions: [
          { id: 'web1', model: 'acme/echo', version: V1, source: 'web', created_at: at(1) },
          { id: 'api1', model: 'acme/echo', version: V1, source: 'api', created_at: at(2) },
          { id: 'web20', model: 'acme/echo', version: V1, source: 'web', created_at: at(20) },
          { id: 'api30', model: 'acme/echo', version: V1, source: 'api', created_at: at(30) },
        ],
      },
      pageSize: 10,
    });
    const ids = async (query: string): Promise<string[]> => ((await call('GET', `/predictions${query}`)).json as { results: { id: string }[] }).results.map((p) => p.id);
    expect(await ids('')).toEqual(['web1', 'api1', 'web20', 'api30']);
    expect(await ids('?source=web')).toEqual(['web1']);
    expect(await ids(`?created_after=${encodeURIComponent(at(25))}`)).toEqual(['web1', 'api1', 'web20']);
    expect(await ids(`?created_before=${encodeURIComponent(at(1.5))}`)).toEqual(['api1', 'web20', 'api30']);
  });
});
