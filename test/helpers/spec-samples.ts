/**
 * Spec-valid response samples, for response conformance: from the success response schema of an
 * operation (converted by openapi-schema.ts), a small deterministic generator builds
 *
 * - `full`: every declared property present, the first branch of each union, the first enum value;
 * - `minimal`: only the required properties, arrays at their `minItems`;
 * - one sample per deviation from `full` at one place (`path: what`): a nullable value as `null`,
 *   every other enum value, every other union branch (and the deviations inside it), an array
 *   empty, an object with only its required properties, a schema-less value as each JSON type.
 *
 * Every sample is checked with Ajv against the converted schema, so the generator cannot hand out
 * something the spec forbids: a sample that does not validate throws, naming it.
 *
 * @example
 * ```ts
 * for (const { label, value } of responseSamples('replicate/openapi.json', 'predictions.get')) {
 *   // serve `value` from a loopback server, call the SDK in strict mode, expect no ResponseValidationError
 * }
 * ```
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec, type OpenApiDocument } from './openapi-load.js';
import { resolvePointer } from './openapi-paths.js';
import { SchemaConverter } from './openapi-schema.js';

type Obj = Record<string, unknown>;
type Schema = Obj | boolean;

/** One generated value and where it differs from `full`. */
export interface SpecSample {
  label: string;
  value: unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** Values for a string format (all valid for ajv-formats). */
const FORMATS: Record<string, string> = {
  'date-time': '2024-02-21T12:54:18.578Z',
  date: '2024-02-21',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  email: 'a@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** A schema-less (`{}`) value: these stand for "any JSON" in turn. */
const ANY: Array<[string, unknown]> = [
  ['string', 'value'],
  ['number', 1.5],
  ['boolean', true],
  ['null', null],
  ['array', [1]],
  ['object', { k: 'v' }],
];

interface Ctx {
  defs: Obj;
  /** $refs being expanded on the current path (a recursive schema stops at its second visit). */
  stack: string[];
  /** Fixed values by path (`.outputs[].datatype`: indices as `[]`), neither generated nor varied. */
  pins: Record<string, unknown>;
  /** Undeclared keys to add, as each JSON type, to every object with declared properties that allows more. */
  extraKeys: readonly string[];
}

const pinKey = (path: string): string => path.replace(/\[\d+\]/g, '[]');

/** Follows `$ref`s into `$defs` and folds `allOf` into one schema (properties and required merged). */
function resolve(s: Schema, ctx: Ctx): { schema: Obj; refs: string[] } {
  const refs: string[] = [];
  let node: Schema = s;
  while (isObj(node) && typeof node.$ref === 'string') {
    refs.push(node.$ref);
    node = resolvePointer({ $defs: ctx.defs } as unknown as OpenApiDocument, node.$ref) as Schema;
  }
  if (!isObj(node)) return { schema: node === false ? { not: {} } : {}, refs };
  if (!Array.isArray(node.allOf)) return { schema: node, refs };
  const { allOf, ...rest } = node;
  let merged: Obj = { ...rest };
  for (const part of allOf as Schema[]) {
    const r = resolve(part, ctx);
    refs.push(...r.refs);
    merged = {
      ...r.schema,
      ...merged,
      properties: { ...(r.schema.properties as Obj | undefined), ...(merged.properties as Obj | undefined) },
      required: [...new Set([...((r.schema.required as string[] | undefined) ?? []), ...((merged.required as string[] | undefined) ?? [])])],
    };
  }
  return { schema: merged, refs };
}

/** The branches of a union (`anyOf`/`oneOf`), or of a multi-type `type`, or undefined. */
function branches(s: Obj): Schema[] | undefined {
  const u = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (u) {
    const { anyOf: _a, oneOf: _o, ...rest } = s;
    // sibling keywords (e.g. `description`, or an object's properties next to its union) go into each branch
    const shared = Object.keys(rest).some((k) => !['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly'].includes(k));
    return shared ? u.map((b) => ({ allOf: [rest, b] })) : u;
  }
  if (Array.isArray(s.type)) return (s.type as string[]).map((t) => ({ ...s, type: t }));
  return undefined;
}

const isNull = (s: Schema, ctx: Ctx): boolean => {
  const r = resolve(s, ctx).schema;
  return r.type === 'null' || (Array.isArray(r.enum) && r.enum.length === 1 && r.enum[0] === null);
};

/** Runs `fn` with the refs of this node pushed; `undefined` when a ref recurses (seen twice on the path). */
function within<T>(refs: string[], ctx: Ctx, fn: () => T): T | undefined {
  if (refs.some((r) => ctx.stack.filter((x) => x === r).length >= 2)) return undefined;
  ctx.stack.push(...refs);
  try {
    return fn();
  } finally {
    ctx.stack.length -= refs.length;
  }
}

/** One value of `s` at `path`: all properties (`full`) or only the required ones (`min`); `undefined` if it recurses. */
function gen(s: Schema, full: boolean, ctx: Ctx, path: string): unknown {
  if (pinKey(path) in ctx.pins) return clone(ctx.pins[pinKey(path)]);
  const { schema, refs } = resolve(s, ctx);
  return within(refs, ctx, () => genResolved(schema, full, ctx, path));
}

function genResolved(s: Obj, full: boolean, ctx: Ctx, path: string): unknown {
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null) ?? null;
  const union = branches(s);
  if (union) {
    for (const b of union.filter((x) => !isNull(x, ctx))) {
      const v = gen(b, full, ctx, path);
      if (v !== undefined) return v;
    }
    return null;
  }
  switch (s.type) {
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const min = (s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : undefined)) as number | undefined;
      return min ?? (s.type === 'integer' ? 1 : 0.5);
    }
    case 'string': {
      if (typeof s.default === 'string') return s.default;
      const text = FORMATS[s.format as string] ?? 'text';
      return text.padEnd((s.minLength as number | undefined) ?? 0, 'x');
    }
    case 'array': {
      const n = Math.max((s.minItems as number | undefined) ?? 0, full ? 1 : 0);
      const item = n > 0 ? gen((s.items as Schema | undefined) ?? {}, full, ctx, `${path}[0]`) : undefined;
      return item === undefined ? [] : Array.from({ length: n }, () => clone(item));
    }
    case 'object':
      return genObject(s, full, ctx, path);
    default:
      return s.properties || s.required ? genObject(s, full, ctx, path) : full ? 'value' : {};
  }
}

