/**
 * Trainings: create, get, list, cancel.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import type { Paginator } from '../core/paginate.js';
import { TrainingPageShape, TrainingShape } from './shapes.gen.js';
import { checkIdempotencyKey, checkInput, checkWebhook, listPages, ownerName, requireObject, REFUSED_BEFORE_WORK } from './shared.js';
import type { Training, TrainingCreateParams } from './types.js';

/**
 * Starts a training of `model` at `versionId`; the result lands in `destination` as a new version.
 * Not retried once it may have reached Replicate, except after a 429 (refused before any work).
 *
 * @example
 * ```ts
 * const t = await createTraining(client, 'ostris/flux-dev-lora-trainer', 'e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497', {
 *   destination: 'alice/my-lora', input: { input_images: 'https://example.com/data.zip' },
 * });
 * ```
 */
export async function createTraining(client: Client, model: string, versionId: string, params: TrainingCreateParams, options?: CallOptions): Promise<Training> {
  const op = 'replicate.trainings.create';
  const [owner, name] = ownerName(model, 'model', op);
  const version = pathSegment(versionId, 'versionId', op);
  requireObject(params, 'params', op);
  ownerName(params.destination, 'destination', op);
  checkInput(params.input, op);
  checkWebhook(params, op);
  checkIdempotencyKey(client, options, op);
  const path = `/models/${owner}/${name}/versions/${version}/trainings`;
  return request(client, { method: 'POST', path, body: params, schema: TrainingShape, operation: op, refusedBeforeWork: REFUSED_BEFORE_WORK }, options);
}

/**
 * Gets a training by id.
 *
 * @example
 * ```ts
 * const t = await getTraining(client, 'zz4ibbonubfz7carwiefibzgga');
 * ```
 */
export async function getTraining(client: Client, id: string, options?: CallOptions): Promise<Training> {
  const op = 'replicate.trainings.get';
  return request(client, { method: 'GET', path: `/trainings/${pathSegment(id, 'id', op)}`, schema: TrainingShape, operation: op }, options);
}

/**
 * Lists your trainings across every page.
 *
 * @example
 * ```ts
 * for await (const t of listTrainings(client)) console.log(t.id, t.status);
 * ```
 */
export function listTrainings(client: Client, options?: CallOptions): Paginator<Training, string> {
  return listPages(client, { path: '/trainings', schema: TrainingPageShape, operation: 'replicate.trainings.list' }, options);
}

/**
 * Cancels a training (safe to repeat, so retried).
 *
 * @example
 * ```ts
 * await cancelTraining(client, training.id);
 * ```
 */
export async function cancelTraining(client: Client, id: string, options?: CallOptions): Promise<Training> {
  const op = 'replicate.trainings.cancel';
  return request(client, { method: 'POST', path: `/trainings/${pathSegment(id, 'id', op)}/cancel`, schema: TrainingShape, operation: op, idempotent: true }, options);
}
