/**
 * Structured output: send a JSON Schema as `response_format`, get back the parsed object, checked
 * and typed by your Standard Schema.
 *
 * The JSON Schema comes from the schema itself when it implements Standard JSON Schema
 * (`schema['~standard'].jsonSchema`, e.g. zod 4 classic), or from `jsonSchema` when you pass it
 * (zod/mini: `z.toJSONSchema(schema)`; valibot: `toJsonSchema(schema)` from `@valibot/to-json-schema`).
 * modelwire never imports a schema library, so none ends up in your bundle through it.
 * @module
 */
import { request, type CallOptions, type Client } from '../core/client.js';
import { InvalidRequestError, ResponseValidationError } from '../core/errors.js';
import { readJson } from '../core/response.js';
import { validate, validateAsync, type InferOutput, type StandardSchemaV1 } from '../core/schema.js';
import { checkChatParams, completionCall } from './chat.js';
import { isObject } from '../core/check.js';
import { check, checkFiniteNumbers, describe } from './internal.js';
import { normalizeChatCompletion } from './normalize.js';
import { ChatCompletionShape } from './shapes.gen.js';
import type { ChatCompletion, ChatCompletionChoice, ChatCompletionCreateParamsBase, ChatCompletionMessage, JsonSchemaObject, ResponseFormat } from './types.js';

const OPERATION = 'openai.chat.completions.parse';
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A Standard Schema that can also describe itself as JSON Schema (Standard JSON Schema v1).
 *
 * @example
 * ```ts
 * const converter = (schema as unknown as StandardJSONSchemaLike)['~standard'].jsonSchema;
 * const json = converter?.output({ target: 'draft-2020-12' });
 * ```
 */
export interface StandardJSONSchemaLike {
  /** The standard's entry point; `jsonSchema.output({ target })` returns the JSON Schema of the schema's output. */
  readonly '~standard': {
    /** The JSON Schema converter; absent when the schema cannot describe itself (then pass `jsonSchema` to {@link parseChatCompletion}). */
    readonly jsonSchema?: {
      /** Returns the JSON Schema of the schema's output, in the dialect `target` names. */
      readonly output: (options: {
        /** The JSON Schema dialect; modelwire asks for `draft-2020-12`. */
        readonly target: string;
      }) => Record<string, unknown>;
    } | undefined;
  };
}

/**
 * Parameters of {@link parseChatCompletion}: a non-streaming chat request (without
 * `response_format`) plus the output schema.
 *
 * @example
 * ```ts
 * const params: ParseChatCompletionParams<typeof Person> = { model: 'gpt-4o-mini', messages, schema: Person };
 * ```
 */
export interface ParseChatCompletionParams<S extends StandardSchemaV1> extends Omit<ChatCompletionCreateParamsBase, 'response_format'> {
  /** Checks and types the output (zod, valibot, arktype, ...); validated in full, whatever the client's validation mode. */
  schema: S;
  /** JSON Schema sent to the server; required unless `schema` implements Standard JSON Schema. */
  jsonSchema?: JsonSchemaObject | undefined;
  /** `json_schema.name` (default `response`; `a-z A-Z 0-9 _ -`, at most 64). */
  schemaName?: string | undefined;
  /** `json_schema.description`. */
  schemaDescription?: string | undefined;
  /**
   * Ask the server to enforce the schema exactly (default true). Then a property that may be null
   * (zod `.nullish()`) is sent in its object's `required`, as OpenAI's strict mode wants every property.
   */
  strict?: boolean | undefined;
  /**
   * The form of `response_format` sent: `'openai'` (default), `{ type: 'json_schema', json_schema:
   * { name, schema, strict } }`; or `'tgi'`, Hugging Face TGI's grammar `{ type: 'json', value:
   * schema }`, since TGI refuses OpenAI's form with a 422. TGI always enforces its grammar and takes
   * no name, description or strict, so `schemaName`, `schemaDescription` and `strict` are not sent.
   */
  dialect?: 'openai' | 'tgi' | undefined;
  /** Parsing needs the whole answer: `stream: true` is refused with `InvalidRequestError`. */
  stream?: false | null | undefined;
}

