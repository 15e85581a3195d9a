/**
 * A hand-written check of the inference response envelope. `infer` is the hot path and the one
 * operation edge bundles import, so it does not pull zod in (≈7 KB gzip); the zod/mini
 * `InferenceResponseSchema` in schemas.ts describes the same shape for users who want it.
 * @module
 */
import { isObject } from '../core/check.js';
import { ResponseValidationError, type ValidationIssue } from '../core/errors.js';
import { isDatatype } from './tensor.js';
import type { Datatype } from './types.js';

/** An output as read off the wire, before its data is decoded. */
export interface RawOutput {
  name: string;
  datatype: Datatype;
  shape: number[];
  parameters?: Record<string, unknown> | undefined;
  data?: unknown;
}

/** The envelope of an inference response, outputs not yet decoded. */
export interface RawInferenceResponse {
  model_name: string;
  model_version?: string | undefined;
  id?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
  outputs: RawOutput[];
}

/**
 * Checks the envelope (field types, datatypes, integer shapes) and returns it. The check runs in
 * every validation mode (tensors must be decoded from a known shape); an optional field sent as
 * `null` (KServe) is dropped; fields the protocol does not define are kept as the server sent them.
 *
 * @example
 * ```ts
 * const env = checkInferenceEnvelope(JSON.parse(text), 'oip.infer');
 * ```
 */
export function checkInferenceEnvelope(value: unknown, operation: string): RawInferenceResponse {
  const issues: ValidationIssue[] = [];
  const issue = (path: PropertyKey[], message: string): void => {
    issues.push({ path, message });
  };
  const fail = (): never => {
    throw new ResponseValidationError(issues, value, { operation });
  };
  if (!isObject(value)) {
    issue([], 'expected an object');
    return fail();
  }
  if (typeof value.model_name !== 'string') issue(['model_name'], 'expected a string');
  // an optional field sent as null (KServe: pydantic `Optional` without `exclude_none`) is absent:
  // the key is dropped, so the result matches its declared type
  for (const key of ['model_version', 'id', 'parameters'] as const) if (value[key] === null) delete value[key];
  for (const key of ['model_version', 'id'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') issue([key], 'expected a string');
  }
  if (value.parameters !== undefined && !isObject(value.parameters)) issue(['parameters'], 'expected an object');
  const outputs = value.outputs;
  if (!Array.isArray(outputs)) {
    issue(['outputs'], 'expected an array');
  } else {
    for (let i = 0; i < outputs.length; i++) {
      const o: unknown = outputs[i];
      if (!isObject(o)) {
        issue(['outputs', i], 'expected an object');
        continue;
      }
      if (typeof o.name !== 'string') issue(['outputs', i, 'name'], 'expected a string');
      if (!isDatatype(o.datatype)) issue(['outputs', i, 'datatype'], `unknown datatype ${JSON.stringify(o.datatype)}`);
      if (!Array.isArray(o.shape) || !o.shape.every(Number.isSafeInteger)) issue(['outputs', i, 'shape'], 'expected an array of integers');
      if (o.parameters === null) delete o.parameters;
      else if (o.parameters !== undefined && !isObject(o.parameters)) issue(['outputs', i, 'parameters'], 'expected an object');
    }
  }
  if (issues.length > 0) fail();
  return value as unknown as RawInferenceResponse;
}