function genObject(s: Obj, full: boolean, ctx: Ctx, path: string): unknown {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const out: Obj = {};
  for (const [name, sub] of Object.entries(props)) {
    if (!full && !required.has(name)) continue;
    const v = gen(sub, full, ctx, `${path}.${name}`);
    if (v === undefined) {
      if (required.has(name)) return undefined;
      continue;
    }
    out[name] = v;
  }
  for (const name of required) if (!(name in out)) out[name] = 'value'; // required but undeclared: any value
  if (full && Object.keys(props).length === 0 && isObj(s.additionalProperties)) {
    const v = gen(s.additionalProperties, true, ctx, `${path}.key`);
    if (v !== undefined) out.key = v;
  }
  return out;
}

/** Alternatives for the node whose `full` value is `value` (recursing into its children), labelled by path. */
function deviations(s: Schema, value: unknown, path: string, ctx: Ctx): SpecSample[] {
  if (pinKey(path) in ctx.pins) return [];
  const { schema, refs } = resolve(s, ctx);
  return within(refs, ctx, () => deviationsResolved(schema, value, path, ctx)) ?? [];
}

function deviationsResolved(s: Obj, value: unknown, path: string, ctx: Ctx): SpecSample[] {
  const out: SpecSample[] = [];
  const at = path || '(root)';
  if ('const' in s) return out;
  if (Array.isArray(s.enum)) {
    for (const e of s.enum) if (e !== value) out.push({ label: `${at}: ${JSON.stringify(e)}`, value: e });
    return out;
  }
  const union = branches(s);
  if (union) {
    let chosenSeen = false;
    union.forEach((b, i) => {
      if (isNull(b, ctx)) {
        if (value !== null) out.push({ label: `${at}: null`, value: null });
        return;
      }
      const full = gen(b, true, ctx, path);
      if (full === undefined) return;
      const isChosen = !chosenSeen && JSON.stringify(full) === JSON.stringify(value);
      if (isChosen) chosenSeen = true;
      else out.push({ label: `${at}: branch ${i}`, value: full });
      const min = gen(b, false, ctx, path);
      if (min !== undefined && JSON.stringify(min) !== JSON.stringify(full)) out.push({ label: `${at}: branch ${i} minimal`, value: min });
      for (const d of deviations(b, full, path, ctx)) out.push(isChosen ? d : { ...d, label: `${at}: branch ${i}, ${d.label}` });
    });
    return out;
  }
  if (s.type === 'array' && Array.isArray(value)) {
    if (value.length > ((s.minItems as number | undefined) ?? 0)) out.push({ label: `${at}: []`, value: [] });
    if (value.length > 0) {
      for (const d of deviations((s.items as Schema | undefined) ?? {}, value[0], `${path}[0]`, ctx)) {
        out.push({ ...d, value: value.map((v, i) => (i === 0 ? d.value : v)) });
      }
    }
    return out;
  }
  if (isObj(value) && (s.type === 'object' || s.properties)) {
    const min = genObject(s, false, ctx, path);
    if (min !== undefined && JSON.stringify(min) !== JSON.stringify(value)) out.push({ label: `${at}: only required`, value: min });
    for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (!(name in value)) continue;
      for (const d of deviations(sub, value[name], `${path}.${name}`, ctx)) out.push({ ...d, value: { ...value, [name]: d.value } });
    }
    // keys the spec leaves open (`additionalProperties` absent or true): any name, any JSON value
    if (s.properties && (s.additionalProperties === undefined || s.additionalProperties === true)) {
      for (const name of ctx.extraKeys) {
        if (name in (s.properties as Obj)) continue;
        for (const [t, v] of ANY) out.push({ label: `${path}.${name}: extra ${t}`, value: { ...value, [name]: v } });
      }
    }
    return out;
  }
  if (s.type === undefined && !s.properties) {
    for (const [t, v] of ANY) if (JSON.stringify(v) !== JSON.stringify(value)) out.push({ label: `${at}: any ${t}`, value: v });
  }
  return out;
}

