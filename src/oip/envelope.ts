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
  /**
   * Field `key` of `o` (at `path`) passes `ok`, else an issue saying `message`. `optional`: absent
   * passes, and `null` (KServe: pydantic `Optional` without `exclude_none`) is absent: the key is
   * dropped, so the result matches its declared type.
   */
  const field = (o: Record<string, unknown>, path: PropertyKey[], key: string, ok: (v: unknown) => boolean, message: string, optional?: boolean): void => {
    if (optional && o[key] === null) delete o[key];
    else if (!(optional && o[key] === undefined) && !ok(o[key])) issues.push({ path: [...path, key], message });
  };
  const isString = (v: unknown): boolean => typeof v === 'string';
  if (!isObject(value)) {
    issues.push({ path: [], message: 'expected an object' });
  } else {
    field(value, [], 'model_name', isString, 'expected a string');
    field(value, [], 'model_version', isString, 'expected a string', true);
    field(value, [], 'id', isString, 'expected a string', true);
    field(value, [], 'parameters', isObject, 'expected an object', true);
    field(value, [], 'outputs', Array.isArray, 'expected an array');
    const outputs = value.outputs;
    if (Array.isArray(outputs)) {
      for (let i = 0; i < outputs.length; i++) {
        const o: unknown = outputs[i];
        const at = ['outputs', i];
        if (!isObject(o)) {
          issues.push({ path: at, message: 'expected an object' });
          continue;
        }
        field(o, at, 'name', isString, 'expected a string');
        // the output by name as well as by index: the caller does not see the server's order
        const who = typeof o.name === 'string' ? `output ${JSON.stringify(o.name)}: ` : '';
        field(o, at, 'datatype', isDatatype, `${who}unknown datatype ${JSON.stringify(o.datatype)}`);
        field(o, at, 'shape', (v) => Array.isArray(v) && v.every(Number.isSafeInteger), `${who}expected an array of integers`);
        field(o, at, 'parameters', isObject, `${who}expected an object`, true);
      }
    }
  }
  if (issues.length > 0) throw new ResponseValidationError(issues, value, { operation });
  return value as unknown as RawInferenceResponse;
}
