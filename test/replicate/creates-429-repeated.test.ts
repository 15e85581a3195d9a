/**
 * Replicate rate-limits before doing any work, so every create it answers 429 may be sent again
 * after its Retry-After (docs/replicate.md, "Safety rules"). Prediction and training creates were;
 * the model, deployment and file creates surfaced the first 429 as a RateLimitError although the
 * retry policy had attempts left. A create answered 503 is still sent once (it may have started work).
 */
import { expect, it } from 'vitest';
import { InternalServerError } from '../../src/index.js';
import { createDeployment, createFile, createModel } from '../../src/replicate/index.js';
import { useReplicate, VERSION } from './fixture.js';

const fx = useReplicate();

const creates = [
  ['createModel', '/v1/models', () => createModel(fx.client, { owner: 'acme', name: `m${Math.random().toString(36).slice(2, 8)}`, visibility: 'private', hardware: 'cpu' })],
  ['createDeployment', '/v1/deployments', () => createDeployment(fx.client, { name: `d${Math.random().toString(36).slice(2, 8)}`, model: 'acme/echo', version: VERSION, hardware: 'cpu', min_instances: 0, max_instances: 1 })],
  ['createFile', '/v1/files', () => createFile(fx.client, { content: 'x', filename: 'a.txt' })],
] as const;

it.each(creates)('%s answered 429 is sent again after its Retry-After', async (_name, path, create) => {
  fx.rs.server.faults.push({ match: path, method: 'POST', fault: { kind: 'status', status: 429, headers: { 'retry-after': '0' } } });
  const before = fx.rs.server.count((r) => r.method === 'POST' && r.path === path);
  await create();
  expect(fx.rs.server.count((r) => r.method === 'POST' && r.path === path) - before).toBe(2);
});

it.each(creates)('%s answered 503 is sent once', async (_name, path, create) => {
  fx.rs.server.faults.push({ match: path, method: 'POST', fault: { kind: 'status', status: 503 } });
  const before = fx.rs.server.count((r) => r.method === 'POST' && r.path === path);
  await expect(create()).rejects.toBeInstanceOf(InternalServerError);
  expect(fx.rs.server.count((r) => r.method === 'POST' && r.path === path) - before).toBe(1);
});
