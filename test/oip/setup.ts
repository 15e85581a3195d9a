/**
 * Shared setup of the OIP suites: the loopback OIP platform with every request the client sends
 * validated against open_inference_rest.yaml / generate_rest.yaml. Binary-extension requests are
 * validated as the JSON request they stand for (binary tensors decoded back into `data`).
 * Paths of Triton extensions the OIP specs do not describe (repository, config, stats) are recorded
 * as such and checked by the suites themselves.
 */
import { expect } from 'vitest';
import {
  conformanceRecorder,
  createSpecValidator,
  OIP_VERSIONLESS_ALIASES,
  type ConformanceRecorder,
  type ConformanceRequest,
} from '../helpers/openapi-conformance.js';
import { decodeInferRequest, startOipServer, type OipServer, type OipServerOptions } from '../helpers/oip-server.js';
import type { RecordedRequest } from '../helpers/test-server.js';

const EXTENSION_PATHS = /^\/v2\/(repository\/|models\/stats$|models\/[^/]+(\/versions\/[^/]+)?\/(config|stats)$)/;
const GENERATE_PATHS = /\/generate(_stream)?$/;

let restValidator: ReturnType<typeof createSpecValidator> | undefined;
let generateValidator: ReturnType<typeof createSpecValidator> | undefined;

/** Turns a binary-extension request into the JSON request it stands for. */
function asJsonRequest(req: RecordedRequest): ConformanceRequest {
  const h = req.headers['inference-header-content-length'];
  if (h === undefined || !req.bodyComplete) return req;
  const headerLength = Number(Array.isArray(h) ? h[0] : h);
  const headerText = req.body.subarray(0, headerLength).toString('utf8');
  const asJson = (body: string): ConformanceRequest => ({ ...req, headers: { ...req.headers, 'content-type': 'application/json' }, body });
  let head: { inputs: { name: string; data?: unknown; parameters?: Record<string, unknown> }[] };
  let decoded: ReturnType<typeof decodeInferRequest>;
  try {
    head = JSON.parse(headerText) as typeof head;
    decoded = decodeInferRequest(req.body, String(headerLength));
  } catch {
    return asJson(headerText); // validated as sent: the missing `data` and whatever else is wrong are reported
  }
  for (let i = 0; i < head.inputs.length; i++) {
    const input = head.inputs[i]!;
    if (input.parameters?.binary_data_size === undefined) continue;
    const t = decoded.inputs[i]!;
    input.data = Array.isArray(t.data) ? t.data : Array.from(t.data as unknown as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : Number.isFinite(v) ? v : 0)); // binary carries NaN/Inf; JSON cannot
  }
  return asJson(JSON.stringify(head));
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Triton extension requests, checked against the JSON objects of extension_model_repository.md,
 * extension_statistics.md and extension_model_configuration.md (no OpenAPI exists for them).
 */
function checkExtensionRequest(req: RecordedRequest): string[] {
  const errors: string[] = [];
  const isGet = /\/(config|stats)$/.test(req.path);
  if (isGet) {
    if (req.method !== 'GET') errors.push(`expected GET, got ${req.method}`);
    if (req.body.length > 0) errors.push('GET with a body');
    return errors;
  }
  if (req.method !== 'POST') errors.push(`expected POST, got ${req.method}`);
  if (!req.bodyComplete || req.body.length === 0) return errors; // an empty body is allowed
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) errors.push('content-type must be application/json');
  let body: unknown;
  try {
    body = req.json();
  } catch {
    return [...errors, 'body is not JSON'];
  }
  if (!isObj(body)) return [...errors, 'body must be an object'];
  if (req.path === '/v2/repository/index') {
    for (const k of Object.keys(body)) if (k !== 'ready') errors.push(`$repository_index_request has no field '${k}'`);
    if (body.ready !== undefined && typeof body.ready !== 'boolean') errors.push('ready must be a boolean');
    return errors;
  }
  for (const k of Object.keys(body)) if (k !== 'parameters') errors.push(`$repository_load/unload_request has no field '${k}'`);
  const params = body.parameters;
  if (params === undefined) return errors;
  if (!isObj(params)) return [...errors, 'parameters must be an object'];
  // a load's parameters are strings (config: JSON text, file:<version>/<name>: base64); Triton reads each as one
  const kinds = req.path.endsWith('/load') ? ['string'] : ['string', 'number', 'boolean'];
  for (const [k, v] of Object.entries(params)) {
    if (!kinds.includes(typeof v)) errors.push(`parameter ${k} must be a ${kinds.join(', ')}`);
  }
  if (params.config !== undefined && typeof params.config !== 'string') errors.push('config must be a JSON string');
  if (typeof params.config === 'string') {
    try {
      JSON.parse(params.config);
    } catch {
      errors.push('config is not valid JSON');
    }
  }
  if (params.unload_dependents !== undefined && typeof params.unload_dependents !== 'boolean') errors.push('unload_dependents must be a boolean');
  return errors;
}

/** Conformance bookkeeping of one suite. */
export interface Conformance {
  rest: ConformanceRecorder;
  generate: ConformanceRecorder;
  /** Extension requests (not in the OIP specs), by path. */
  extension: string[];
  /** Requests validated against a spec. */
  checked: number;
  record(req: RecordedRequest): void;
  assertNoViolations(): void;
}

/** Creates the per-suite recorder pair. */
export function createConformance(): Conformance {
  restValidator ??= createSpecValidator('open-inference-protocol/open_inference_rest.yaml', { aliases: OIP_VERSIONLESS_ALIASES });
  generateValidator ??= createSpecValidator('open-inference-protocol/generate_rest.yaml', { aliases: OIP_VERSIONLESS_ALIASES });
  const rest = conformanceRecorder(restValidator);
  const generate = conformanceRecorder(generateValidator);
  const extension: string[] = [];
  return {
    rest,
    generate,
    extension,
    checked: 0,
    record(req) {
      if (EXTENSION_PATHS.test(req.path)) {
        extension.push(req.path);
        const errors = checkExtensionRequest(req);
        if (errors.length > 0) rest.violations.push({ index: req.index, method: req.method, path: req.path, operationId: 'triton-extension', errors });
        return;
      }
      this.checked++;
      if (GENERATE_PATHS.test(req.path)) generate.record(req);
      else rest.record(asJsonRequest(req));
    },
    assertNoViolations() {
      rest.assertNoViolations();
      generate.assertNoViolations();
    },
  };
}

/** Starts the OIP platform with conformance recording. */
export async function startConformantOipServer(conformance: Conformance, options: OipServerOptions = {}): Promise<OipServer> {
  return startOipServer({ ...options, testServer: { ...options.testServer, onRequest: (r) => conformance.record(r) } });
}

/** Asserts the suite sent only conforming requests and at least `min` of them were checked. */
export function expectConformant(conformance: Conformance, min = 1): void {
  conformance.assertNoViolations();
  expect(conformance.checked).toBeGreaterThanOrEqual(min);
}

/** `promise.then(unexpected, (e) => e)`: fails the test when the promise resolves. */
export function unexpected(value: unknown): never {
  throw new Error(`expected a rejection, got ${String(value)}`);
}
