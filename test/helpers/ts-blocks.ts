/**
 * The ```ts blocks of a Markdown file, and the type check the README and docs tests run on them:
 * package imports pointed at src/, one compiler setup, diagnostics as `file: message` lines.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** `src/<sub>/index.js` as an absolute path (`src/index.js` without a sub). */
export const srcEntry = (sub = ''): string => path.join(root, 'src', sub, 'index.js');

/** The ```ts blocks of a Markdown file, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...readFileSync(markdown, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A block as a module: `modelwire` and `modelwire/<sub>` imported from src/, then `extra`. */
export function blockSource(code: string, extra = ''): string {
  const rewritten = code.replace(/from 'modelwire(?:\/(\w+))?'/g, (_m, sub: string | undefined) => `from '${srcEntry(sub)}'`);
  return `${rewritten}\n${extra}\nexport {};\n`;
}

/** Type-checks `files` (strict, DOM + Node types); the diagnostics of each file that is not in `also`. */
export function typeCheck(files: readonly string[], also: readonly string[] = []): Map<string, readonly ts.Diagnostic[]> {
  const program = ts.createProgram([...files, ...also], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  });
  return new Map(files.map((f) => [f, ts.getPreEmitDiagnostics(program, program.getSourceFile(f))]));
}

/** A diagnostic as one line: `<file name>: <message>`. */
export const diagnosticLine = (file: string, d: ts.Diagnostic): string => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
