/**
 * Runs a docs block written as a module (`blockSource` in ts-blocks.ts) inside the test process,
 * with what it prints captured: the docs-run suites (docs-core-run, docs-oip,
 * docs-openai-replicate-run) check a block's output against its comments this way.
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, vi } from 'vitest';
import { root } from './ts-blocks.js';

/** What a block's module did when imported. */
export interface BlockRun {
  /** What the module threw or rejected with; `undefined` when it ran to the end. */
  outcome: unknown;
  /** The module's `__values` export (the block's top-level names), `{}` when it has none. */
  values: Record<string, unknown>;
  /** Each `console.log`, `console.warn` and `console.error` call, in order. */
  printed: { method: 'log' | 'warn' | 'error'; args: unknown[] }[];
  /** Everything written to `process.stdout` directly. */
  written: string;
}

/**
 * Imports the module `file` with `console.log` / `warn` / `error` and `process.stdout.write`
 * captured and `env` set (an `undefined` value unsets the variable) while it runs.
 *
 * @example
 * ```ts
 * const { outcome, printed } = await importBlock(file, { REPLICATE_BASE_URL: server.baseURL });
 * ```
 */
export async function importBlock(file: string, env: Record<string, string | undefined> = {}): Promise<BlockRun> {
  const printed: BlockRun['printed'] = [];
  let written = '';
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  for (const method of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push({ method, args }));
  }
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((written += String(chunk)), true));
  try {
    let values: Record<string, unknown> = {};
    const outcome = await import(file).then(
      (m: { __values?: Record<string, unknown> }) => void (values = m.__values ?? {}),
      (err: unknown) => err,
    );
    return { outcome, values, printed, written };
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}

/** The arguments of the `printed` calls made with one of `methods`, in order. */
export const argsOf = (printed: BlockRun['printed'], ...methods: BlockRun['printed'][number]['method'][]): unknown[][] =>
  printed.filter((p) => methods.includes(p.method)).map((p) => p.args);

/**
 * `.tmp/<name>` under the repository root, emptied before the file's tests run: where a suite
 * writes its blocks as modules. Registers a vitest `beforeAll`, so call it at module scope.
 *
 * @example
 * ```ts
 * const work = blockDir('docs-core-run');
 * ```
 */
export function blockDir(name: string): string {
  const dir = path.join(root, '.tmp', name);
  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  });
  return dir;
}