/**
 * A message with its parsed output: `null` when the model refused or sent no content.
 *
 * @example
 * ```ts
 * const completion = await parseChatCompletion(client, { model, messages, schema: z.object({ name: z.string() }) });
 * const message: ParsedChatCompletionMessage<{ name: string }> = completion.choices[0]!.message;
 * console.log(message.parsed?.name ?? message.refusal);
 * ```
 */
export interface ParsedChatCompletionMessage<T> extends ChatCompletionMessage {
  /** The content parsed as JSON and validated by the schema; `null` on a refusal or no content. */
  parsed: T | null;
}

/**
 * A choice with a parsed message.
 *
 * @example
 * ```ts
 * const completion = await parseChatCompletion(client, { model, messages, schema: z.object({ name: z.string() }) });
 * const choice: ParsedChatCompletionChoice<{ name: string }> | undefined = completion.choices[0];
 * console.log(choice?.finish_reason, choice?.message.parsed);
 * ```
 */
export interface ParsedChatCompletionChoice<T> extends ChatCompletionChoice {
  /** The message, with `parsed`. */
  message: ParsedChatCompletionMessage<T>;
}

/**
 * A chat completion whose choices carry `message.parsed`.
 *
 * @example
 * ```ts
 * const completion = await parseChatCompletion(client, { model, messages, schema: z.object({ name: z.string() }) });
 * const person: { name: string } | null = completion.choices[0]!.message.parsed;
 * ```
 */
export interface ParsedChatCompletion<T> extends ChatCompletion {
  /** The choices, each message with `parsed`. */
  choices: Array<ParsedChatCompletionChoice<T>>;
}

const jsonSchemaCache = new WeakMap<object, JsonSchemaObject>();

/** {@link jsonSchemaOf}, but a converter that cannot describe the schema (zod: a transform, a date) throws its own error. */
function convert(schema: StandardSchemaV1): JsonSchemaObject | undefined {
  const hit = jsonSchemaCache.get(schema);
  if (hit) return hit;
  const converter = (schema as unknown as StandardJSONSchemaLike)['~standard'].jsonSchema;
  if (!converter || typeof converter.output !== 'function') return undefined;
  const out: unknown = converter.output({ target: 'draft-2020-12' });
  if (!isObject(out)) return undefined;
  const { $schema: _ignored, ...rest } = out;
  jsonSchemaCache.set(schema, rest);
  return rest;
}

/**
 * The JSON Schema a Standard Schema produces (cached per schema), or `undefined` when it cannot:
 * no converter, or one that cannot describe the schema (zod throws for a transform or a date).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * jsonSchemaOf(z.object({ name: z.string() })); // { type: 'object', properties: { name: { type: 'string' } }, ... }
 * jsonSchemaOf(z.object({ at: z.date() }));     // undefined
 * ```
 */
export function jsonSchemaOf(schema: StandardSchemaV1): JsonSchemaObject | undefined {
  try {
    return convert(schema);
  } catch {
    return undefined;
  }
}

/**
 * Creates a chat completion constrained to a JSON Schema (`response_format: { type: 'json_schema',
 * json_schema: { name, schema, strict: true } }`; with `dialect: 'tgi'`, TGI's `{ type: 'json',
 * value: schema }`) and returns it with each choice's `message.parsed` checked and typed by
 * `schema`. With `strict` (the default) every property that may be null is sent in its object's
 * `required` (OpenAI's strict mode wants every property there; the model sends `null` for it).
 * A refusal gives `parsed: null` (read `message.refusal`); content that is not JSON or
 * does not match throws a {@link ResponseValidationError} whose issues say where (with the
 * response's `requestId`), and, when `finish_reason` is `length` or `content_filter`, that the
 * output was cut off.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { parseChatCompletion } from 'modelwire/openai';
 *
 * const Person = z.object({ name: z.string(), age: z.number() });
 * const completion = await parseChatCompletion(client, {
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Alice is 31.' }],
 *   schema: Person,
 * });
 * const person = completion.choices[0]!.message.parsed; // { name: string; age: number } | null
 *
 * // the same against Hugging Face TGI (a client whose baseURL is the TGI server's /v1)
 * await parseChatCompletion(tgi, { model: 'tgi', messages, schema: Person, dialect: 'tgi' });
 * ```
 */
