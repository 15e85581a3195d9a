/**
 * Request conformance against the shared OpenAPI specs: does the request the SDK sent match an operation of the
 * platform's spec (method + path, path/query params, content-type, JSON body)? Specs are loaded from ../shared/specs and
 * converted in memory (see openapi-schema.ts for the quirks handled). Schemas are compiled lazily, once per operation.
 *
 * @example
 * ```ts
 * import { createSpecValidator, conformanceRecorder } from '../helpers/openapi-conformance.js';
 * import { startTestServer, json } from '../helpers/test-server.js';
 *
 * const spec = createSpecValidator('replicate/openapi.json', { basePath: '/v1' });
 * const conformance = conformanceRecorder(spec);
 * const server = await startTestServer(handler, { onRequest: conformance.record });
 * // ... drive the SDK against server.url ...
 * conformance.assertNoViolations();
 * conformance.assertExercised(['predictions.create', 'predictions.get']);
 * ```
 * @module
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec } from './openapi-load.js';
import { findOperation, indexOperations, trimSlash, type OperationInfo } from './openapi-paths.js';
import { SchemaConverter } from './openapi-schema.js';

/** The parts of a request the validator reads; a test-server `RecordedRequest` satisfies it. */
export interface ConformanceRequest {
  method: string;
  /** Request path, optionally with `?query` (used when `query` is absent). Includes the base path, if any. */
  path: string;
  query?: URLSearchParams;
  /** Lower-case header names (node:http style). */
  headers?: Record<string, string | string[] | undefined>;
  body?: Uint8Array | string;
  /** `false` when the body was never read (reset-before-response); body checks are then skipped. */
  bodyComplete?: boolean;
}

/** Outcome of validating one request: the matched operation (if any) and human-readable violations. */
export interface ConformanceResult {
  operationId: string | undefined;
  errors: string[];
}

/** Options for {@link createSpecValidator}. */
export interface SpecValidatorOptions {
  /**
   * Prefix the server puts before the spec's paths (from `servers[].url`), e.g. `'/v1'` for OpenAI and Replicate,
   * so `/v1/predictions` matches spec path `/predictions`. Default `''`. A request outside the base path is a violation.
   */
  basePath?: string;
  /**
   * Extra path templates accepted as another template's operation (`{extra: existing}`, both in `{NAME}` form).
   * The extra template's path params replace the existing ones; targets the spec lacks are skipped. See {@link OIP_VERSIONLESS_ALIASES}.
   */
  aliases?: Record<string, string>;
}

/** A compiled view of one spec. Create with {@link createSpecValidator}. */
export interface SpecValidator {
  /** The `openapi` version string of the spec, e.g. `'3.0.0'`. */
  readonly openapi: string;
  /** operationId for a method and a request path (base path and query stripped as for validation), or undefined. */
  matchOperation(method: string, path: string): string | undefined;
  /** Validates one request; an unknown path/method is a violation with `operationId: undefined`. */
  validateRequest(req: ConformanceRequest, options?: { basePath?: string }): ConformanceResult;
  /** Every operationId of the spec (aliases excluded), in spec order. */
  listOperationIds(): string[];
}

/**
 * Versionless Open Inference Protocol paths (`/v2/models/{name}/infer`, ...) that inference_rest.md defines but
 * open_inference_rest.yaml / generate_rest.yaml omit. Pass as `aliases` to accept them as the versioned operation.
 *
 * @example
 * ```ts
 * const oip = createSpecValidator('open-inference-protocol/open_inference_rest.yaml', { aliases: OIP_VERSIONLESS_ALIASES });
 * oip.matchOperation('POST', '/v2/models/m/infer'); // 'post-v2-models-$-MODEL_NAME-versions-$-MODEL_VERSION-infer'
 * ```
 */
export const OIP_VERSIONLESS_ALIASES: Readonly<Record<string, string>> = {
  '/v2/models/{MODEL_NAME}': '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}',
  '/v2/models/{MODEL_NAME}/ready': '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/ready',
  '/v2/models/{MODEL_NAME}/infer': '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/infer',
  '/v2/models/{MODEL_NAME}/generate': '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate',
  '/v2/models/{MODEL_NAME}/generate_stream': '/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate_stream',
};

interface Compiled {
  path?: ValidateFunction;
  query?: ValidateFunction;
  header?: ValidateFunction;
  bodies: Map<string, ValidateFunction | Error>;
}

const MAX_ERRORS = 25;

