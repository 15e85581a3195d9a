/**
 * What every OIP operation takes: a core {@link Client}, or an {@link OipClient} (which also carries
 * the per-client binary default). Plus path helpers.
 * @module
 */
import { checkOptions, pathSegment } from '../core/check.js';
import type { Client } from '../core/client.js';
import { InvalidRequestError } from '../core/errors.js';
import type { BinaryMode, InferenceRequest, InferenceResponse, InferOptions } from './types.js';

/**
 * Triton's binary tensor data extension as `infer` uses it: encoding a request, decoding a
 * response, and the whole binary-capable call. `infer` carries no binary code itself, so an edge
 * bundle that only speaks JSON does not pay for it; when a connection carries a codec, `infer`
 * hands the call to `codec.infer`. The one implementation is `binaryTensorCodec`
 * (`modelwire/oip`), which `createOipClient` and `inferBinary` bring in.
 *
 * @example
 * ```ts
 * import { binaryTensorCodec, infer } from 'modelwire/oip';
 *
 * const conn: OipConnection = { core: createClient({ baseURL }), binaryCodec: binaryTensorCodec };
 * await infer(conn, 'mlp', request, { binary: true });
 * ```
 */
export interface BinaryTensorCodec {
  /** The request body: JSON header then raw tensors; `headerLength` is the header's byte length. */
  encode(
    request: InferenceRequest,
    binaryOutputs: boolean,
  ): {
    /** The whole request body: the JSON header, then each input's raw bytes in request order. */
    body: Uint8Array;
    /** Byte length of the JSON header, sent as the `inference-header-content-length` header. */
    headerLength: number;
  };
  /** Decodes a response body whose JSON header is `headerLength` (the header's raw value) bytes long. */
  decode(bytes: Uint8Array, headerLength: string): InferenceResponse;
  /** Runs `infer` with binary tensor data as `options.binary` (else the connection's `binary`) asks; JSON when neither does. */
  infer(connection: OipConnection, model: string, request: InferenceRequest, options?: InferOptions): Promise<InferenceResponse>;
}

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
  /** What `infer` encodes and decodes binary tensor data with; without it, `infer` speaks JSON only. */
  readonly binaryCodec?: BinaryTensorCodec | undefined;
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

/**
 * Normalises a binary option (`true` = both directions) to a mode. Anything but a boolean or a
 * {@link BinaryMode} of booleans (`'yes'`, `{ input: true }`) is refused with `InvalidRequestError`
 * (`path: 'binary'` or the field), naming `operation`: it would otherwise mean JSON, in silence.
 *
 * @example
 * ```ts
 * toBinaryMode(true); // { inputs: true, outputs: true }
 * ```
 */
export function toBinaryMode(value: boolean | BinaryMode | undefined, operation = 'toBinaryMode'): BinaryMode | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return { inputs: value, outputs: value };
  checkOptions(operation, value, 'inputs:boolean outputs:boolean', 'binary');
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
  const base = `/v2/models/${pathSegment(model, 'model')}`;
  return version === undefined || version === '' ? base : `${base}/versions/${pathSegment(version, 'version')}`;
}
