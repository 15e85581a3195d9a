/**
 * Server health and metadata: `GET /v2/health/live`, `GET /v2/health/ready`, `GET /v2`.
 * @module
 */
import { request } from '../core/client.js';
import { APIError } from '../core/errors.js';
import { isObject } from '../core/check.js';
import { coreOf, type OipClientLike } from './connection.js';
import { ServerMetadataShape } from './shapes.gen.js';
import type { TargetCallOptions } from './types.js';

/**
 * Server metadata: name, version and the protocol extensions it supports
 * (e.g. `binary_tensor_data`, `model_repository`, `statistics`).
 *
 * @example
 * ```ts
 * const meta: ServerMetadata = await serverMetadata(client);
 * if (meta.extensions.includes('binary_tensor_data')) console.log('binary ok');
 * ```
 */
export interface ServerMetadata {
  /** Server name, e.g. `triton`. */
  name: string;
  /** Server version. */
  version: string;
  /** Protocol extensions it supports. */
  extensions: string[];
}

/**
 * @internal A health probe: 200 → true, unless its body is a JSON object with one of `fields` set to
 * `false` (inference_rest.md: `{ "name", "ready": $bool }`, `{ "live": $bool }`); a status error →
 * false; network errors propagate. Never retried (`retry: undefined` in the options included).
 * `own`: the names of the operation's own options (`version`), as in the core's `RequestSpec.options`.
 * `refused` is told the status error of a probe that gives false (`waitUntilReady` reads its `Retry-After`).
 */
export async function probe(
  client: OipClientLike,
  path: string,
  operation: string,
  options: TargetCallOptions | undefined,
  fields: readonly string[],
  own?: string,
  refused?: (err: APIError) => void,
): Promise<boolean> {
  let text: string;
  try {
    text = await request(coreOf(client), { method: 'GET', path, operation, responseType: 'text', options: own }, { ...options, retry: false });
  } catch (err) {
    if (err instanceof APIError) return refused?.(err), false;
    throw err;
  }
  if (!text.trimStart().startsWith('{')) return true; // no body (Triton), or not the spec's object
  try {
    const body: unknown = JSON.parse(text);
    return !isObject(body) || !fields.some((f) => body[f] === false);
  } catch {
    return true;
  }
}

/**
 * True when the server is live (`GET /v2/health/live` answered 200, and not with a body
 * `{ "live": false }`). A status error gives `false`;
 * an unreachable server throws a `ConnectionError`. Never retried (it is a probe), whatever `retry` says.
 *
 * @example
 * ```ts
 * if (!(await serverLive(client))) console.warn('server not live');
 * ```
 */
export async function serverLive(client: OipClientLike, options?: TargetCallOptions): Promise<boolean> {
  return probe(client, '/v2/health/live', 'oip.serverLive', options, ['live']);
}

/**
 * True when the server and all its models are ready (`GET /v2/health/ready` answered 200, and not
 * with a body `{ "ready": false }`).
 *
 * @example
 * ```ts
 * const ready = await serverReady(client, { timeoutMs: 1_000 });
 * ```
 */
export async function serverReady(client: OipClientLike, options?: TargetCallOptions): Promise<boolean> {
  // inference_rest.md's `$ready_server_response` names its field `live`; servers send `ready`
  return probe(client, '/v2/health/ready', 'oip.serverReady', options, ['ready', 'live']);
}

/**
 * Reads the server metadata (`GET /v2`). An answer without `extensions` (OpenVINO Model Server
 * sends none) reads as `extensions: []`.
 *
 * @example
 * ```ts
 * const { name, version, extensions } = await serverMetadata(client);
 * ```
 */
export async function serverMetadata(client: OipClientLike, options?: TargetCallOptions): Promise<ServerMetadata> {
  const meta = await request(coreOf(client), { method: 'GET', path: '/v2', schema: ServerMetadataShape, operation: 'oip.serverMetadata' }, options);
  // the schema's `[]` default reaches the caller in `strict` mode only (`passthrough` and `off`
  // return the body as sent), so it is filled here too
  if (meta !== null && typeof meta === 'object') meta.extensions ??= [];
  return meta;
}
