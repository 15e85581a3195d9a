/**
 * Every text view of a value that the SDK promises is free of secrets
 * (message, String, stack, toJSON / JSON.stringify, util.inspect, and the whole cause chain).
 */
import { inspect } from 'node:util';

/** All texts an error (or any SDK object) can show, cause chain included. */
export function textsOf(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || v === undefined || seen.has(v) || depth > 8) return;
    seen.add(v);
    const e = v as { message?: unknown; stack?: unknown; cause?: unknown };
    out.push(String(v));
    if (typeof v === 'object') {
      out.push(String(e.message));
      out.push(String(e.stack));
      try {
        out.push(JSON.stringify(v) ?? '');
      } catch (err) {
        out.push(`json failed: ${String(err)}`);
      }
    }
    out.push(inspect(v, { depth: Infinity, showHidden: false }));
    if (typeof v === 'object' && 'cause' in (v as object)) visit(e.cause, depth + 1);
  };
  visit(value, 0);
  return out;
}

/** The views of `value` that contain `secret` (empty when clean). */
export function leaksOf(value: unknown, secret: string): string[] {
  return textsOf(value).filter((t) => t.includes(secret));
}

/** The rejection of a promise (fails when it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}
