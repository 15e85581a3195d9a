/**
 * Every public export carries TSDoc with an `@example` (the project's rule for its public API), and
 * no public signature uses `any`. Read from the entry points through the TypeScript checker, so a
 * re-export counts by the declaration it points at.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENTRIES = ['src/index.ts', 'src/undici.ts', 'src/oip.ts', 'src/onnx.ts', 'src/replicate.ts', 'src/openai.ts'];
const program = ts.createProgram(ENTRIES, {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();

/** Each export of each entry point, with the declarations it resolves to. */
function publicExports(): Array<{ entry: string; name: string; decls: ts.Declaration[] }> {
  const out: Array<{ entry: string; name: string; decls: ts.Declaration[] }> = [];
  for (const entry of ENTRIES) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      out.push({ entry, name: exported.name, decls: symbol.declarations ?? [] });
    }
  }
  return out;
}

const hasExample = (d: ts.Declaration): boolean => ts.getJSDocTags(d).some((t) => t.tagName.text === 'example');

describe('public API documentation', () => {
  const exports = publicExports();

  it('finds the exports of every entry point', () => {
    for (const entry of ENTRIES) expect(exports.filter((e) => e.entry === entry).length, entry).toBeGreaterThan(0);
  });

  it('gives every export TSDoc with an @example', () => {
    const missing = exports.filter((e) => !e.decls.some(hasExample)).map((e) => `${e.entry}: ${e.name}`);
    expect(missing).toEqual([]);
  });

  it('uses no `any` in the signatures of exported functions', () => {
    const withAny: string[] = [];
    for (const { entry, name, decls } of exports) {
      for (const d of decls) {
        if (!ts.isFunctionDeclaration(d)) continue;
        d.forEachChild(function visit(node): void {
          if (ts.isBlock(node)) return; // the body is not the signature
          if (node.kind === ts.SyntaxKind.AnyKeyword) withAny.push(`${entry}: ${name}`);
          node.forEachChild(visit);
        });
      }
    }
    expect(withAny).toEqual([]);
  });
});
