/**
 * The update/create operations take their params as an object and their ids as non-empty path
 * segments; anything else is refused before sending with an InvalidRequestError naming it
 * (docs/replicate.md, "Bad input fails before the network … naming the field").
 */
import { describe, it } from 'vitest';
import { createClient } from '../../src/index.js';
import {
  cancelTraining,
  createDeployment,
  createTraining,
  deleteModelVersion,
  getCollection,
  getModelVersion,
  getTraining,
  updateDeployment,
  updateModel,
} from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate operations: params and ids checked before sending', () => {
  it('params that are not an object', async () => {
    await expectRefused(box.server, () => updateModel(client(), 'acme/x', null as never), /^params$/);
    await expectRefused(box.server, () => updateModel(client(), 'acme/x', ['readme'] as never), /^params$/);
    await expectRefused(box.server, () => updateDeployment(client(), 'acme/x', 'min_instances=1' as never), /^params$/);
    await expectRefused(box.server, () => createDeployment(client(), undefined as never), /^params$/);
    await expectRefused(box.server, () => createTraining(client(), 'acme/x', 'v1', null as never), /^params$/);
  });

  it('a deployment create missing name, version or hardware, or with a bad model', async () => {
    const full = { name: 'app', model: 'acme/x', version: 'v1', hardware: 'cpu', min_instances: 0, max_instances: 1 };
    for (const key of ['name', 'version', 'hardware'] as const) {
      const { [key]: _dropped, ...params } = full;
      await expectRefused(box.server, () => createDeployment(client(), params as never), new RegExp(`^${key}$`));
    }
    await expectRefused(box.server, () => createDeployment(client(), { ...full, model: 'acme' }), /^model$/);
  });

  it('empty, "." or ".." ids', async () => {
    await expectRefused(box.server, () => getModelVersion(client(), 'acme/x', ''), /^versionId$/);
    await expectRefused(box.server, () => deleteModelVersion(client(), 'acme/x', '..'), /^versionId$/);
    await expectRefused(box.server, () => createTraining(client(), 'acme/x', '.', { destination: 'acme/y', input: {} }), /^versionId$/);
    await expectRefused(box.server, () => getTraining(client(), '..'), /^id$/);
    await expectRefused(box.server, () => cancelTraining(client(), ''), /^id$/);
    await expectRefused(box.server, () => getCollection(client(), '.'), /^slug$/);
  });

  it('a training create with no input or a non-object input', async () => {
    await expectRefused(box.server, () => createTraining(client(), 'acme/x', 'v1', { destination: 'acme/y' } as never), /^input$/);
    await expectRefused(box.server, () => createTraining(client(), 'acme/x', 'v1', { destination: 'acme/y', input: [] as never }), /^input$/);
  });
});
