/**
 * Deployments: list, get, create, update (hardware, instances, version), delete.
 * Predictions on a deployment live in predictions.ts (`createDeploymentPrediction`).
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { Paginator } from '../core/paginate.js';
import { DeploymentPageShape, DeploymentShape } from './shapes.gen.js';
import { checkIdempotencyKey, deleteAt, describe, listPages, ownerName, REFUSED_BEFORE_WORK, requireObject } from './shared.js';
import type { Deployment, DeploymentCreateParams, DeploymentUpdateParams } from './types.js';

function checkInstances(params: DeploymentUpdateParams, op: string): void {
  for (const [key, max] of [
    ['min_instances', 5],
    ['max_instances', 20],
  ] as const) {
    const v = params[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) {
      throw new InvalidRequestError(`${op}: ${key} must be an integer from 0 to ${max}, got ${describe(v)}`, { path: key, operation: op });
    }
  }
  if (params.min_instances !== undefined && params.max_instances !== undefined && params.min_instances > params.max_instances) {
    throw new InvalidRequestError(`${op}: min_instances (${params.min_instances}) is above max_instances (${params.max_instances})`, { path: 'min_instances', operation: op });
  }
}

/**
 * Lists your deployments across every page.
 *
 * @example
 * ```ts
 * for await (const d of listDeployments(client)) console.log(`${d.owner}/${d.name}`);
 * ```
 */
export function listDeployments(client: Client, options?: CallOptions): Paginator<Deployment, string> {
  return listPages(client, { path: '/deployments', schema: DeploymentPageShape, operation: 'replicate.deployments.list' }, options);
}

/**
 * Gets a deployment by `owner/name`.
 *
 * @example
 * ```ts
 * const d = await getDeployment(client, 'acme/my-app');
 * d.current_release?.configuration?.hardware;
 * ```
 */
export async function getDeployment(client: Client, deployment: string, options?: CallOptions): Promise<Deployment> {
  const op = 'replicate.deployments.get';
  const [owner, name] = ownerName(deployment, 'deployment', op);
  return request(client, { method: 'GET', path: `/deployments/${owner}/${name}`, schema: DeploymentShape, operation: op }, options);
}

/**
 * Creates a deployment. Not retried once it may have reached Replicate.
 *
 * @example
 * ```ts
 * await createDeployment(client, { name: 'my-app', model: 'acme/hot-dog', version: '5c7d132ece9f79d4deb7ee289cd32469238d9fe3128849f97547b56c887ffc0b', hardware: 'gpu-t4', min_instances: 0, max_instances: 2 });
 * ```
 */
export async function createDeployment(client: Client, params: DeploymentCreateParams, options?: CallOptions): Promise<Deployment> {
  const op = 'replicate.deployments.create';
  requireObject(params, 'params', op);
  for (const key of ['name', 'version', 'hardware'] as const) pathSegment(params[key], key, op);
  ownerName(params.model, 'model', op);
  for (const key of ['min_instances', 'max_instances'] as const) {
    if (params[key] === undefined) throw new InvalidRequestError(`${op}: ${key} is required`, { path: key, operation: op });
  }
  checkInstances(params, op);
  checkIdempotencyKey(client, options, op);
  return request(client, { method: 'POST', path: '/deployments', body: params, schema: DeploymentShape, operation: op, refusedBeforeWork: REFUSED_BEFORE_WORK }, options);
}

/**
 * Updates a deployment's hardware, instance bounds or version (creates a new release).
 *
 * @example
 * ```ts
 * await updateDeployment(client, 'acme/my-app', { min_instances: 1, max_instances: 5 });
 * ```
 */
export async function updateDeployment(client: Client, deployment: string, params: DeploymentUpdateParams, options?: CallOptions): Promise<Deployment> {
  const op = 'replicate.deployments.update';
  const [owner, name] = ownerName(deployment, 'deployment', op);
  requireObject(params, 'params', op);
  checkInstances(params, op);
  return request(client, { method: 'PATCH', path: `/deployments/${owner}/${name}`, body: params, schema: DeploymentShape, operation: op }, options);
}

/**
 * Deletes a deployment (it must be offline with no running predictions).
 * Retried on a 5xx or a reset; a retry answered 404 resolves (an earlier attempt's answer was lost).
 *
 * @example
 * ```ts
 * await deleteDeployment(client, 'acme/my-app');
 * ```
 */
export async function deleteDeployment(client: Client, deployment: string, options?: CallOptions): Promise<void> {
  const op = 'replicate.deployments.delete';
  const [owner, name] = ownerName(deployment, 'deployment', op);
  return deleteAt(client, `/deployments/${owner}/${name}`, op, options);
}
