/**
 * Converts OpenAPI 3.0 / 3.1 schema objects to standalone JSON Schema 2020-12 documents that Ajv can compile,
 * in memory (spec files are never edited). Handles the quirks listed in ../shared/specs/README.md:
 *
 * - `nullable: true` (3.0, and the 3.1 files that still use it, often WITHOUT `type`): becomes a `null` type
 *   member, or `anyOf: [schema, {type: 'null'}]` when there is no plain `type` (the case Prism silently skips).
 * - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric 2020 form; 3.0 `$ref` siblings are dropped.
 * - `discriminator`: `oneOf` becomes `anyOf` (a discriminated union may overlap structurally) and each `mapping`
 *   entry adds an `if {prop: const} then {$ref}` rule, so the tagged branch is enforced.
 * - `readOnly` properties are not required in requests.
 * - `$ref: '#/components/schemas/X…'` becomes `#/$defs/X…`; only the transitively referenced components are copied.
 * - `example`, `xml`, `externalDocs` and `x-*` keys are dropped; every `format` seen is reported so unknown ones can be registered.
 * @module
 */

type Json = unknown;
type Obj = Record<string, unknown>;

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_KEYS = new Set([
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);
const DROP_KEYS = new Set(['example', 'xml', 'externalDocs', 'nullable', 'discriminator']);
const COMPONENT_PREFIX = '#/components/schemas/';

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Name of the component a `#/components/schemas/<name>[/...]` ref points to, or undefined. */
function componentName(ref: string): string | undefined {
  if (!ref.startsWith(COMPONENT_PREFIX)) return undefined;
  const seg = ref.slice(COMPONENT_PREFIX.length).split('/')[0] ?? '';
  return decodeURIComponent(seg).replace(/~1/g, '/').replace(/~0/g, '~');
}

function rewriteRef(ref: string): string {
  return ref.startsWith(COMPONENT_PREFIX) ? `#/$defs/${ref.slice(COMPONENT_PREFIX.length)}` : ref;
}

/** Per-conversion state: OAS version and what the converted schemas referenced. */
interface Ctx {
  oas30: boolean;
  refs: Set<string>;
  formats: Set<string>;
}

function convert(schema: Json, ctx: Ctx): Json {
  if (!isObj(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const name = componentName(schema.$ref);
    if (name !== undefined) ctx.refs.add(name);
    else if (schema.$ref.startsWith('#/') && !schema.$ref.startsWith('#/$defs/')) {
      throw new Error(`unsupported $ref ${schema.$ref} (only #/components/schemas/... is resolved inside schemas)`);
    } else if (!schema.$ref.startsWith('#')) {
      throw new Error(`external $ref ${schema.$ref} is not supported`);
    }
    if (ctx.oas30) return wrapNullable({ $ref: rewriteRef(schema.$ref) }, schema);
  }
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP_KEYS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') out.$ref = rewriteRef(value as string);
    else if (SCHEMA_MAP_KEYS.has(key) && isObj(value)) {
      const map: Obj = {};
      for (const [name, sub] of Object.entries(value)) map[name] = convert(sub, ctx);
      out[key] = map;
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) out[key] = value.map((s) => convert(s, ctx));
    else if (key === 'items') out.items = Array.isArray(value) ? value.map((s) => convert(s, ctx)) : convert(value, ctx);
    else if (SCHEMA_KEYS.has(key)) out[key] = convert(value, ctx);
    else {
      if (key === 'format' && typeof value === 'string') ctx.formats.add(value);
      out[key] = value;
    }
  }
  // 3.0 boolean exclusive bounds -> 2020 numeric bounds.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof out[flag] === 'boolean') {
      if (out[flag] === true && typeof out[bound] === 'number') {
        out[flag] = out[bound];
        delete out[bound];
      } else delete out[flag];
    }
  }
  // readOnly properties are response-only: never required in a request.
  if (Array.isArray(out.required) && isObj(schema.properties)) {
    const props = schema.properties;
    out.required = (out.required as string[]).filter((name) => !(isObj(props[name]) && props[name].readOnly === true));
  }
  applyDiscriminator(out, schema, ctx);
  return wrapNullable(out, schema);
}

function applyDiscriminator(out: Obj, source: Obj, ctx: Ctx): void {
  const disc = source.discriminator;
  if (!isObj(disc) || typeof disc.propertyName !== 'string') return;
  if (Array.isArray(out.oneOf)) {
    if (out.anyOf === undefined) out.anyOf = out.oneOf;
    else out.allOf = [...((out.allOf as Json[]) ?? []), { anyOf: out.oneOf }];
    delete out.oneOf;
  }
  if (!isObj(disc.mapping)) return;
  const prop = disc.propertyName;
  const rules: Json[] = [];
  for (const [value, target] of Object.entries(disc.mapping)) {
    if (typeof target !== 'string') continue;
    const ref = target.startsWith('#') ? target : `${COMPONENT_PREFIX}${target}`;
    rules.push({ if: { properties: { [prop]: { const: value } }, required: [prop] }, then: convert({ $ref: ref }, ctx) });
  }
  out.allOf = [...((out.allOf as Json[]) ?? []), ...rules];
}

function wrapNullable(out: Obj, source: Obj): Json {
  if (source.nullable !== true) return out;
  const composite = '$ref' in out || 'allOf' in out || 'anyOf' in out || 'oneOf' in out;
  if (!composite && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (!composite && Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * Converts the schemas of one OpenAPI document on demand, caching each converted component.
 *
 * @example
 * ```ts
 * const conv = new SchemaConverter(doc.components?.schemas ?? {}, doc.openapi.startsWith('3.0'));
 * const { schema, formats } = conv.standalone({ $ref: '#/components/schemas/CreateChatCompletionRequest' });
 * ajv.compile(schema);
 * ```
 */
export class SchemaConverter {
  readonly #components: Obj;
  readonly #oas30: boolean;
  readonly #cache = new Map<string, { schema: Json; refs: Set<string>; formats: Set<string> }>();

  constructor(components: Obj, oas30: boolean) {
    this.#components = components;
    this.#oas30 = oas30;
  }

  #component(name: string): { schema: Json; refs: Set<string>; formats: Set<string> } {
    let hit = this.#cache.get(name);
    if (!hit) {
      if (!(name in this.#components)) throw new Error(`$ref to missing component schema '${name}'`);
      const ctx: Ctx = { oas30: this.#oas30, refs: new Set(), formats: new Set() };
      hit = { schema: convert(this.#components[name], ctx), refs: ctx.refs, formats: ctx.formats };
      this.#cache.set(name, hit);
    }
    return hit;
  }

  /**
   * Converts `schema` into a self-contained JSON Schema 2020-12 document whose `$defs` hold every component it
   * (transitively) references. Returns the formats used, so the caller can register unknown ones.
   */
  standalone(schema: Json): { schema: Json; formats: Set<string> } {
    const ctx: Ctx = { oas30: this.#oas30, refs: new Set(), formats: new Set() };
    const root = convert(schema, ctx);
    const defs: Obj = {};
    const queue = [...ctx.refs];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (name in defs) continue;
      const comp = this.#component(name);
      defs[name] = comp.schema;
      for (const f of comp.formats) ctx.formats.add(f);
      for (const r of comp.refs) if (!(r in defs)) queue.push(r);
    }
    const rootObj: Obj = isObj(root) ? root : { allOf: [root] };
    return { schema: { ...rootObj, $defs: { ...(rootObj.$defs as Obj | undefined), ...defs } }, formats: ctx.formats };
  }
}
