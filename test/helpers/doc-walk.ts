/**
 * The properties a user reaches from an entry point's exports, and whether each carries TSDoc: the
 * walk test/api-docs.test.ts runs over the sources and test/declaration-docs.test.ts over the
 * emitted declarations.
 * @module
 */
import ts from 'typescript';

/** How many properties deep the walk goes (`response.outputs[0].data` is 2). */
export const NESTED_DEPTH = 5;
/** Lib types the walk looks through, to their type arguments (a `Promise<T>` leads to `T`). */
const LIB_CONTAINERS = new Set(['Array', 'ReadonlyArray', 'Promise', 'PromiseLike', 'AsyncIterable', 'AsyncIterableIterator', 'AsyncGenerator', 'Iterable', 'IterableIterator', 'Generator', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet']);
/** The Standard Schema key: an exported schema leads to its output type. */
const STANDARD = '~standard';

/** Private, protected and `#private` members (and emit's `#private` stand-in for them): nothing a user reaches. */
const notPublic = (d: ts.Declaration): boolean => {
  const mods = ts.canHaveModifiers(d) ? (ts.getModifiers(d) ?? []) : [];
  const name = (d as ts.NamedDeclaration).name;
  return mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword) || (!!name && ts.isPrivateIdentifier(name));
};

/**
 * Exempt, each with its reason:
 * - the members of `DatatypeArrayMap` / `OutputArrayMap`: one typed array per datatype, named by the
 *   datatype itself, which the interfaces' own TSDoc explains (as api-docs' member test exempts them).
 */
const exempt = (d: ts.Declaration): boolean =>
  ts.isInterfaceDeclaration(d.parent) && (d.parent.name.text === 'DatatypeArrayMap' || d.parent.name.text === 'OutputArrayMap');

/**
 * Each property declaration reached from the exports of the module `moduleSymbol`, by its shortest
 * path (`label: Type.path`; `fn().x`: a property of what `fn` returns; `fn(arg).x`: of its parameter
 * `arg`; `S(output).x`: of what the schema `S` validates into), with whether it has a TSDoc
 * description (a comment of tags only, such as a bare `@deprecated`, has none). The walk starts at
 * each exported type alias, interface and class, then at the type of each exported function and
 * const, and at the output type of each exported Standard Schema. It goes through unions,
 * intersections, conditional-type branches, type-parameter constraints, arrays and tuples, the type
 * arguments of a few lib containers (Promise, AsyncIterable, Map...) and the parameters and return
 * types of call signatures, down to {@link NESTED_DEPTH} properties deep. It counts only properties
 * with a declaration `ours` accepts (the project's own: not lib types, zod's internals, typed
 * arrays), and skips index signatures, non-public members and the exempt ones.
 *
 * @example
 * ```ts
 * const bare = reachedProperties(checker, moduleSymbol, 'src/oip.ts', inSrc).filter((p) => !p.documented);
 * ```
 */
export function reachedProperties(
  checker: ts.TypeChecker,
  moduleSymbol: ts.Symbol,
  label: string,
  ours: (d: ts.Declaration) => boolean,
): Array<{ where: string; documented: boolean }> {
  const reached = new Map<ts.Declaration, { where: string; depth: number; documented: boolean }>();
  const fromExports = (visit: (symbol: ts.Symbol, name: string, seen: Map<ts.Type, number>) => void): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      visit(symbol, `${label}: ${exported.name}`, new Map());
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
    if (checker.isArrayType(type) || checker.isTupleType(type) || (container && LIB_CONTAINERS.has(container.name) && !(container.declarations ?? []).some(ours))) {
      return checker.getTypeArguments(type as ts.TypeReference).forEach((t) => next(t));
    }
    for (const prop of checker.getPropertiesOfType(type)) {
      const decls = (prop.declarations ?? []).filter(ours);
      if (decls.length === 0 || decls.every(notPublic) || decls.some(exempt)) continue;
      const at = `${where}.${prop.name}`;
      const known = reached.get(decls[0]!);
      if (!known || known.depth > depth) reached.set(decls[0]!, { where: at, depth, documented: ts.displayPartsToString(prop.getDocumentationComment(checker)) !== '' });
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
  return [...reached.values()].map(({ where, documented }) => ({ where, documented }));
}

/** The source entry points, one per published subpath. */
export const SOURCE_ENTRIES = ['src/index.ts', 'src/undici.ts', 'src/oip.ts', 'src/onnx.ts', 'src/replicate.ts', 'src/openai.ts'];

/** A strict program over {@link SOURCE_ENTRIES}, as the walks read the sources (`extra` adds compiler options). */
export function sourceProgram(extra: ts.CompilerOptions = {}): ts.Program {
  return ts.createProgram(SOURCE_ENTRIES, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    ...extra,
  });
}
