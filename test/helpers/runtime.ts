/**
 * Which runtime runs the suite. `npm test` runs it on Node; the same files also run under Bun and
 * Deno (`test/runtimes.vitest.config.ts`, docs/runtimes.md). A test that checks something a
 * runtime does not have, or does differently by design, says so with `it.skipIf(ON_BUN)` and why.
 */
export const RUNTIME: 'bun' | 'deno' | 'node' =
  (process.versions as { bun?: string }).bun !== undefined ? 'bun' : (globalThis as { Deno?: unknown }).Deno !== undefined ? 'deno' : 'node';

/** True under Bun. */
export const ON_BUN = RUNTIME === 'bun';

/** True under Deno. */
export const ON_DENO = RUNTIME === 'deno';

/** Whether `process.execPath` takes Node's flags (`--import tsx`) for a child process: Deno's binary does not. */
export const TAKES_NODE_FLAGS = !ON_DENO;
