import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../src/index.js';
import {
  cancelTraining,
  createDeployment,
  createFile,
  createModel,
  createTraining,
  deleteDeployment,
  deleteFile,
  deleteModel,
  deleteModelVersion,
  downloadFile,
  getAccount,
  getCollection,
  getDeployment,
  getFile,
  getModel,
  getModelReadme,
  getModelVersion,
  getTraining,
  listCollections,
  listDeployments,
  listFiles,
  listHardware,
  listModelExamples,
  listModels,
  listModelVersions,
  listTrainings,
  search,
  searchModels,
  updateDeployment,
  updateModel,
} from '../../src/replicate/index.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const VERSION = 'a'.repeat(56) + '5c7d5dc6';
const fx = useReplicate();

describe('models', () => {
  it('lists every model across pages following next, with sorting', async () => {
    const all = await listModels(fx.client, { sort_by: 'model_created_at', sort_direction: 'asc' }).toArray();
    expect(all.map((m) => `${m.owner}/${m.name}`)).toEqual(['stability/sdxl', 'replicate/hello-world', 'official/flux', 'acme/slow', 'acme/echo']);
    const gets = fx.rs.server.requests.filter((r) => r.path === '/v1/models' && r.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets.every((r) => r.query.get('sort_by') === 'model_created_at' && r.query.get('sort_direction') === 'asc')).toBe(true);
    expect(all[0]).not.toHaveProperty('a_field_from_the_future');
    expect(all[0]!.latest_version?.id).toBe(VERSION);
  });

  it('gets, creates, updates and deletes a model', async () => {
    expect((await getModel(fx.client, 'replicate/hello-world')).run_count).toBe(42);
    const created = await createModel(fx.client, { owner: 'acme', name: 'hot-dog', visibility: 'private', hardware: 'cpu', description: 'Detect hot dogs' });
    expect(created).toMatchObject({ owner: 'acme', name: 'hot-dog', visibility: 'private', latest_version: null });
    await expect(createModel(fx.client, { owner: 'acme', name: 'hot-dog', visibility: 'private', hardware: 'cpu' })).rejects.toBeInstanceOf(ConflictError);
    expect(fx.rs.server.count((r) => r.method === 'POST' && r.path === '/v1/models')).toBe(2); // 409 on a create is not retried
    const updated = await updateModel(fx.client, 'acme/hot-dog', { description: 'Now with mustard', readme: '# Hot dog' });
    expect(updated.description).toBe('Now with mustard');
    const patch = fx.rs.server.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.json()).toEqual({ description: 'Now with mustard', readme: '# Hot dog' });
    await deleteModel(fx.client, 'acme/hot-dog');
    await expect(getModel(fx.client, 'acme/hot-dog')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('validates model input before sending', async () => {
    await expect(createModel(fx.client, { owner: 'acme', name: 'x', visibility: 'secret' as never, hardware: 'cpu' })).rejects.toThrow(/visibility/);
    await expect(getModel(fx.client, 'acme')).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('searches with QUERY /models (text/plain body) and with GET /search', async () => {
    const hits = await searchModels(fx.client, 'acme').toArray();
    expect(hits.map((m) => m.name).sort()).toEqual(['echo', 'slow']);
    const q = fx.rs.server.requests.find((r) => r.method === 'QUERY')!;
    expect(q.text()).toBe('acme');
    expect(q.headers['content-type']).toBe('text/plain');
    const result = await search(fx.client, 'flux', { limit: 5 });
    expect(result.models[0]?.model.name).toBe('flux');
    expect(result.models[0]?.metadata?.score).toBe(1.5);
    expect(result.pages[0]?.href).toBe('/docs/guide');
    expect(fx.rs.server.requests.at(-1)!.query.get('limit')).toBe('5');
    await expect(search(fx.client, 'x', { limit: 51 })).rejects.toThrow(/limit/);
  });

  it('lists, gets and deletes versions; reads the README and examples', async () => {
    const versions = await listModelVersions(fx.client, 'acme/echo').toArray();
    expect(versions.map((v) => v.id)).toEqual([VERSION, 'b'.repeat(64), 'c'.repeat(64)]);
    expect((await getModelVersion(fx.client, 'acme/echo', VERSION)).cog_version).toBe('0.16.7');
    await expect(deleteModelVersion(fx.client, 'acme/echo', VERSION)).resolves.toBeUndefined();
    expect(await getModelReadme(fx.client, 'acme/echo')).toBe('# acme/echo\n\nA README.\n');
    expect(fx.rs.server.requests.at(-1)!.headers.accept).toBe('text/plain');
    const examples = await listModelExamples(fx.client, 'acme/echo').toArray();
    expect(examples.map((e) => e.output)).toEqual(['out1', 'out2', 'out3']);
  });
});

describe('collections, hardware, account', () => {
  it('lists and gets collections', async () => {
    const all = await listCollections(fx.client).toArray();
    expect(all.map((c) => c.slug)).toEqual(['super-resolution', 'text-to-image', 'language-models']);
    const c = await getCollection(fx.client, 'super-resolution');
    expect(c.models.map((m) => m.name)).toEqual(['echo', 'sdxl']);
  });

  it('lists hardware and gets the account', async () => {
    expect((await listHardware(fx.client)).map((h) => h.sku)).toEqual(['cpu', 'gpu-t4', 'gpu-a100-large']);
    expect(await getAccount(fx.client)).toEqual({ type: 'organization', username: 'acme', name: 'Acme Corp', github_url: 'https://github.com/acme', avatar_url: null });
  });
});

describe('deployments', () => {
  it('creates, lists, gets, updates and deletes', async () => {
    const d = await createDeployment(fx.client, { name: 'web', model: 'acme/echo', version: VERSION, hardware: 'gpu-t4', min_instances: 0, max_instances: 3 });
    expect(d.current_release?.configuration).toEqual({ hardware: 'gpu-t4', min_instances: 0, max_instances: 3 });
    await createDeployment(fx.client, { name: 'batch', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 });
    await createDeployment(fx.client, { name: 'edge', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 1, max_instances: 1 });
    expect((await listDeployments(fx.client).toArray()).map((x) => x.name)).toEqual(['web', 'batch', 'edge']);
    const up = await updateDeployment(fx.client, 'acme/web', { min_instances: 1, max_instances: 5, version: 'b'.repeat(64) });
    expect(up.current_release).toMatchObject({ number: 2, version: 'b'.repeat(64), configuration: { min_instances: 1, max_instances: 5 } });
    expect((await getDeployment(fx.client, 'acme/web')).current_release?.number).toBe(2);
    await deleteDeployment(fx.client, 'acme/web');
    await expect(getDeployment(fx.client, 'acme/web')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('checks instance bounds before sending', async () => {
    const before = fx.rs.server.requests.length;
    await expect(updateDeployment(fx.client, 'acme/x', { max_instances: 21 })).rejects.toThrow(/max_instances must be an integer from 0 to 20/);
    await expect(updateDeployment(fx.client, 'acme/x', { min_instances: 3, max_instances: 2 })).rejects.toThrow(/above max_instances/);
    await expect(createDeployment(fx.client, { name: 'n', model: 'bad', version: 'v', hardware: 'cpu', min_instances: 0, max_instances: 1 })).rejects.toThrow(/model must be "owner\/name"/);
    expect(fx.rs.server.requests.length).toBe(before);
  });
});

describe('trainings', () => {
  it('creates, gets, lists and cancels', async () => {
    fx.rs.setModel(() => ({ steps: 2 }));
    const t = await createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: { steps: 100 }, webhook: 'https://example.com/t' });
    expect(t.status).toBe('starting');
    expect(fx.rs.server.requests.at(-1)!.path).toBe(`/v1/models/acme/echo/versions/${VERSION}/trainings`);
    await getTraining(fx.client, t.id);
    const done = await getTraining(fx.client, t.id);
    expect(done.status).toBe('succeeded');
    expect(done.output?.version).toBe('d'.repeat(64));
    fx.rs.setModel(() => ({ steps: 100 }));
    const t2 = await createTraining(fx.client, 'acme/echo', VERSION, { destination: 'acme/echo-tuned', input: {} });
    expect((await cancelTraining(fx.client, t2.id)).status).toBe('canceled');
    expect((await listTrainings(fx.client).toArray()).map((x) => x.id)).toEqual([t2.id, t.id]);
    await expect(createTraining(fx.client, 'acme/echo', VERSION, { destination: 'nope', input: {} })).rejects.toThrow(/destination/);
  });
});

describe('files', () => {
  it('uploads multipart with web FormData, then gets, lists, downloads and deletes', async () => {
    const bytes = new TextEncoder().encode('hello, replicate');
    const file = await createFile(fx.client, { content: new Blob([bytes], { type: 'text/plain' }), filename: 'hello.txt', metadata: { job: 42 } });
    // Bun's Blob reads type 'text/plain' as 'text/plain;charset=utf-8'
    expect(file).toMatchObject({ name: 'hello.txt', content_type: expect.stringMatching(/^text\/plain(;charset=utf-8)?$/), size: bytes.length, metadata: { job: 42 } });
    expect(file.checksums?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const rec = fx.rs.server.requests.find((r) => r.method === 'POST' && r.path === '/v1/files')!;
    expect(String(rec.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    const second = await createFile(fx.client, { content: 'plain text', filename: 'b.txt' });
    expect(second.content_type).toBe('application/octet-stream');
    await createFile(fx.client, { content: new Uint8Array([1, 2, 3]) });
    expect((await getFile(fx.client, file.id)).size).toBe(bytes.length);
    expect((await listFiles(fx.client).toArray()).map((f) => f.id)).toContain(second.id);
    const down = await downloadFile(fx.client, file.id, { owner: 'acme', expiry: 1767225600, signature: 'c2ln' });
    expect(new TextDecoder().decode(down)).toBe('hello, replicate');
    await deleteFile(fx.client, file.id);
    await expect(getFile(fx.client, file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createFile(fx.client, { content: 42 as never })).rejects.toThrow(/content must be/);
  });
});

describe('credentials and next URLs', () => {
  it('never sends the token to a foreign host named in a next URL', async () => {
    // The server names another origin (a closed port) in `next`: the client must rebase the link
    // onto its own base URL instead of following it with the token.
    const elsewhere = await closedServerUrl();
    fx.rs.setPageLinkOrigin(elsewhere);
    try {
      const before = fx.rs.server.count('/v1/collections');
      const all = await listCollections(fx.client).toArray();
      expect(all).toHaveLength(3);
      expect(fx.rs.server.count('/v1/collections')).toBe(before + 2);
      expect(fx.rs.server.requests.filter((r) => r.path === '/v1/collections').at(-1)!.query.get('cursor')).toBe('2');
    } finally {
      fx.rs.setPageLinkOrigin(undefined);
    }
  });
});