// Shared by every validator of the process: Ajv instances are costly to create. Schemas carry no $id, so they never clash.
let bodyAjv: Ajv2020 | undefined;
let paramAjv: Ajv2020 | undefined;
function makeAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    validateFormats: true,
    validateSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

function normBase(basePath: string | undefined): string {
  if (!basePath || basePath === '/') return '';
  return trimSlash(basePath.startsWith('/') ? basePath : `/${basePath}`);
}

function header(req: ConformanceRequest, name: string): string | undefined {
  const v = req.headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

function formatAjvError(where: string, e: ErrorObject): string {
  let msg = e.message ?? e.keyword;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') msg += ` ('${String(p.additionalProperty)}')`;
  else if (e.keyword === 'enum') msg += ` ${JSON.stringify(p.allowedValues)}`;
  else if (e.keyword === 'const') msg += ` ${JSON.stringify(p.allowedValue)}`;
  return `${where}${e.instancePath} ${msg}`;
}

function addAliases(ops: OperationInfo[], aliases: Record<string, string>): OperationInfo[] {
  const extra: OperationInfo[] = [];
  for (const [alias, target] of Object.entries(aliases)) {
    const t = trimSlash(target);
    for (const op of ops.filter((o) => o.template === t)) {
      const names = [...alias.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
      const source = alias
        .split(/\{[^}]+\}/)
        .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('([^/]+)');
      extra.push({
        ...op,
        template: trimSlash(alias),
        regex: new RegExp(`^${trimSlash(source)}$`),
        paramNames: names,
        parameters: op.parameters.filter((p) => p.in !== 'path' || names.includes(p.name)),
      });
    }
  }
  // Aliases go last: real spec paths always win.
  return [...ops, ...extra];
}

/**
 * Loads a spec (path relative to ../shared/specs, or absolute) and returns a validator for requests sent to it.
 * Loading the 3 MB OpenAI YAML takes ~2 s the first time on a machine (then ~0.1 s from the parsed-JSON cache);
 * each operation's schemas are compiled on first use.
 *
 * @example
 * ```ts
 * const openai = createSpecValidator('openai/openapi.yaml', { basePath: '/v1' });
 * const r = openai.validateRequest({ method: 'POST', path: '/v1/chat/completions',
 *   headers: { 'content-type': 'application/json' }, body: '{}' });
 * r.operationId; // 'createChatCompletion'
 * r.errors;      // ["body must have required property 'messages'", ...]
 * ```
 */
export function createSpecValidator(specPath: string, options: SpecValidatorOptions = {}): SpecValidator {
  const doc = loadSpec(specPath);
  const oas30 = doc.openapi.startsWith('3.0');
  const baseOps = indexOperations(doc);
  const ops = options.aliases ? addAliases(baseOps, options.aliases) : baseOps;
  const converter = new SchemaConverter((doc.components?.schemas as Record<string, unknown>) ?? {}, oas30);
  const defaultBase = normBase(options.basePath);
  const compiled = new Map<OperationInfo, Compiled>();

  const compile = (ajv: Ajv2020, schema: unknown): ValidateFunction => {
    const { schema: standalone, formats } = converter.standalone(schema);
    for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
    return ajv.compile(standalone as object);
  };
  const paramsValidator = (op: OperationInfo, where: 'path' | 'query' | 'header'): ValidateFunction | undefined => {
    // presence of a required header is reported on its own (below); its value is checked when sent
    const params = op.parameters.filter((p) => p.in === where);
    if (params.length === 0) return undefined;
    const schema = {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
      required: where === 'header' ? [] : params.filter((p) => p.required).map((p) => p.name),
    };
    return compile((paramAjv ??= makeAjv(true)), schema);
  };
  const compiledFor = (op: OperationInfo): Compiled => {
    let c = compiled.get(op);
    if (!c) {
      c = { path: paramsValidator(op, 'path'), query: paramsValidator(op, 'query'), header: paramsValidator(op, 'header'), bodies: new Map() };
      compiled.set(op, c);
    }
    return c;
  };
  const bodyValidator = (op: OperationInfo, c: Compiled, mediaType: string, schema: unknown): ValidateFunction | Error => {
    let v = c.bodies.get(mediaType);
    if (!v) {
      try {
        v = compile((bodyAjv ??= makeAjv(false)), schema);
      } catch (error) {
        v = error instanceof Error ? error : new Error(String(error));
      }
      c.bodies.set(mediaType, v);
    }
    return v;
  };

  const locate = (
    method: string,
    rawPath: string,
    query: URLSearchParams | undefined,
    basePath: string,
  ): { found: ReturnType<typeof findOperation>; error?: string; query: URLSearchParams; rel: string } => {
    const q = rawPath.indexOf('?');
    const pathOnly = q === -1 ? rawPath : rawPath.slice(0, q);
    const qs = query ?? new URLSearchParams(q === -1 ? '' : rawPath.slice(q + 1));
    if (basePath && pathOnly !== basePath && !pathOnly.startsWith(`${basePath}/`)) {
      return { found: undefined, query: qs, rel: pathOnly, error: `path ${pathOnly} is outside the base path ${basePath}` };
    }
    const rel = trimSlash(pathOnly.slice(basePath.length) || '/');
    return { found: findOperation(ops, method, rel, qs), query: qs, rel };
  };

  return {
    openapi: doc.openapi,
    matchOperation(method, path) {
      return locate(method, path, undefined, defaultBase).found?.op.operationId;
    },
    listOperationIds() {
      return baseOps
        .slice()
        .sort((a, b) => a.order - b.order)
        .map((o) => o.operationId);
    },
    validateRequest(req, callOptions = {}) {
      const basePath = callOptions.basePath === undefined ? defaultBase : normBase(callOptions.basePath);
      const method = req.method.toUpperCase();
      const { found, error, query, rel } = locate(method, req.path, req.query, basePath);
      if (!found) {
        const sameOtherMethod = ops.some((o) => o.method !== method && o.regex.test(rel));
        return {
          operationId: undefined,
          errors: [
            error ??
              (sameOtherMethod
                ? `method ${method} is not allowed on ${req.path} by the spec`
                : `no operation in the spec matches ${method} ${req.path}`),
          ],
        };
      }
      const { op, pathParams } = found;
      const errors: string[] = [];
      let c: Compiled;
      try {
        c = compiledFor(op);
      } catch (e) {
        return { operationId: op.operationId, errors: [`[validator] could not compile ${op.operationId} parameters: ${(e as Error).message}`] };
      }

      if (c.path && !c.path({ ...pathParams })) {
        for (const e of c.path.errors ?? []) errors.push(formatAjvError('path params', e));
      }
      if (c.query) {
        const values: Record<string, unknown> = {};
        for (const p of op.parameters) {
          if (p.in !== 'query' || !query.has(p.name)) continue;
          const all = query.getAll(p.name);
          values[p.name] = all.length > 1 ? all : all[0];
        }
        if (!c.query(values)) for (const e of c.query.errors ?? []) errors.push(formatAjvError('query params', e));
      }
      const headerValues: Record<string, string> = {};
      for (const p of op.parameters) {
        if (p.in !== 'header') continue;
        const value = header(req, p.name.toLowerCase());
        if (value !== undefined) headerValues[p.name] = value;
        else if (p.required) errors.push(`missing required header ${p.name}`);
      }
      // a header's value against its schema (Replicate's `Prefer: wait=n` pattern, …)
      if (c.header && !c.header(headerValues)) for (const e of c.header.errors ?? []) errors.push(formatAjvError('header params', e));
      if (req.bodyComplete !== false) checkBody(req, op, c, errors);
      return { operationId: op.operationId, errors: [...new Set(errors)].slice(0, MAX_ERRORS) };
    },
  };

  function checkBody(req: ConformanceRequest, op: OperationInfo, c: Compiled, errors: string[]): void {
    const raw = req.body;
    const size = raw === undefined ? 0 : typeof raw === 'string' ? raw.length : raw.byteLength;
    const rb = op.requestBody;
    if (!rb) {
      if (size > 0) errors.push(`${op.operationId} declares no request body, but the request has ${size} body bytes`);
      return;
    }
    if (size === 0) {
      if (rb.required) errors.push(`missing required request body (${Object.keys(rb.content).join(' | ')})`);
      return;
    }
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!contentType) {
      errors.push(`request has a body but no content-type (spec allows ${Object.keys(rb.content).join(', ')})`);
      return;
    }
    const [major] = contentType.split('/');
    const mediaType = [contentType, `${major}/*`, '*/*'].find((m) => m in rb.content);
    if (mediaType === undefined) {
      errors.push(`content-type ${contentType} is not accepted; spec allows ${Object.keys(rb.content).join(', ')}`);
      return;
    }
    const isJson = contentType === 'application/json' || contentType.endsWith('+json');
    const schema = rb.content[mediaType]?.schema;
    // form-urlencoded, multipart and binary bodies: presence only.
    if (!isJson || schema === undefined) return;
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      errors.push(`body is not valid JSON: ${(error as Error).message}`);
      return;
    }
    const v = bodyValidator(op, c, mediaType, schema);
    if (v instanceof Error) {
      errors.push(`[validator] could not compile the ${op.operationId} body schema: ${v.message}`);
      return;
    }
    if (!v(value)) for (const e of v.errors ?? []) errors.push(formatAjvError('body', e));
  }
}

