/**
 * `infer`: one inference request, JSON by default. Triton's binary tensor data extension is
 * plugged in through the connection's `binaryCodec` (see `inferBinary` and `createOipClient`), so
 * a JSON-only bundle carries none of it. Declared idempotent, so it is retried under the client's
 * policy, except a request in a sequence (`parameters.sequence_id` set), which is sent once.
 * @module
 */
import { requestParsed } from '../core/client.js';
import { InvalidRequestError, named, ResponseValidationError } from '../core/errors.js';
import { parseJson, readText } from '../core/response.js';
import type { WireResponse } from '../core/types.js';
import { modelPath, toBinaryMode, type OipClientLike, type OipConnection } from './connection.js';
import { isObject } from '../core/check.js';
import { checkInferenceEnvelope, type RawOutput } from './envelope.js';
import { decodeJsonData, encodeInferRequestJson, quoteNonFinite, reparseExact } from './json-codec.js';
import { checkFinite, checkInputs, refused } from './tensor.js';

import type { InferenceRequest, InferenceResponse, InferOptions, OutputTensor } from './types.js';

/** @internal */
export const OPERATION = 'oip.infer';
/** What a JSON `infer` says of an answer (or an output) that came as binary data. */
const BINARY_ANSWER = 'binary tensor data answer: use inferBinary()';

/** Header naming the JSON header's byte length in a binary request or response. @example `headers[INFERENCE_HEADER] = '120'` */
export const INFERENCE_HEADER = 'inference-header-content-length';

/**
 * Runs an inference request on a model. Inputs are typed arrays; each input's shape × element
 * count is checked before anything is sent ({@link InvalidRequestError} naming the tensor, and `oip.infer`).
 * Outputs come back as typed arrays (FP32 → Float32Array, INT64 → BigInt64Array, BYTES → string[]).
 *
 * The request and the answer are JSON. Triton's binary tensor data extension lives in its own
 * module, so this function carries none of it: when the connection has a `binaryCodec` (an
 * {@link OipClient} does), the call goes through the codec, which honours `binary` (per call, or
 * the connection's default); `inferBinary` is the standalone form. Asking for binary on a
 * connection without a codec throws {@link InvalidRequestError} (path `binary`) before anything is sent.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { infer } from 'modelwire/oip';
 *
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000' });
 * const res = await infer(client, 'mlp', {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }],
 * }, { timeoutMs: 5_000 });
 * const probs = res.outputs[0];
 * if (probs?.datatype === 'FP32') console.log(probs.data); // Float32Array(3)
 * ```
 */
export async function infer(
  client: OipClientLike,
  model: string,
  request: InferenceRequest,
  options?: InferOptions,
): Promise<InferenceResponse> {
  options ??= {};
  const conn: OipConnection = 'core' in client ? client : { core: client };
  if (conn.binaryCodec) return conn.binaryCodec.infer(conn, model, request, options);
  try {
    // a `binary` of the wrong kind ('yes', { input: true }) is refused, not read as JSON in silence
    const binary = toBinaryMode(options.binary, OPERATION) ?? conn.binary;
    if (binary?.inputs || binary?.outputs) throw refused('binary', 'tensor data needs inferBinary()');
    checkRequest(request);
    return sendInfer(conn, model, request, options, { data: encodeInferRequestJson(request), contentType: 'application/json' }, async (res, signal) => {
      // An answer in binary (an output asked for `binary_data`) needs the binary codec.
      if (res.headers.get(INFERENCE_HEADER) !== null) throw invalidBody([], BINARY_ANSWER);
      // Nor may an output come as binary data without it: an empty one can (Triton sends the header
      // length only when bytes follow the JSON), as `binary_data_size` 0 and no `data`. Refused alike,
      // naming the output, so the request fails the same whether the tensor is empty or not.
      return decodeResponse(await readText(res, signal, OPERATION), (outputs, raw) => {
        outputs.forEach((o, i) => {
          if (o.data === undefined && o.parameters?.binary_data_size !== undefined) {
            throw invalidBody(['outputs', i, 'parameters', 'binary_data_size'], `output ${JSON.stringify(o.name)}: ${BINARY_ANSWER}`, raw);
          }
        });
        return new Set();
      });
    });
  } catch (err) {
    // a check before sending (the request sent returns a promise: its errors are not caught here)
    throw named(err, OPERATION);
  }
}

