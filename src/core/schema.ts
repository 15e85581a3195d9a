/**
 * Schema validation through the Standard Schema interface, so the SDK's own zod/mini schemas and a
 * user's zod, valibot or arktype schema go through one path.
 * @module
 */
import { InvalidRequestError, ResponseValidationError, type ValidationIssue } from './errors.js';
import type { ValidationMode } from './types.js';

/**
 * Returned by a schema's fast check when the value does not pass (the schema's own `validate` then
 * reports why).
 */
export const FAIL: unique symbol = Symbol.for('modelwire.schema.fail') as never;

/**
 * The property under which a schema may carry a fast check: `(value) => output | FAIL`, no result
 * object allocated per value. Set by modelwire's own schemas (`shapeSchema`, `compiled`); any
 * other Standard Schema is checked through `~standard.validate`.
 */
export const FAST_CHECK: unique symbol = Symbol.for('modelwire.schema.fastCheck') as never;

type FastCheck = (value: unknown) => unknown;
type WithFastCheck = { [FAST_CHECK]?: FastCheck };

/**
 * The Standard Schema v1 interface (https://standardschema.dev), implemented by zod, zod/mini,
 * valibot and arktype.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const schema: StandardSchemaV1<unknown, { id: string }> = z.object({ id: z.string() });
 * ```
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The standard's entry point: its version, vendor and `validate`. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}

/** Types belonging to {@link StandardSchemaV1}. */
export declare namespace StandardSchemaV1 {
  /** The `~standard` property. */
  export interface Props<Input = unknown, Output = Input> {
    /** Version of the standard (1). */
    readonly version: 1;
    /** The schema library, e.g. `zod` or `valibot`. */
    readonly vendor: string;
    /** Checks a value. One that answers with a `Promise` works only with `validateAsync` (see its doc). */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    /** Carries the input and output types for inference only; no value at run time. */
    readonly types?:
      | {
          /** The type the schema accepts. */
          readonly input: Input;
          /** The type a valid value comes out as (after defaults and transforms). */
          readonly output: Output;
        }
      | undefined;
  }
  /** A validation result. */
  export type Result<Output> =
    | {
        /** The validated value, as the output type (defaults filled in, transforms applied). */
        readonly value: Output;
        /** Absent on success: its presence is what marks a failure. */
        readonly issues?: undefined;
      }
    | {
        /** Why the value failed: one entry per problem, never empty. */
        readonly issues: ReadonlyArray<Issue>;
      };
  /** One issue. */
  export interface Issue {
    /** What was wrong. */
    readonly message: string;
    /** Where, as keys or `{ key }` segments; absent for the root. */
    readonly path?:
      | ReadonlyArray<
          | PropertyKey
          | {
              /** The object key or array index of this segment. */
              readonly key: PropertyKey;
            }
        >
      | undefined;
  }
}

/**
 * The output type of a Standard Schema.
 *
 * @example
 * ```ts
 * type Out = InferOutput<typeof schema>; // { id: string }
 * ```
 */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

function toIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>): ValidationIssue[] {
  return issues.map((i) => ({
    path: (i.path ?? []).map((p) => (typeof p === 'object' && p !== null ? p.key : p)),
    message: i.message,
  }));
}

function settle<T>(result: StandardSchemaV1.Result<T>, value: unknown, mode: ValidationMode, operation?: string): T {
  if (result.issues) throw new ResponseValidationError(toIssues(result.issues), value, { operation });
  return mode === 'passthrough' ? (value as T) : result.value;
}

/**
 * Checks a value against a schema. `strict` returns the schema's output (unknown fields dropped by
 * object schemas), `passthrough` returns the value unchanged once it passed, `off` skips the check.
 * Throws {@link ResponseValidationError} with issue paths.
 *
 * @example
 * ```ts
 * const user = validate(z.object({ id: z.string() }), JSON.parse(text), 'strict', 'users.get');
 * ```
 */
export function validate<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, mode: ValidationMode, operation?: string): T {
  return check(schema, value, mode, operation, refuseAsync) as T;
}

/**
 * @internal {@link validate} inside an async call: a schema that answers asynchronously (e.g. a
 * zod `refine` with an async check) gives a promise of the result instead of an error.
 */
export function validateInCall<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, mode: ValidationMode, operation: string): T | Promise<T> {
  return check(schema, value, mode, operation, settleLater);
}

/** What {@link check} does with a schema's asynchronous answer. */
type OnAsync = (result: PromiseLike<StandardSchemaV1.Result<unknown>>, value: unknown, mode: ValidationMode, operation?: string) => never | Promise<unknown>;

// a promise of this realm (the caller tells it with instanceof)
const settleLater: OnAsync = (result, value, mode, operation) => Promise.resolve(result).then((r) => settle(r, value, mode, operation));

const refuseAsync: OnAsync = (_result, _value, _mode, operation) => {
  throw new InvalidRequestError(`${operation ?? 'validate'}: schema is asynchronous, which validate() and streams cannot wait for; use validateAsync (for a stream: validation 'off', then validateAsync on each value)`, {
    operation,
    path: 'schema',
  });
};

function check<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, mode: ValidationMode, operation: string | undefined, onAsync: OnAsync): T | Promise<T> {
  if (mode === 'off') return value as T;
  const fast = (schema as WithFastCheck)[FAST_CHECK];
  if (fast) {
    const out = fast(value);
    if (out !== FAIL) return (mode === 'passthrough' ? value : out) as T;
  }
  const result = schema['~standard'].validate(value);
  // a promise from any realm (instanceof would miss one made in a vm context or an iframe)
  if (typeof (result as { then?: unknown }).then === 'function') return onAsync(result as PromiseLike<StandardSchemaV1.Result<unknown>>, value, mode, operation) as Promise<T>;
  return settle(result as StandardSchemaV1.Result<T>, value, mode, operation);
}

/**
 * Like {@link validate}, but also accepts schemas whose validation is asynchronous.
 *
 * @example
 * ```ts
 * const out = await validateAsync(userSchema, data, 'strict');
 * ```
 */
export async function validateAsync<T>(schema: StandardSchemaV1<unknown, T>, value: unknown, mode: ValidationMode, operation?: string): Promise<T> {
  if (mode === 'off') return value as T;
  return settle(await schema['~standard'].validate(value), value, mode, operation);
}
