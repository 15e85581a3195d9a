/**
 * Collections of models: list and get.
 * @module
 */
import { pathSegment } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import type { Paginator } from '../core/paginate.js';
import { CollectionPageShape, CollectionShape } from './shapes.gen.js';
import { listPages } from './shared.js';
import type { Collection, CollectionSummary } from './types.js';

/**
 * Lists collections across every page.
 *
 * @example
 * ```ts
 * for await (const c of listCollections(client)) console.log(c.slug);
 * ```
 */
export function listCollections(client: Client, options?: CallOptions): Paginator<CollectionSummary, string> {
  return listPages(client, { path: '/collections', schema: CollectionPageShape, operation: 'replicate.collections.list' }, options);
}

/**
 * Gets a collection with its models.
 *
 * @example
 * ```ts
 * const c = await getCollection(client, 'super-resolution');
 * c.models.map((m) => m.name);
 * ```
 */
export async function getCollection(client: Client, slug: string, options?: CallOptions): Promise<Collection> {
  const op = 'replicate.collections.get';
  return request(client, { method: 'GET', path: `/collections/${pathSegment(slug, 'slug', op)}`, schema: CollectionShape, operation: op }, options);
}
