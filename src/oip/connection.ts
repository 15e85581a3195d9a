/**
 * What every OIP operation takes: a core {@link Client}, or an {@link OipClient} (which also carries
 * the per-client binary default). Plus path helpers.
 * @module
 */
import type { Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { BinaryMode } from './types.js';

/**
 * The per-client settings the operations read from an OIP client.
 *
 * @example
 * ```ts
 * const conn: OipConnection = { core: createClient({ baseURL }), binary: { inputs: true, outputs: true } };
 * ```
 */
export interface OipConnection {
  /** The core client that sends requests. */
  readonly core: Client;
  /** Default binary tensor data choice for `infer` (JSON when absent). */
  readonly binary?: BinaryMode | undefined;
}

/**
 * Anything an operation accepts as its first argument.
 *
 * @example
 * ```ts
 * await infer(createClient({ baseURL }), 'mlp', req);      // a core client
 * await infer(createOipClient({ baseURL }), 'mlp', req);   // an OIP client
 * ```
 */
export type OipClientLike = Client | OipConnection;

/** @internal */
export function coreOf(client: OipClientLike): Client {
  return 'core' in client ? client.core : client;
}

/** @internal */
export function binaryDefault(client: OipClientLike): BinaryMode | undefined {
  return 'core' in client ? client.binary : undefined;
}

/**
 * Normalises a binary option (`true` = both directions) to a mode.
 *
 * @example
 * ```ts
 * toBinaryMode(true); // { inputs: true, outputs: true }
 * ```
 */
export function toBinaryMode(value: boolean | BinaryMode | undefined): BinaryMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return { inputs: value, outputs: value };
  return value;
}

/**
 * `/v2/models/<name>[/versions/<version>]` with both segments URL-encoded.
 *
 * @example
 * ```ts
 * modelPath('my model', '2'); // '/v2/models/my%20model/versions/2'
 * ```
 */
export function modelPath(model: string, version?: string): string {
  if (typeof model !== 'string' || model.length === 0) throw new InvalidRequestError('model must be a non-empty string', { path: 'model' });
  const base = `/v2/models/${encodeURIComponent(model)}`;
  return version === undefined || version === '' ? base : `${base}/versions/${encodeURIComponent(version)}`;
}
