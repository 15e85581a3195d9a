/**
 * Every public export carries TSDoc with an `@example` (the project's rule for its public API), and
 * no public signature uses `any`. Read from the entry points through the TypeScript checker, so a
 * re-export counts by the declaration it points at.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The entry points whose nested members must be documented too (the test "documents every property
 * a user reaches from an exported type"). An entry joins once every property reachable from its
 * exports has TSDoc.
 */
const NESTED_CHECKED = new Set<string>(['src/index.ts', 'src/undici.ts', 'src/oip.ts', 'src/onnx.ts', 'src/replicate.ts', 'src/openai.ts']);

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

/**
 * Every property a user reaches from the exports of `entry` that lacks TSDoc, as `entry: Type.path`
 * (`fn().x`: a property of what `fn` returns; `fn(arg).x`: of its parameter `arg`; `S(output).x`: of
 * what the schema `S` validates into). The walk starts at each exported type alias, interface and
 * class, at the type of each exported function and const, and at the output type of each exported
 * Standard Schema. It goes through unions, intersections, conditional-type branches, type-parameter
 * constraints, arrays and tuples, the type arguments of a few lib containers (Promise, AsyncIterable,
 * Map...) and the parameters and return types of call signatures, down to {@link NESTED_DEPTH}
 * properties deep. It stops at properties declared outside src/ (lib types, zod's internals, typed
 * arrays) and at index signatures. A property declared in src/ needs a doc comment: one place is
 * enough (e.g. a zod shape key, which hover shows through the inferred type). Private, protected and
 * `#private` members do not count. Each declaration is reported once, by its shortest path.
 */
function undocumentedNested(entry: string): string[] {
  return nestedProperties(entry)
    .filter((p) => !p.documented)
    .map((p) => p.where)
    .sort();
}

/** Each property declaration reached from the exports of `entry` (see {@link undocumentedNested}), by its shortest path. */
function nestedProperties(entry: string): Array<{ where: string; documented: boolean }> {
  const reached = new Map<ts.Declaration, { where: string; depth: number; documented: boolean }>();
  const fromExports = (visit: (symbol: ts.Symbol, name: string, seen: Map<ts.Type, number>) => void): void => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      visit(symbol, `${entry}: ${exported.name}`, new Map());
    }
  };
  const walk = (type: ts.Type, where: string, depth: number, seen: Map<ts.Type, number>): void => {
    if (depth > NESTED_DEPTH || (seen.get(type) ?? Infinity) <= depth) return;
    seen.set(type, depth);
    const next = (t: ts.Type, w = where, d = depth): void => walk(t, w, d, seen);
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => next(t));
    if (type.flags & ts.TypeFlags.Conditional) {
      const { node } = (type as ts.ConditionalType).root;
      next(checker.getTypeFromTypeNode(node.trueType));
      return next(checker.getTypeFromTypeNode(node.falseType));
    }
    if (type.flags & ts.TypeFlags.Instantiable) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint && constraint !== type ? next(constraint) : undefined;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    const container = type.getSymbol();
    if (checker.isArrayType(type) || checker.isTupleType(type) || (container && LIB_CONTAINERS.has(container.name) && !(container.declarations ?? []).some(inSrc))) {
      return checker.getTypeArguments(type as ts.TypeReference).forEach((t) => next(t));
    }
    for (const prop of checker.getPropertiesOfType(type)) {
      const decls = (prop.declarations ?? []).filter(inSrc);
      if (decls.length === 0 || decls.every(notPublic) || decls.some(exemptNested)) continue;
      const at = `${where}.${prop.name}`;
      const known = reached.get(decls[0]!);
      if (!known || known.depth > depth) reached.set(decls[0]!, { where: at, depth, documented: prop.getDocumentationComment(checker).length > 0 || decls.some(documented) });
      next(checker.getTypeOfSymbol(prop), at, depth + 1);
    }
    for (const signature of type.getCallSignatures()) {
      next(signature.getReturnType(), `${where}()`, depth + 1);
      for (const param of signature.getParameters()) next(checker.getTypeOfSymbol(param), `${where}(${param.name})`, depth + 1);
    }
  };
  // types first, so a declaration is reported by its type's path rather than a function's
  fromExports((symbol, name, seen) => {
    if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) walk(checker.getDeclaredTypeOfSymbol(symbol), name, 0, seen);
  });
  fromExports((symbol, name, seen) => {
    if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable))) return;
    const type = checker.getTypeOfSymbol(symbol);
    const output = [STANDARD, 'types', 'output'].reduce<ts.Type | undefined>((t, key) => {
      const prop = t && checker.getNonNullableType(t).getProperty(key);
      return prop && checker.getTypeOfSymbol(prop);
    }, type);
    if (output) walk(output, `${name}(output)`, 1, seen);
    else walk(type, name, 0, seen);
  });
  return [...reached.values()];
}

/** How many properties deep the nested check goes (`response.outputs[0].data` is 2). */
const NESTED_DEPTH = 5;
/** Lib types the walk looks through, to their type arguments (a `Promise<T>` leads to `T`). */
const LIB_CONTAINERS = new Set(['Array', 'ReadonlyArray', 'Promise', 'PromiseLike', 'AsyncIterable', 'AsyncIterableIterator', 'AsyncGenerator', 'Iterable', 'IterableIterator', 'Generator', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet']);
/** The Standard Schema key: an exported schema leads to its output type. */
const STANDARD = '~standard';
const SRC = path.resolve('src') + path.sep;
const inSrc = (d: ts.Node): boolean => path.resolve(d.getSourceFile().fileName).startsWith(SRC);
const documented = (d: ts.Node): boolean => ts.getJSDocCommentsAndTags(d).length > 0;
const notPublic = (d: ts.Declaration): boolean => {
  const mods = ts.canHaveModifiers(d) ? (ts.getModifiers(d) ?? []) : [];
  const name = (d as ts.NamedDeclaration).name;
  return mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) || (!!name && ts.isPrivateIdentifier(name));
};
/**
 * Exempt from the nested check, each with its reason:
 * - the members of `DatatypeArrayMap` / `OutputArrayMap`: one typed array per datatype, named by the
 *   datatype itself, which the interfaces' own TSDoc explains (as the member test exempts them).
 */
const exemptNested = (d: ts.Declaration): boolean =>
  ts.isInterfaceDeclaration(d.parent) && (d.parent.name.text === 'DatatypeArrayMap' || d.parent.name.text === 'OutputArrayMap');

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
    // What an entry lacks: add it to NESTED_CHECKED, then npx vitest run test/api-docs.test.ts -t 'reaches from an exported type'
    const undocumented = ENTRIES.filter((e) => NESTED_CHECKED.has(e)).flatMap(undocumentedNested);
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
