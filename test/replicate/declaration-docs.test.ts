/**
 * What a user of the published package hovers is the emitted declarations, not the sources: TSDoc
 * on a key of a zod/mini shape shows through `z.infer` in the sources, yet declaration emit prints
 * `PredictionSchema`'s inferred type afresh and can drop it (it does for zod's `Writeable<shape>`).
 * So the declarations of `modelwire/replicate` are emitted here (in memory, as
 * tsconfig.build.json does) and every property a user reaches from its exports, nested ones
 * included (`prediction.urls.stream`, `deployment.current_release.configuration.hardware`), must
 * carry its TSDoc in them.
 */
import path from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const outDir = path.join(root, '.declaration-docs-test').replace(/\\/g, '/');

/** The declaration files of `src/replicate.ts` and what it imports, keyed by their would-be path. */
function emitDeclarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options: ts.CompilerOptions = { ...config.options, outDir, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false };
  const program = ts.createProgram([path.join(root, 'src/replicate.ts')], options);
  const files = new Map<string, string>();
  const result = program.emit(undefined, (name, text) => files.set(name.replace(/\\/g, '/'), text), undefined, true);
  expect(result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  return files;
}

/** `Type.path.to.prop` of every property declared in the emitted files without TSDoc. */
function undocumentedMembers(files: Map<string, string>): { checked: number; missing: string[] } {
  const entry = `${outDir}/replicate.d.ts`;
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  const directoryExists = host.directoryExists?.bind(host) ?? ts.sys.directoryExists;
  host.directoryExists = (d) => d.replace(/\\/g, '/').startsWith(outDir) || directoryExists(d);
  host.fileExists = (f) => files.has(f.replace(/\\/g, '/')) || fileExists(f);
  host.readFile = (f) => files.get(f.replace(/\\/g, '/')) ?? readFile(f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = files.get(f.replace(/\\/g, '/'));
    return text === undefined ? getSourceFile(f, lang, ...rest) : ts.createSourceFile(f, text, lang, true);
  };
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  // members declared by modelwire/replicate (src/core's are the core's to document, zod's are zod's)
  const ours = (d: ts.Declaration): boolean => {
    const f = d.getSourceFile().fileName.replace(/\\/g, '/');
    return files.has(f) && (f === entry || f.startsWith(`${outDir}/replicate/`));
  };
  const missing = new Set<string>();
  let checked = 0;

  const walkSignatures = (type: ts.Type, where: string, seen: Set<ts.Type>): void => {
    for (const sig of type.getCallSignatures()) {
      for (const param of sig.getParameters()) walk(checker.getNonNullableType(checker.getTypeOfSymbol(param)), `${where}(${param.name})`, seen);
      walk(checker.getAwaitedType(sig.getReturnType()) ?? sig.getReturnType(), `${where}()`, seen);
    }
  };
  const walk = (type: ts.Type, where: string, seen: Set<ts.Type>): void => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => walk(t, where, seen));
    if (checker.isArrayType(type)) return walk(checker.getTypeArguments(type as ts.TypeReference)[0]!, `${where}[]`, seen);
    if (!(type.flags & ts.TypeFlags.Object)) return;
    for (const prop of checker.getPropertiesOfType(type)) {
      if (!(prop.declarations ?? []).some(ours)) continue;
      const name = `${where}.${prop.name}`;
      checked++;
      if (ts.displayPartsToString(prop.getDocumentationComment(checker)) === '') missing.add(name);
      const propType = checker.getTypeOfSymbol(prop);
      if (propType.getCallSignatures().length) walkSignatures(propType, name, seen);
      else walk(checker.getNonNullableType(propType), name, seen);
    }
  };

  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & ts.SymbolFlags.Function) walkSignatures(checker.getTypeOfSymbol(symbol), symbol.name, new Set());
    else if (symbol.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) walk(checker.getDeclaredTypeOfSymbol(symbol), symbol.name, new Set());
  }
  return { checked, missing: [...missing] };
}

it('the emitted declarations of modelwire/replicate carry TSDoc on every property a user reaches, nested ones included', () => {
  const files = emitDeclarations();
  expect(files.has(`${outDir}/replicate/schemas.d.ts`)).toBe(true);
  const { checked, missing } = undocumentedMembers(files);
  // the walk reaches the response types through the functions that return them
  expect(checked).toBeGreaterThan(300);
  expect(missing).toEqual([]);
}, 120_000);
