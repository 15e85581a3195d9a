/**
 * `infer`: one inference request, JSON by default, Triton's binary tensor data extension on request.
 * Declared idempotent, so it is retried under the client's policy.
 * @module
 */
import { request as coreRequest } from '../core/client.js';
import { InvalidRequestError, ResponseValidationError } from '../core/errors.js';
import { toTransportError } from '../core/transport-fetch.js';
import type { WireResponse } from '../core/types.js';
import { attachBinaryOutputs, encodeBinaryRequest, INFERENCE_HEADER } from './binary-codec.js';
import { binaryDefault, coreOf, modelPath, toBinaryMode, type OipClientLike } from './connection.js';
import { decodeJsonData, encodeInferRequestJson, parseResponseJson } from './json-codec.js';
import { checkInferenceEnvelope } from './envelope.js';
import { checkInputs } from './tensor.js';
import type { InferenceRequest, InferenceResponse, InferOptions, OutputTensor } from './types.js';

const OPERATION = 'oip.infer';
const textDecoder = /* @__PURE__ */ new TextDecoder();

/**
 * Runs an inference request on a model. Inputs are typed arrays; each input's shape × element
 * count is checked before anything is sent ({@link InvalidRequestError} naming the tensor).
 * Outputs come back as typed arrays (FP32 → Float32Array, INT64 → BigInt64Array, BYTES → string[]).
 *
 * `binary: true` (per call, or per client via `createOipClient({ binary: true })`) sends inputs and
 * asks for outputs as binary tensor data; a server without the extension that answers in JSON is
 * still read correctly.
 *
 * @example
 * ```ts
 * import { createClient } from 'modelwire';
 * import { infer } from 'modelwire/oip';
 *
 * const client = createClient({ baseURL: 'http://127.0.0.1:8000' });
 * const res = await infer(client, 'mlp', {
 *   inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) }],
 * }, { binary: true, timeoutMs: 5_000 });
 * const probs = res.outputs[0];
 * if (probs?.datatype === 'FP32') console.log(probs.data); // Float32Array(3)
 * ```
 */
export async function infer(
  client: OipClientLike,
  model: string,
  request: InferenceRequest,
  options: InferOptions = {},
): Promise<InferenceResponse> {
  const core = coreOf(client);
  if (request === null || typeof request !== 'object') throw new InvalidRequestError('infer: request must be an object with inputs', { path: 'inputs' });
  checkInputs(request.inputs);
  const mode = toBinaryMode(options.binary) ?? binaryDefault(client);
  const path = `${modelPath(model, options.version)}/infer`;
  const binIn = mode?.inputs === true;
  const binOut = mode?.outputs === true;

  const parse = (res: WireResponse, signal: AbortSignal): Promise<InferenceResponse> => readInferResponse(res, signal, path);
  if (binIn) {
    const { body, headerLength } = encodeBinaryRequest(request, binOut);
    return coreRequest(core, {
      method: 'POST',
      path,
      rawBody: { data: body, contentType: 'application/octet-stream' },
      operation: OPERATION,
      idempotent: true,
      parse,
    }, { ...options, headers: { ...options.headers, [INFERENCE_HEADER]: String(headerLength) } });
  }
  const text = encodeInferRequestJson(request, undefined, binOut ? { binary_data_output: true } : undefined);
  return coreRequest(core, { method: 'POST', path, rawBody: { data: text, contentType: 'application/json' }, operation: OPERATION, idempotent: true, parse }, options);
}

async function readInferResponse(res: WireResponse, signal: AbortSignal, url: string): Promise<InferenceResponse> {
  const headerLength = res.headers.get(INFERENCE_HEADER);
  let bytes: Uint8Array | undefined;
  let text: string;
  try {
    if (headerLength === null) {
      text = await res.text();
    } else {
      bytes = new Uint8Array(await res.arrayBuffer());
      text = '';
    }
  } catch (err) {
    throw toTransportError(err, { signal, operation: OPERATION, method: 'POST', url });
  }
  let offset = 0;
  if (bytes !== undefined) {
    const n = Number(headerLength);
    if (!Number.isSafeInteger(n) || n < 0 || n > bytes.byteLength) {
      throw badBody(`${INFERENCE_HEADER} is ${headerLength} but the body has ${bytes.byteLength} bytes`, { byteLength: bytes.byteLength });
    }
    text = textDecoder.decode(bytes.subarray(0, n));
    offset = n;
  }
  return decodeInferBody(text, bytes, offset);
}

function badBody(message: string, body: unknown): ResponseValidationError {
  return new ResponseValidationError([{ path: [], message }], body, { operation: OPERATION });
}

/**
 * Decodes an inference response: JSON text (or the JSON header of a binary body) plus the binary
 * tail when there is one. Exposed for custom transports and tests.
 *
 * @example
 * ```ts
 * const res = decodeInferBody('{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[1]}]}', undefined, 0);
 * ```
 */
export function decodeInferBody(text: string, bytes: Uint8Array | undefined, offset: number): InferenceResponse {
  let raw: unknown;
  try {
    raw = parseResponseJson(text);
  } catch (err) {
    throw new ResponseValidationError([{ path: [], message: `body is not valid JSON (${(err as Error).message})` }], text.slice(0, 2000), {
      operation: OPERATION,
      cause: err,
    });
  }
  // The envelope is checked whatever the mode: typed arrays are the contract.
  const envelope = checkInferenceEnvelope(raw, OPERATION);
  const outputs = envelope.outputs;
  if (bytes !== undefined) attachBinaryOutputs(outputs, bytes, offset, raw, OPERATION);
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i]!;
    const p = o.parameters;
    if (p?.binary_data_size !== undefined && bytes !== undefined) {
      // A transport detail: the output looks the same whichever encoding carried it.
      delete p.binary_data_size;
      if (Object.keys(p).length === 0) delete o.parameters;
      continue;
    }
    o.data = decodeJsonData(o.datatype, o.data, o.shape, i, raw, OPERATION);
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
  if (!o) {
    throw new ResponseValidationError([{ path: ['outputs'], message: `no output named "${name}"` }], response.outputs.map((t) => t.name), {
      operation: OPERATION,
    });
  }
  if (o.datatype !== datatype) {
    throw new ResponseValidationError([{ path: ['outputs', name, 'datatype'], message: `expected ${datatype}, got ${o.datatype}` }], o.datatype, {
      operation: OPERATION,
    });
  }
  return o as OutputTensor<D>;
}