/** One request that broke the spec. */
export interface Violation {
  /** Test-server arrival index, when the request came from one. */
  index: number | undefined;
  method: string;
  path: string;
  operationId: string | undefined;
  errors: string[];
}

/** Options for {@link conformanceRecorder}. */
export interface ConformanceRecorderOptions {
  /** Overrides the validator's base path. */
  basePath?: string;
  /** Requests not to validate (e.g. a test-only stream URL): exact path, RegExp on the path, or predicate. */
  ignore?: string | RegExp | ((req: ConformanceRequest) => boolean);
}

/** Collects conformance results of many requests. Create with {@link conformanceRecorder}. */
export interface ConformanceRecorder {
  /** Validates and records one request (bound: pass it as `startTestServer(handler, { onRequest: rec.record })`). */
  readonly record: (req: ConformanceRequest & { index?: number }) => ConformanceResult;
  /** Requests that broke the spec, in order. */
  readonly violations: Violation[];
  /** operationIds of every conforming-or-not request that matched an operation. */
  readonly exercised: Set<string>;
  /** Throws an Error listing every violation (method, path, operation, each error) when there is any. */
  assertNoViolations(): void;
  /** Throws when one of `operationIds` was never exercised (or is not in the spec). */
  assertExercised(operationIds: readonly string[]): void;
}