/**
 * Samples of a standalone JSON Schema 2020 document (`$defs` at its root, as
 * `SchemaConverter.standalone` makes them), deduplicated. Not checked: {@link responseSamples} checks.
 *
 * @example
 * ```ts
 * schemaSamples({ type: 'object', properties: { a: { type: ['string', 'null'] } } }).map((s) => s.label);
 * // ['full', 'minimal', '.a: null']
 * ```
 */
export function schemaSamples(root: Obj, pins: Record<string, unknown> = {}, extraKeys: readonly string[] = []): SpecSample[] {
  const ctx: Ctx = { defs: (root.$defs as Obj | undefined) ?? {}, stack: [], pins, extraKeys };
  const full = gen(root, true, ctx, '');
  const samples: SpecSample[] = [
    { label: 'full', value: full },
    { label: 'minimal', value: gen(root, false, ctx, '') },
    ...deviations(root, full, '', ctx),
  ];
  const seen = new Set<string>();
  return samples.filter((s) => s.value !== undefined && !seen.has(JSON.stringify(s.value)) && seen.add(JSON.stringify(s.value)));
}

let ajv: Ajv2020 | undefined;
function makeAjv(): Ajv2020 {
  const a = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
  addFormats(a);
  return a;
}

/**
 * Checks `samples` against `schema` with Ajv and returns them; throws on the first one the schema
 * refuses (a generator fault, never a pass), except one that only several overlapping `oneOf`
 * branches take (no value of that kind can meet the spec), which is left out.
 */
