/**
 * An error names the operation that failed (`err.operation`, also in `toJSON()` and log lines):
 * for Replicate it is `replicate.` + the spec's operationId, so a 404 on any model, deployment,
 * training, collection, account, hardware or search call says which call it was.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, NotFoundError } from '../../src/index.js';
import * as r from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 404, { detail: 'Not found.', status: 404 }));
});
afterAll(() => server.close());

const V = 'v1';
const calls: [id: keyof typeof r.COVERED_OPERATIONS, call: (c: ReturnType<typeof createClient>) => Promise<unknown>][] = [
  ['account.get', (c) => r.getAccount(c)],
  ['hardware.list', (c) => r.listHardware(c)],
  ['collections.list', (c) => r.listCollections(c).toArray()],
  ['collections.get', (c) => r.getCollection(c, 'slug')],
  ['search', (c) => r.search(c, 'q')],
  ['models.list', (c) => r.listModels(c).toArray()],
  ['models.get', (c) => r.getModel(c, 'a/b')],
  ['models.create', (c) => r.createModel(c, { owner: 'a', name: 'b', visibility: 'public', hardware: 'cpu' })],
  ['models.update', (c) => r.updateModel(c, 'a/b', { description: 'd' })],
  ['models.delete', (c) => r.deleteModel(c, 'a/b')],
  ['models.search', (c) => r.searchModels(c, 'q').toArray()],
  ['models.versions.list', (c) => r.listModelVersions(c, 'a/b').toArray()],
  ['models.versions.get', (c) => r.getModelVersion(c, 'a/b', V)],
  ['models.versions.delete', (c) => r.deleteModelVersion(c, 'a/b', V)],
  ['models.readme.get', (c) => r.getModelReadme(c, 'a/b')],
  ['models.examples.list', (c) => r.listModelExamples(c, 'a/b').toArray()],
  ['deployments.list', (c) => r.listDeployments(c).toArray()],
  ['deployments.get', (c) => r.getDeployment(c, 'a/b')],
  ['deployments.create', (c) => r.createDeployment(c, { name: 'n', model: 'a/b', version: V, hardware: 'cpu', min_instances: 0, max_instances: 1 })],
  ['deployments.update', (c) => r.updateDeployment(c, 'a/b', { hardware: 'cpu' })],
  ['deployments.delete', (c) => r.deleteDeployment(c, 'a/b')],
  ['trainings.create', (c) => r.createTraining(c, 'a/b', V, { destination: 'a/c', input: {} })],
  ['trainings.get', (c) => r.getTraining(c, 't1')],
  ['trainings.list', (c) => r.listTrainings(c).toArray()],
  ['trainings.cancel', (c) => r.cancelTraining(c, 't1')],
];

it.each(calls)('a 404 on %s names the operation (replicate. + operationId)', async (id, call) => {
  const client = createClient({ baseURL: server.url, retry: false });
  const err = await call(client).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NotFoundError);
  expect((err as NotFoundError).operation).toBe(`replicate.${id}`);
});
