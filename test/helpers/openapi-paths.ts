/**
 * Indexes the operations of an OpenAPI document and matches request paths to them.
 * Normalizes `${NAME}` templates (OIP) to `{NAME}`, splits fixed query strings out of path keys
 * (OpenAI's `/responses?beta=true`), merges path-level and operation-level parameters and resolves
 * `#/components/{parameters,requestBodies}` refs.
 * @module
 */
import type { OpenApiDocument } from './openapi-load.js';

/** A resolved operation parameter (path-level and operation-level merged, `$ref`s resolved). */
export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: unknown;
}

/** A resolved request body. */
export interface OperationBody {
  required: boolean;
  /** Media type (lower-case) → its schema (may be undefined). */
  content: Record<string, { schema?: unknown }>;
}

/** One operation of the spec, ready for matching. */
export interface OperationInfo {
  operationId: string;
  method: string;
  /** Normalized path template, e.g. `/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/infer`. */
  template: string;
  /** Query params fixed by the path key (`?beta=true`). */
  fixedQuery: [string, string][];
  parameters: OperationParameter[];
  requestBody: OperationBody | undefined;
  regex: RegExp;
  paramNames: string[];
  /** Position in the spec (path order, then method order). */
  order: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Resolves a local `#/...` JSON pointer inside the document (throws on external or dangling refs).
 *
 * @example
 * ```ts
 * resolvePointer(doc, '#/components/parameters/parameters_prefer_header');
 * ```
 */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} is not supported`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function deref<T>(doc: OpenApiDocument, value: unknown): T {
  let v = value;
  for (let i = 0; i < 10 && typeof v === 'object' && v !== null && typeof (v as { $ref?: unknown }).$ref === 'string'; i++) {
    v = resolvePointer(doc, (v as { $ref: string }).$ref);
  }
  return v as T;
}

/**
 * Strips a trailing slash (except for `/`). Requests and templates are compared in this form, so `/v2` matches `/v2/`.
 *
 * @example
 * ```ts
 * trimSlash('/v2/'); // '/v2'
 * ```
 */
export function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function compileTemplate(template: string): { regex: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{') && part.endsWith('}')) {
        paramNames.push(part.slice(1, -1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), paramNames };
}

/**
 * Lists every operation of the document, most specific first (fixed query, then fewer path params, then longer literal text).
 *
 * @example
 * ```ts
 * const ops = indexOperations(loadSpec('replicate/openapi.json'));
 * ops.find((o) => o.operationId === 'predictions.create')?.template; // '/predictions'
 * ```
 */
export function indexOperations(doc: OpenApiDocument): OperationInfo[] {
  const ops: OperationInfo[] = [];
  for (const [key, rawItem] of Object.entries(doc.paths)) {
    const item = deref<Record<string, unknown>>(doc, rawItem);
    const [rawPath = '', rawQuery] = key.split('?', 2);
    const template = trimSlash(rawPath.replace(/\$\{([^}]+)\}/g, '{$1}'));
    const fixedQuery = [...new URLSearchParams(rawQuery ?? '')];
    const { regex, paramNames } = compileTemplate(template);
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const params = new Map<string, OperationParameter>();
      for (const raw of [...shared, ...((op.parameters as unknown[] | undefined) ?? [])]) {
        const p = deref<Record<string, unknown>>(doc, raw);
        const param: OperationParameter = {
          name: String(p.name),
          in: p.in as OperationParameter['in'],
          required: p.required === true || p.in === 'path',
          schema: p.schema ?? {},
        };
        params.set(`${param.in}:${param.name}`, param);
      }
      let requestBody: OperationBody | undefined;
      if (op.requestBody) {
        const rb = deref<Record<string, unknown>>(doc, op.requestBody);
        const content: OperationBody['content'] = {};
        for (const [mt, media] of Object.entries((rb.content as Record<string, { schema?: unknown }>) ?? {})) {
          content[mt.toLowerCase()] = media ?? {};
        }
        requestBody = { required: rb.required === true, content };
      }
      ops.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        fixedQuery,
        parameters: [...params.values()],
        requestBody,
        regex,
        paramNames,
        order: ops.length,
      });
    }
  }
  const literal = (t: string): number => t.replace(/\{[^}]+\}/g, '').length;
  return ops.sort(
    (a, b) =>
      b.fixedQuery.length - a.fixedQuery.length ||
      a.paramNames.length - b.paramNames.length ||
      literal(b.template) - literal(a.template),
  );
}

/**
 * Finds the operation for a method and a path (already stripped of its base path and query).
 * Returns the operation and its decoded path params, or undefined.
 *
 * @example
 * ```ts
 * findOperation(ops, 'POST', '/v2/models/m/versions/1/infer', new URLSearchParams());
 * // { op: { operationId: 'post-v2-models-$-MODEL_NAME-versions-$-MODEL_VERSION-infer', ... }, pathParams: { MODEL_NAME: 'm', MODEL_VERSION: '1' } }
 * ```
 */
export function findOperation(
  ops: readonly OperationInfo[],
  method: string,
  path: string,
  query: URLSearchParams,
): { op: OperationInfo; pathParams: Record<string, string> } | undefined {
  const p = trimSlash(path);
  const m = method.toUpperCase();
  for (const op of ops) {
    if (op.method !== m) continue;
    const hit = op.regex.exec(p);
    if (!hit) continue;
    if (!op.fixedQuery.every(([k, v]) => query.getAll(k).includes(v))) continue;
    const pathParams: Record<string, string> = {};
    op.paramNames.forEach((name, i) => {
      const raw = hit[i + 1] ?? '';
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        pathParams[name] = raw;
      }
    });
    return { op, pathParams };
  }
  return undefined;
}