export function checkedSamples(schema: Obj, samples: SpecSample[], formats: Iterable<string> = []): SpecSample[] {
  ajv ??= makeAjv();
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  const validate = ajv.compile(schema);
  return samples.filter((s) => {
    if (validate(s.value)) return true;
    // a `oneOf` whose branches overlap (Replicate's `version`: any string, or "hidden") refuses a
    // value more than one branch takes: the spec cannot be met there, so the sample is left out
    if (validate.errors!.every((e) => e.keyword === 'oneOf' && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas))) return false;
    throw new Error(`spec-samples: sample '${s.label}' is not spec-valid: ${ajv!.errorsText(validate.errors)}\n${JSON.stringify(s.value)}`);
  });
}

/** The operation with this operationId (or `'POST /template'` when it has none, as openapi-paths names it); any method key, `query` too. */
function findOp(doc: OpenApiDocument, operationId: string): Obj {
  for (const [key, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!isObj(op) || !isObj(op.responses)) continue;
      const template = key.split('?')[0]!.replace(/\$\{([^}]+)\}/g, '{$1}');
      if ((op.operationId ?? `${method.toUpperCase()} ${template}`) === operationId) return op;
    }
  }
  throw new Error(`spec-samples: no operation ${operationId}`);
}

/** A success response schema: the operation's first 2xx JSON (or `mediaType`) response. */
function successSchema(doc: OpenApiDocument, operationId: string, status?: string, mediaType = 'application/json'): unknown {
  const op = findOp(doc, operationId);
  const responses = op.responses as Record<string, Obj>;
  const code = status ?? Object.keys(responses).find((c) => /^2/.test(c));
  let res = code === undefined ? undefined : responses[code];
  if (res && typeof res.$ref === 'string') res = resolvePointer(doc, res.$ref) as Obj;
  const schema = (res?.content as Record<string, { schema?: unknown }> | undefined)?.[mediaType]?.schema;
  if (!schema) throw new Error(`spec-samples: ${operationId} has no ${status ?? '2xx'} ${mediaType} response schema`);
  return schema;
}

/** Options of {@link responseSamples}. */
export interface ResponseSampleOptions {
  /** The response status to take (default: the first 2xx). */
  status?: string;
  /** The media type to take (default `application/json`). */
  mediaType?: string;
  /**
   * Values fixed by path, e.g. `{ '.outputs[].datatype': 'FP32' }` (indices as `[]`): where the SDK
   * must read a field one way (a tensor's datatype, shape and data agreeing), so the other fields'
   * deviations are tried around a value it can decode. They are still checked against the spec.
   */
  pins?: Record<string, unknown>;
  /**
   * Undeclared keys to add, with each JSON type as value, to every object that declares properties
   * and leaves others open (`additionalProperties` absent or true): a name the SDK types where the spec
   * leaves it open (Replicate's prediction `metrics.predict_time`), or any name (`extra`), which a
   * strict object must drop and a record must take.
   */
  extraKeys?: readonly string[];
}

/**
 * The checked samples of an operation's success response (path relative to ../shared/specs).
 *
 * @example
 * ```ts
 * responseSamples('openai/openapi.yaml', 'retrieveModel').length; // a handful
 * ```
 */
export function responseSamples(specPath: string, operationId: string, options: ResponseSampleOptions = {}): SpecSample[] {
  const doc = loadSpec(specPath);
  const converter = new SchemaConverter((doc.components?.schemas as Obj | undefined) ?? {}, doc.openapi.startsWith('3.0'));
  const { schema, formats } = converter.standalone(successSchema(doc, operationId, options.status, options.mediaType));
  return checkedSamples(schema as Obj, schemaSamples(schema as Obj, options.pins, options.extraKeys), formats);
}
