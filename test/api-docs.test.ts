/**
 * Every public export carries TSDoc with an `@example` (the project's rule for its public API), and
 * no public signature uses `any`. Read from the entry points through the TypeScript checker, so a
 * re-export counts by the declaration it points at.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { reachedProperties, SOURCE_ENTRIES, sourceProgram } from './helpers/doc-walk.js';

const ENTRIES = SOURCE_ENTRIES;
const program = sourceProgram();
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

const SRC = path.resolve('src') + path.sep;
const inSrc = (d: ts.Node): boolean => path.resolve(d.getSourceFile().fileName).startsWith(SRC);

/** Each property declared in src/ that a user reaches from the exports of `entry` (test/helpers/doc-walk.ts). */
const nestedProperties = (entry: string): Array<{ where: string; documented: boolean }> =>
  reachedProperties(checker, checker.getSymbolAtLocation(program.getSourceFile(entry)!)!, entry, inSrc);

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

  it('documents every member of the exported interfaces, classes and object types (nested object types excepted)', () => {
    // Exempt: the datatype maps, one typed array per datatype, which their own TSDoc explains.
    const exempt = (name: string): boolean => name === 'DatatypeArrayMap' || name === 'OutputArrayMap';
    const documented = (m: ts.Node): boolean => ts.getJSDocCommentsAndTags(m).length > 0;
    const undocumented: string[] = [];
    const seen = new Set<ts.Declaration>();
    for (const { name, decls } of exports) {
      for (const d of decls) {
        if (seen.has(d) || exempt(name)) continue;
        seen.add(d);
        let members: readonly ts.Node[] = [];
        if (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)) members = d.members;
        else if (ts.isTypeAliasDeclaration(d) && ts.isTypeLiteralNode(d.type)) members = d.type.members;
        for (const m of members) {
          if (ts.isConstructorDeclaration(m) || ts.isIndexSignatureDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) continue;
          const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
          // private, protected and #private members are not public; an override is documented where it is declared first
          if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword || x.kind === ts.SyntaxKind.OverrideKeyword)) continue;
          const memberName = (m as ts.NamedDeclaration).name;
          if (memberName && ts.isPrivateIdentifier(memberName)) continue;
          // overloads: one comment on the first signature documents them all
          const prev = members[members.indexOf(m) - 1] as ts.NamedDeclaration | undefined;
          if (memberName && prev?.name && prev.name.getText() === memberName.getText() && documented(prev)) continue;
          if (!documented(m)) undocumented.push(`${name}.${memberName ? memberName.getText() : '(call signature)'}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('documents every property a user reaches from an exported type', () => {
    const undocumented = ENTRIES.flatMap(nestedProperties)
      .filter((p) => !p.documented)
      .map((p) => p.where)
      .sort();
    expect(undocumented).toEqual([]);
  });

  it('walks to the nested properties a user touches (the nested check can fail)', () => {
    const reached = new Set(['src/index.ts', 'src/oip.ts'].flatMap((e) => nestedProperties(e).map((p) => p.where)));
    // a member of a conditional type; a zod shape key through a schema's output, an optional nullable
    // object and an array; a callback's parameter; a method's result (a union with a Promise) and an array
    expect(reached).toContain('src/oip.ts: InputTensor.data');
    expect(reached).toContain('src/oip.ts: GenerateResponseSchema(output).details.logprobs.logprob');
    expect(reached).toContain('src/oip.ts: OipClientOptions.onRetry(event).delayMs');
    expect(reached).toContain('src/index.ts: StandardSchemaV1.~standard.validate().issues.message');
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
