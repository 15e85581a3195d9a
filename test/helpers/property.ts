/**
 * Settings for the property-based suites (`test/<area>/<concern>.property.test.ts`, fast-check).
 *
 * Every property runs with a pinned seed, so CI is deterministic; a failure prints the seed and the
 * shrunk counterexample's path (fast-check's own report), and `props(seed, runs)` replays it with
 * `{ seed, path }` pasted in. `FC_RUNS=<n>` raises every property's run count for a long local hunt
 * (`FC_RUNS=20000 npx vitest run test/core/sse.property.test.ts`); `FC_SEED=<n>` moves every seed
 * by n, to hunt on fresh inputs.
 * @module
 */
import type { Parameters } from 'fast-check';

/** Runs requested on the command line, or undefined. */
const envRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
const seedShift = process.env.FC_SEED ? Number(process.env.FC_SEED) : 0;

/**
 * fast-check parameters for one property: its pinned seed and default run count (both overridable
 * from the environment), with the full report on failure.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(arb, check), props(0x5e1, 200));
 * ```
 */
export function props<T>(seed: number, numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  return { seed: seed + seedShift, numRuns: envRuns ?? numRuns, ...extra };
}

/** Splits `bytes` at the given offsets (kept in range, sorted; repeats make empty chunks). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = offsets.map((o) => Math.min(bytes.length, Math.max(0, o))).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}
