/**
 * The ```ts blocks of a Markdown file and the `@example` code of TSDoc comments, and the type check
 * the README, docs and API-example tests run on them: package imports pointed at src/, one compiler
 * setup, the names a block uses without defining supplied pass by pass, diagnostics as
 * `file: message` lines.
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The `@example` code of the TSDoc comments of a TypeScript file, in order: each ```ts block of an
 * `@example` section, or the section's inline `code` when it has no block. `line`: the 1-based
 * line of the file where the code starts; `subject`: the name of the exported interface or type
 * the comment documents (an example of a shape may be just a value of it).
 */
export function tsdocExamples(file: string): { line: number; code: string; subject?: string }[] {
  const text = readFileSync(file, 'utf8');
  const lineAt = (index: number): number => text.slice(0, index).split('\n').length;
  const out: { line: number; code: string; subject?: string }[] = [];
  for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = lineAt(comment.index);
    const subject = /^\s*export (?:interface|type) (\w+)/.exec(text.slice(comment.index + comment[0].length))?.[1];
    const body = comment[0]
      .slice(3, -2)
      .split('\n')
      .map((l, i) => (i === 0 ? l : l.replace(/^\s*\* ?/, '')))
      .join('\n');
    const bodyLineAt = (index: number): number => startLine + body.slice(0, index).split('\n').length - 1;
    // a section runs to the next block tag at the start of a line (or to the end of the comment)
    for (const section of body.matchAll(/@example\b([\s\S]*?)(?=\n\s*@\w|$)/g)) {
      const at = section.index + '@example'.length;
      const fenced = [...section[1]!.matchAll(/```ts\n([\s\S]*?)```/g)];
      for (const m of fenced) out.push({ line: bodyLineAt(at + m.index) + 1, code: m[1]!, ...(subject && { subject }) });
      const inline = /^\s*`([^`]+)`/.exec(section[1]!);
      if (fenced.length === 0 && inline) out.push({ line: bodyLineAt(at), code: inline[1]!, ...(subject && { subject }) });
    }
  }
  return out;
}

/** A block as a module: `modelwire` and `modelwire/<sub>` imported from src/, then `extra`. */
export function blockSource(code: string, extra = ''): string {
  const rewritten = code.replace(/from 'modelwire(?:\/(\w+))?'/g, (_m, sub: string | undefined) => `from '${srcEntry(sub)}'`);
  return `${rewritten}\n${extra}\nexport {};\n`;
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  // as a user's strictest project compiles the examples it copies: `arr[0].x` and an explicit
  // `undefined` for an optional field are what these two flags catch
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
};

/**
 * A program over `roots` (strict with exactOptionalPropertyTypes and noUncheckedIndexedAccess, DOM + Node types). The source files outside `changing` (the
 * libraries, src/) are parsed once per `cache`, so the passes of {@link checkBlocks} parse only
 * the blocks again.
 */
export function checkProgram(roots: readonly string[], cache = new Map<string, ts.SourceFile>(), changing = ''): ts.Program {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (changing !== '' && fileName.startsWith(changing)) return read(fileName, languageVersion, onError, shouldCreate);
    let sourceFile = cache.get(fileName);
    if (sourceFile === undefined) {
      sourceFile = read(fileName, languageVersion, onError, shouldCreate);
      if (sourceFile !== undefined) cache.set(fileName, sourceFile);
    }
    return sourceFile;
  };
  return ts.createProgram({ rootNames: roots, options, host });
}

/** Type-checks `files` (strict with exactOptionalPropertyTypes and noUncheckedIndexedAccess, DOM + Node types); the diagnostics of each file that is not in `also`. */
export function typeCheck(files: readonly string[], also: readonly string[] = []): Map<string, readonly ts.Diagnostic[]> {
  const program = checkProgram([...files, ...also]);
  return new Map(files.map((f) => [f, ts.getPreEmitDiagnostics(program, program.getSourceFile(f))]));
}

/**
 * What the docs and examples mean by a name they use without defining it in a block: the types a
 * name always has there (`client` is a core client, `openai` an OpenAI client, ...).
 */
export const KNOWN: Readonly<Record<string, string>> = {
  client: `import('${srcEntry()}').Client`,
  core: `import('${srcEntry()}').Client`,
  spec: `import('${srcEntry()}').RequestSpec<unknown>`,
  openai: `import('${srcEntry('openai')}').OpenAIClient`,
  oip: `import('${srcEntry('oip')}').OipClient`,
  replicate: `import('${srcEntry('replicate')}').ReplicateClient`,
  stream: `import('${srcEntry()}').Stream<{ text_output: string }>`,
  model: 'string',
  messages: `import('${srcEntry('openai')}').ChatCompletionMessageParam[]`,
  baseURL: 'string',
  infer: `typeof import('${srcEntry('oip')}').infer`,
  createPrediction: `typeof import('${srcEntry('replicate')}').createPrediction`,
};

/** `declare const` lines for `names`: typed by `known` where the meaning is fixed, else `any`. */
export const declares = (names: readonly string[], known: Readonly<Record<string, string>> = KNOWN): string =>
  names.map((n) => `declare const ${n}: ${known[n] ?? 'any'};`).join('\n');

/** A block of example code to type-check as a module of its own. */
export interface Block {
  /** Unique; names the block's file (`<name>.ts`, after replacing characters a file name should not hold). */
  name: string;
  code: string;
}

/** A checked block: its file and the diagnostics of that file. */
export interface CheckedBlock {
  block: Block;
  file: string;
  diagnostics: readonly ts.Diagnostic[];
}

/**
 * Type-checks `blocks` in one program, each a module written to `work` (imports pointed at src/),
 * with `also` (file name → text: shims of packages not installed here) written next to them.
 * A block may use names made in the text around it: the names it uses without defining —
 * "Cannot find name" (2304, 2552) and an undeclared shorthand property (18004) — are found pass by
 * pass (one may hide another), and `supply(block, names)` gives the code that defines them
 * (declarations, imports), appended to the block. `cache`: the parsed source files outside `work`,
 * shared with another {@link checkProgram}.
 */
export function checkBlocks(
  blocks: readonly Block[],
  work: string,
  supply: (block: Block, names: readonly string[]) => string,
  { also = {}, passes = 3, cache = new Map<string, ts.SourceFile>() }: { also?: Readonly<Record<string, string>>; passes?: number; cache?: Map<string, ts.SourceFile> } = {},
): CheckedBlock[] {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = blocks.map((b) => path.join(work, `${b.name.replace(/[^\w.-]+/g, '-')}.ts`));
  if (new Set(files).size !== files.length) throw new Error('two blocks share a file name');
  const alsoFiles = Object.entries(also).map(([name, text]) => {
    writeFileSync(path.join(work, name), text);
    return path.join(work, name);
  });
  const check = (namesOf: (i: number) => readonly string[]): CheckedBlock[] => {
    blocks.forEach((b, i) => writeFileSync(files[i]!, blockSource(b.code, supply(b, namesOf(i)))));
    const program = checkProgram([...files, ...alsoFiles], cache, work + path.sep);
    return blocks.map((block, i) => ({ block, file: files[i]!, diagnostics: ts.getPreEmitDiagnostics(program, program.getSourceFile(files[i]!)) }));
  };
  const undefinedNames = blocks.map(() => new Set<string>());
  let results = check(() => []);
  for (let pass = 0; pass < passes; pass++) {
    let found = false;
    results.forEach(({ diagnostics }, i) => {
      for (const d of diagnostics) {
        if (d.code !== 2304 && d.code !== 2552 && d.code !== 18004) continue;
        const id = /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))![1]!;
        if (!undefinedNames[i]!.has(id)) {
          undefinedNames[i]!.add(id);
          found = true;
        }
      }
    });
    if (!found) break;
    results = check((i) => [...undefinedNames[i]!]);
  }
  return results;
}

/** A diagnostic as one line: `<file name>: <message>`. */
export const diagnosticLine = (file: string, d: ts.Diagnostic): string => `${path.basename(file)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