/**
 * Feeds requests to a validator and collects violations and exercised operations.
 *
 * @example
 * ```ts
 * const rec = conformanceRecorder(createSpecValidator('openai/openapi.yaml'), { basePath: '/v1' });
 * const server = await startTestServer(handler, { onRequest: rec.record });
 * // ... SDK calls ...
 * rec.assertNoViolations();
 * ```
 */
export function conformanceRecorder(validator: SpecValidator, options: ConformanceRecorderOptions = {}): ConformanceRecorder {
  const violations: Violation[] = [];
  const exercised = new Set<string>();
  const ignored = (req: ConformanceRequest): boolean => {
    const { ignore } = options;
    if (ignore === undefined) return false;
    const p = req.path.split('?')[0] ?? '';
    if (typeof ignore === 'string') return p === ignore;
    if (ignore instanceof RegExp) return ignore.test(p);
    return ignore(req);
  };
  return {
    violations,
    exercised,
    record(req) {
      if (ignored(req)) return { operationId: undefined, errors: [] };
      const result = validator.validateRequest(
        req,
        options.basePath === undefined ? undefined : { basePath: options.basePath },
      );
      if (result.operationId) exercised.add(result.operationId);
      if (result.errors.length > 0) {
        violations.push({
          index: req.index,
          method: req.method.toUpperCase(),
          path: req.path,
          operationId: result.operationId,
          errors: result.errors,
        });
      }
      return result;
    },
    assertNoViolations() {
      if (violations.length === 0) return;
      const lines = violations.map(
        (v) =>
          `  #${v.index ?? '?'} ${v.method} ${v.path} (${v.operationId ?? 'no matching operation'}):\n` +
          v.errors.map((e) => `      - ${e}`).join('\n'),
      );
      throw new Error(`${violations.length} request(s) violate the OpenAPI spec:\n${lines.join('\n')}`);
    },
    assertExercised(operationIds) {
      const known = new Set(validator.listOperationIds());
      const unknown = operationIds.filter((id) => !known.has(id));
      const missing = operationIds.filter((id) => known.has(id) && !exercised.has(id));
      if (unknown.length === 0 && missing.length === 0) return;
      const parts: string[] = [];
      if (missing.length) parts.push(`never exercised: ${missing.join(', ')}`);
      if (unknown.length) parts.push(`not in the spec: ${unknown.join(', ')}`);
      throw new Error(`operation coverage: ${parts.join('; ')} (exercised: ${[...exercised].join(', ') || 'none'})`);
    },
  };
}