export async function parseChatCompletion<S extends StandardSchemaV1>(
  client: Client,
  params: ParseChatCompletionParams<S>,
  options?: CallOptions,
): Promise<ParsedChatCompletion<InferOutput<S>>> {
  const { schema, jsonSchema, schemaName, schemaDescription, strict, dialect, ...rest } = params ?? ({} as ParseChatCompletionParams<S>);
  checkChatParams(rest, OPERATION);
  if ((rest as { stream?: unknown }).stream === true) {
    throw new InvalidRequestError(`${OPERATION}: stream is not supported; stream with createChatCompletion and parse the accumulated content`, { path: 'stream', operation: OPERATION });
  }
  if ((rest as { response_format?: unknown }).response_format !== undefined) {
    throw new InvalidRequestError(`${OPERATION}: response_format is set from schema; do not pass both`, { path: 'response_format', operation: OPERATION });
  }
  if (!schema || typeof (schema as Partial<StandardSchemaV1>)['~standard']?.validate !== 'function') {
    throw new InvalidRequestError(`${OPERATION}: schema must be a Standard Schema (zod, valibot, arktype, ...)`, { path: 'schema', operation: OPERATION });
  }
  const name: unknown = schemaName ?? 'response';
  if (typeof name !== 'string' || !NAME.test(name)) {
    const got = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : describe(name);
    throw new InvalidRequestError(`${OPERATION}: schemaName must be a string matching ${NAME} (got ${got})`, { path: 'schemaName', operation: OPERATION });
  }
  check(dialect == null || dialect === 'openai' || dialect === 'tgi', 'dialect', "'openai' or 'tgi'", OPERATION, dialect);
  check(jsonSchema == null || isObject(jsonSchema), 'jsonSchema', 'a JSON Schema object', OPERATION, jsonSchema);
  let sent: JsonSchemaObject | undefined = jsonSchema ?? undefined;
  let why: unknown;
  try {
    sent ??= convert(schema);
  } catch (err) {
    // the schema's own converter cannot describe it (zod: a transform, a date): the same misuse
    why = err;
  }
  if (!sent || typeof sent !== 'object') {
    const reason = why instanceof Error ? ` (${why.message})` : '';
    throw new InvalidRequestError(
      `${OPERATION}: this schema cannot produce JSON Schema${reason}; pass jsonSchema too (zod/mini: z.toJSONSchema(schema); valibot: toJsonSchema(schema) from @valibot/to-json-schema)`,
      { path: 'jsonSchema', operation: OPERATION, cause: why },
    );
  }
  let response_format: ResponseFormat;
  if (dialect === 'tgi') {
    response_format = { type: 'json', value: sent };
  } else {
    const json_schema: { name: string; schema: JsonSchemaObject; strict: boolean; description?: string } = {
      name,
      schema: strict === false ? sent : (requireNullable(sent, new Set()) as JsonSchemaObject),
      strict: strict ?? true,
    };
    if (schemaDescription !== undefined) json_schema.description = schemaDescription;
    response_format = { type: 'json_schema', json_schema };
  }
  // a NaN or ±Infinity in the JSON Schema would go as null (createChatCompletion's check of the whole body)
  checkFiniteNumbers({ response_format }, OPERATION);
  const mode = options?.validation ?? client.validation;
  // the call createChatCompletion makes, with the content checked inside it (parse), so a model's
  // answer that does not match carries the response's request id and is scrubbed of every
  // credential of the call, like a completion that fails the SDK's own schema
  const call = completionCall({ ...rest, response_format });
  return request(
    client,
    {
      ...call,
      // its options are CallOptions: no stream timeouts
      options: undefined,
      parse: async (r, signal) => parseChoices(normalizeChatCompletion(validate(ChatCompletionShape, await readJson(r, signal, call.operation), mode, call.operation)), schema),
    },
    options,
  );
}

/** Whether a JSON Schema admits `null` (zod `.nullable()`: `anyOf` with `{ type: 'null' }`). */
const mayBeNull = (s: unknown): boolean =>
  isObject(s) &&
  (s.type === 'null' ||
    (Array.isArray(s.type) && s.type.includes('null')) ||
    s.const === null ||
    (Array.isArray(s.enum) && s.enum.includes(null)) ||
    [s.anyOf, s.oneOf].some((branches) => Array.isArray(branches) && branches.some(mayBeNull)));

