/**
 * Account and hardware.
 * @module
 */
import { request, type CallOptions, type Client } from '../core/client.js';
import { AccountShape, HardwareListShape } from './shapes.gen.js';
import type { Account, Hardware } from './types.js';

/**
 * Gets the account that owns the API token.
 *
 * @example
 * ```ts
 * const { username, type } = await getAccount(client);
 * ```
 */
export async function getAccount(client: Client, options?: CallOptions): Promise<Account> {
  return request(client, { method: 'GET', path: '/account', schema: AccountShape, operation: 'replicate.account.get' }, options);
}

/**
 * Lists the hardware SKUs available for models and deployments.
 *
 * @example
 * ```ts
 * const skus = (await listHardware(client)).map((h) => h.sku); // ['cpu', 'gpu-t4', …]
 * ```
 */
export async function listHardware(client: Client, options?: CallOptions): Promise<Hardware[]> {
  return request(client, { method: 'GET', path: '/hardware', schema: HardwareListShape, operation: 'replicate.hardware.list' }, options);
}
