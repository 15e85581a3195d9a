/**
 * What the docs' "Safety rules" say of the calls that are neither reads nor creates: a DELETE
 * (deployment, model, version, file) is idempotent and retried on a 5xx like a GET, while an update
 * (PATCH of a model or a deployment) is not declared safe to repeat and is sent once.
 */
import { describe, expect, it } from 'vitest';
import { InternalServerError } from '../../src/index.js';
import { createDeployment, createFile, createModel, deleteDeployment, deleteFile, deleteModel, updateDeployment, updateModel } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();

const sent = (method: string, path: string): number => fx.rs.server.count((r) => r.method === method && r.path === path);
const fail503 = (method: string, path: string): void => {
  fx.rs.server.faults.push({ match: path, method, fault: { kind: 'status', status: 503 } });
};

describe('DELETE is retried on a 5xx', () => {
  it('deleteDeployment repeats a delete answered 503 and resolves', async () => {
    await createDeployment(fx.client, { name: 'retry-del', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 });
    fail503('DELETE', '/v1/deployments/acme/retry-del');
    await expect(deleteDeployment(fx.client, 'acme/retry-del')).resolves.toBeUndefined();
    expect(sent('DELETE', '/v1/deployments/acme/retry-del')).toBe(2);
  });

  it('deleteModel repeats a delete answered 503 and resolves', async () => {
    await createModel(fx.client, { owner: 'alice', name: 'retry-del', visibility: 'private', hardware: 'cpu' });
    fail503('DELETE', '/v1/models/alice/retry-del');
    await expect(deleteModel(fx.client, 'alice/retry-del')).resolves.toBeUndefined();
    expect(sent('DELETE', '/v1/models/alice/retry-del')).toBe(2);
  });

  it('deleteFile repeats a delete answered 503 and resolves', async () => {
    const file = await createFile(fx.client, { content: 'x', filename: 'x.txt' });
    fail503('DELETE', `/v1/files/${file.id}`);
    await expect(deleteFile(fx.client, file.id)).resolves.toBeUndefined();
    expect(sent('DELETE', `/v1/files/${file.id}`)).toBe(2);
  });
});

describe('an update (PATCH) is sent once', () => {
  it('updateModel answered 503 surfaces after one attempt', async () => {
    await createModel(fx.client, { owner: 'alice', name: 'retry-patch', visibility: 'private', hardware: 'cpu' });
    fail503('PATCH', '/v1/models/alice/retry-patch');
    const err = await rejectionAs(updateModel(fx.client, 'alice/retry-patch', { description: 'new' }), InternalServerError);
    expect(err.attempts).toBe(1);
    expect(sent('PATCH', '/v1/models/alice/retry-patch')).toBe(1);
  });

  it('updateDeployment answered 503 surfaces after one attempt', async () => {
    await createDeployment(fx.client, { name: 'retry-patch', model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 });
    fail503('PATCH', '/v1/deployments/acme/retry-patch');
    const err = await rejectionAs(updateDeployment(fx.client, 'acme/retry-patch', { max_instances: 2 }), InternalServerError);
    expect(err.attempts).toBe(1);
    expect(sent('PATCH', '/v1/deployments/acme/retry-patch')).toBe(1);
  });
});
