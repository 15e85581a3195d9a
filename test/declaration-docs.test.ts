/**
 * What a user of the published package hovers is the emitted declarations, not the sources: TSDoc
 * on a key of a zod/mini shape shows through `z.infer` in the sources, yet declaration emit prints
 * `PredictionSchema`'s inferred type afresh and can drop it (it does for zod's `Writeable<shape>`).
 * So the declarations of the entry points in {@link AREAS} are emitted here (in memory, as
 * tsconfig.build.json does) and every property a user reaches from an entry's exports, nested ones
 * included (`prediction.urls.stream`, `stats.model_stats[0].inference_count`), must carry its TSDoc
 * in them. test/api-docs.test.ts checks the same in the sources; this checks what ships.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { reachedProperties } from './helpers/doc-walk.js';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.declaration-docs-test').replace(/\\/g, '/');

/**
 * Each checked entry point and the folder of its own declarations: a property counts for the entry
 * that declares it (the core's for `src/index.ts`, zod's for nobody). An entry joins once it passes.
 */
const AREAS: Record<string, string> = {
  'src/openai.ts': 'openai',
  'src/index.ts': 'core',
  'src/undici.ts': 'undici',
  'src/oip.ts': 'oip',
  'src/onnx.ts': 'onnx',
  'src/replicate.ts': 'replicate',
};

/** The declaration files of the entries and what they import, keyed by their would-be path. */
function emitDeclarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options: ts.CompilerOptions = { ...config.options, outDir, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false };
  const program = ts.createProgram(
    Object.keys(AREAS).map((e) => path.join(root, e)),
    options,
  );
  const files = new Map<string, string>();
  const result = program.emit(undefined, (name, text) => files.set(name.replace(/\\/g, '/'), text), undefined, true);
  expect(result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  return files;
}

/** A checker over the emitted files (and the real node_modules for what they import). */
function checkerOf(files: Map<string, string>): { program: ts.Program; checker: ts.TypeChecker } {
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
  const program = ts.createProgram(
    Object.keys(AREAS).map((e) => dtsOf(e)),
    options,
    host,
  );
  return { program, checker: program.getTypeChecker() };
}

const dtsOf = (entry: string): string => `${outDir}/${path.basename(entry, '.ts')}.d.ts`;

/** Each property of `entry`'s own declarations a user reaches from its exports (test/helpers/doc-walk.ts). */
function reachedInDeclarations(files: Map<string, string>, { program, checker }: ReturnType<typeof checkerOf>, entry: string): Array<{ where: string; documented: boolean }> {
  const dts = dtsOf(entry);
  // a property counts for the entry whose declarations hold it (zod's for nobody)
  const ours = (d: ts.Declaration): boolean => {
    const f = d.getSourceFile().fileName.replace(/\\/g, '/');
    return files.has(f) && (f === dts || f.startsWith(`${outDir}/${AREAS[entry]}/`));
  };
  return reachedProperties(checker, checker.getSymbolAtLocation(program.getSourceFile(dts)!)!, entry, ours);
}

describe('the emitted declarations carry TSDoc on every property a user reaches, nested ones included', () => {
  let files: Map<string, string>;
  let checker: ReturnType<typeof checkerOf>;
  const emitted = (): { files: Map<string, string>; checker: ReturnType<typeof checkerOf> } => {
    files ??= emitDeclarations();
    checker ??= checkerOf(files);
    return { files, checker };
  };

  // the fewest properties each walk must reach: the walk reaches the response types through the
  // functions that return them and the schemas' outputs
  const least: Record<string, number> = { 'src/index.ts': 100, 'src/undici.ts': 1, 'src/oip.ts': 100, 'src/onnx.ts': 10, 'src/replicate.ts': 300, 'src/openai.ts': 300 };
  it.each(Object.keys(AREAS))('%s', (entry) => {
    const { files, checker } = emitted();
    expect(files.has(dtsOf(entry))).toBe(true);
    const reached = reachedInDeclarations(files, checker, entry);
    if (process.env.COUNT) console.log(entry, reached.length);
    expect(reached.length).toBeGreaterThanOrEqual(least[entry]!);
    expect(reached.filter((p) => !p.documented).map((p) => p.where).sort()).toEqual([]);
  }, 120_000);
});