/** Keywords whose value maps names to subschemas (`properties: { default: {...} }` is a property named `default`). */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Keywords whose value is data, not a subschema. */
const DATA = ['enum', 'const', 'default', 'examples'];

/**
 * A copy of a JSON Schema in which every property that may be null is in its object's `required`:
 * OpenAI's strict mode wants every property there, and zod's `.nullish()` gives one that may be
 * null but is not (the official client's zodResponseFormat lists it too). The model sends `null`
 * for it, which the schema takes. Only subschemas are walked, never data (`enum`, `const`,
 * `default`); an object inside itself is kept as it is (JSON refuses the cycle itself).
 */
function requireNullable(s: unknown, within: Set<unknown>): unknown {
  if (Array.isArray(s)) return s.map((x) => requireNullable(x, within));
  if (!isObject(s) || within.has(s)) return s;
  within.add(s);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s)) {
    const v = s[k];
    if (DATA.includes(k)) out[k] = v;
    else if (SCHEMA_MAPS.includes(k) && isObject(v)) {
      const map: Record<string, unknown> = {};
      for (const name of Object.keys(v)) map[name] = requireNullable(v[name], within);
      out[k] = map;
    } else out[k] = requireNullable(v, within);
  }
  within.delete(s);
  const props = s.properties;
  const required = s.required ?? [];
  if (isObject(props) && Array.isArray(required)) {
    const add = Object.keys(props).filter((k) => !required.includes(k) && mayBeNull(props[k]));
    if (add.length) out.required = [...required, ...add];
  }
  return out;
}

/** Each choice's content parsed as JSON and checked by `schema` (`parsed`), or the error that says where it does not match. */
async function parseChoices<S extends StandardSchemaV1>(completion: ChatCompletion, schema: S): Promise<ParsedChatCompletion<InferOutput<S>>> {
  const choices: Array<ParsedChatCompletionChoice<InferOutput<S>>> = [];
  // with validation 'off' the body is unchecked: what is walked below must be there, or the mismatch
  // is a ResponseValidationError (as in every mode), never a TypeError out of this loop
  const raw: unknown = (completion as { choices?: unknown } | null)?.choices;
  const at = Array.isArray(raw) ? raw.findIndex((c: unknown) => !isObject(c) || !isObject(c.message)) : -2;
  if (at !== -1) {
    const issue = at === -2 ? { path: ['choices'], message: 'expected an array of choices' } : { path: ['choices', at, 'message'], message: 'expected a message object' };
    throw new ResponseValidationError([issue], completion, { operation: OPERATION });
  }
  for (const choice of completion.choices) {
    const message = choice.message;
    let parsed: InferOutput<S> | null = null;
    // empty content (vLLM's answer to a named or required tool_choice) is no content: parsed stays null
    if (!message.refusal && typeof message.content === 'string' && message.content !== '') {
      let value: unknown;
      try {
        value = JSON.parse(message.content);
      } catch {
        // the parser's message quotes the start of the content (an echoed credential, cut where no
        // scrub finds it): only its length is said; the completion stays on `body`, scrubbed by the call
        const f = choice.finish_reason;
        const why =
          f === 'length'
            ? ', finish_reason is length: the output was cut off; raise max_completion_tokens'
            : f === 'content_filter'
              ? ', finish_reason is content_filter: the content filter cut the output off'
              : '';
        throw new ResponseValidationError(
          [{ path: ['choices', choice.index, 'message', 'content'], message: `content is not valid JSON (${message.content.length} characters${why})` }],
          completion,
          { operation: OPERATION },
        );
      }
      try {
        parsed = (await validateAsync(schema, value, 'strict', OPERATION)) as InferOutput<S>;
      } catch (err) {
        if (!(err instanceof ResponseValidationError)) throw err;
        const issues = err.issues.map((i) => ({ path: ['choices', choice.index, 'message', 'parsed', ...i.path], message: i.message }));
        throw new ResponseValidationError(issues, value, { operation: OPERATION });
      }
    }
    choices.push({ ...choice, message: { ...message, parsed } });
  }
  return { ...completion, choices };
}
