/**
 * Verdicts to compare modelwire's validation with zod's on the same value: `{ ok: output }` or
 * `{ error: name }`.
 */
import { validate, type StandardSchemaV1 } from '../../src/core/schema.js';

/** What validate() in strict mode gives, or the name of the thrown error. */
export const strictVerdict = (schema: StandardSchemaV1, v: unknown): unknown => {
  try {
    return { ok: validate(schema, v, 'strict', 'test') };
  } catch (e) {
    return { error: (e as Error).name };
  }
};

/** What zod's own safeParse gives, in the same form. */
export const zodVerdict = (schema: { safeParse(v: unknown): { success: boolean; data?: unknown } }, v: unknown): unknown => {
  const r = schema.safeParse(v);
  return r.success ? { ok: r.data } : { error: 'ResponseValidationError' };
};