/** @internal Checks the request's inputs before anything is encoded (a request that is no object has none). */
export function checkRequest(request: InferenceRequest): void {
  checkInputs((request as InferenceRequest | null)?.inputs);
  const { outputs, parameters } = request;
  if (outputs !== undefined && !(Array.isArray(outputs) && outputs.every((o) => typeof o?.name === 'string' && o.name))) {
    throw refused('outputs', 'must be an array of { name } with non-empty names');
  }
  checkParameters(parameters, 'parameters');
  request.inputs.forEach((t, i) => checkParameters(t.parameters, `inputs[${i}].parameters`));
  outputs?.forEach((o, i) => checkParameters(o.parameters, `outputs[${i}].parameters`));
}

/** Parameters (of the request, an input or an output) are absent or an object JSON carries as it is. */
function checkParameters(parameters: unknown, path: string): void {
  if (parameters !== undefined && !isObject(parameters)) throw refused(path, 'must be an object');
  // JSON.stringify writes NaN and ±Infinity as null: the server would run with another setting
  checkFinite(parameters, path);
}

/** @internal An encoded inference request: its text or bytes, their content type, and the headers that describe them. */
export interface InferBody {
  data: string | Uint8Array;
  contentType: string;
  headers?: Record<string, string> | undefined;
}

/**
 * @internal Sends an encoded inference request and decodes the answer. Idempotent, so retried,
 * unless `request` is in a sequence (`parameters.sequence_id` set, not 0 or ""): a repeat would
 * step the sequence's server-side state twice, so it is retried only when it never reached a server.
 * `body` is the request's text or bytes with their content type (and, binary, the JSON part's length header).
 * `decode` reads the body within the call's deadline and signal (`readText` turns a failed read into a typed error).
 */
export function sendInfer(
  conn: OipConnection,
  model: string,
  request: InferenceRequest,
  options: InferOptions,
  body: InferBody,
  decode: (res: WireResponse, signal: AbortSignal) => Promise<InferenceResponse>,
): Promise<InferenceResponse> {
  return requestParsed(
    conn.core,
    {
      method: 'POST',
      path: `${modelPath(model, options.version)}/infer`,
      rawBody: body,
      headers: body.headers,
      operation: OPERATION,
      options: 'version binary',
      // 0 and "" (falsy, as a missing id) are Triton's "no sequence"
      idempotent: !request.parameters?.sequence_id,
      parse: decode,
    },
    options,
  );
}

/** @internal A ResponseValidationError of `oip.infer`. */
export function invalidBody(path: PropertyKey[], message: string, body?: unknown): ResponseValidationError {
  return new ResponseValidationError([{ path, message }], body, { operation: OPERATION });
}

/**
 * @internal Decodes the JSON of an inference response (or the JSON header of a binary one).
 * `binary` reads the outputs carried as binary data first and returns them; the rest are JSON.
 */
export function decodeResponse(text: string, binary?: (outputs: RawOutput[], raw: unknown) => ReadonlySet<RawOutput>): InferenceResponse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Triton writes a float's NaN and ±Infinity as bare tokens (rapidjson's kWriteNanAndInfFlag):
    // quoted, they parse, and the tensor decoder reads them back; else the body is no JSON
    const quoted = quoteNonFinite(text);
    try {
      raw = JSON.parse(quoted);
      text = quoted;
    } catch {
      raw = parseJson(text, OPERATION);
    }
  }
  raw = reparseExact(raw, text);
  // The envelope is checked whatever the mode: typed arrays are the contract.
  const envelope = checkInferenceEnvelope(raw, OPERATION);
  const outputs = envelope.outputs;
  const done = binary?.(outputs, raw);
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    if (!done?.has(o)) o.data = decodeJsonData(o.datatype, o.data, o.shape, i, raw, OPERATION, o.name);
  }
  return envelope as unknown as InferenceResponse;
}

/**
 * Finds an output by name, typed by the datatype you expect; throws when it is missing or has another datatype.
 *
 * @example
 * ```ts
 * const probs = outputOf(res, 'probs', 'FP32').data; // Float32Array
 * ```
 */
export function outputOf<D extends OutputTensor['datatype']>(response: InferenceResponse, name: string, datatype: D): OutputTensor<D> {
  const o = response.outputs.find((t) => t.name === name);
  if (!o) throw invalidBody(['outputs'], `no output named "${name}"`, response.outputs.map((t) => t.name));
  if (o.datatype !== datatype) throw invalidBody(['outputs', name, 'datatype'], `expected ${datatype}, got ${o.datatype}`, o.datatype);
  return o as OutputTensor<D>;
}
