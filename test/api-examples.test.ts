/**
 * The examples of the API documentation stay true to the API: the code of every `@example` in the
 * TSDoc of src/ type-checks against the sources, each as a module of its own (the package imports
 * are pointed at src/). An example may leave out its imports: a name it uses without defining is
 * imported from where the example stands (its own file's exports, then its package's entry point,
 * then the core's, then the other entry points', then any source file's), so a public name is
 * checked by its real type.
 * Other names it takes from the text around it (a `client`, a `prediction`) are declared, typed
 * where they always mean the same thing in the package and `any` otherwise. An example of a shape
 * that is just an object literal (`{ owner: 'alice', ... }`) is checked as a value of the shape; one
 * that is a `catch` clause, as the clause of a `try`; one that returns, as a function's body.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkBlocks, checkProgram, declares, KNOWN, root, srcEntry as src, tsdocExamples, type Block } from './helpers/ts-blocks.js';

const work = path.join(root, '.tmp', 'api-examples');
const SUBS = ['undici', 'oip', 'onnx', 'replicate', 'openai'];

/** The entry file of a package (`''`: the core). */
const entryFile = (sub: string): string => src(sub).replace(/\.js$/, '.ts');

/** What every example means by a name it uses without defining it, beyond what the docs mean ({@link KNOWN}). */
const COMMON: Record<string, string> = {
  err: 'unknown',
  controller: 'AbortController',
  signal: 'AbortSignal',
  apiKey: 'string',
  secret: 'string',
  id: 'string',
  transport: `import('${src()}').Transport`,
  z: `typeof import('zod').z`,
};

const oipNames: Record<string, string> = {
  request: `import('${src('oip')}').InferenceRequest`,
  req: `import('${src('oip')}').InferenceRequest`,
  res: `import('${src('oip')}').InferenceResponse`,
  target: `import('${src('oip')}').OipTarget`,
};

/**
 * What the examples of a package (`''`: the core) mean by a name they use without defining it.
 * Looked up before the exports: an example's `request` is an inference request, not the core's
 * `request` function (an example that calls that imports it).
 */
const EXAMPLE_KNOWN: Record<string, Record<string, string>> = {
  '': {
    ...COMMON,
    request: `import('${src('oip')}').InferenceRequest`,
    req: `import('${src()}').WireRequest`,
    res: `import('${src()}').WireResponse`,
    breaker: `import('${src()}').CircuitBreaker`,
    remote: `import('${src('oip')}').OipClient`,
    replica: `import('${src('oip')}').OipClient`,
    local: `import('${src('onnx')}').OnnxRuntime`,
    replicaURLs: 'string[]',
  },
  oip: { ...COMMON, ...oipNames },
  onnx: { ...COMMON, ...oipNames },
  openai: {
    ...COMMON,
    stream: `import('${src()}').Stream<import('${src('openai')}').ChatCompletionChunk>`,
    completion: `import('${src('openai')}').ChatCompletion`,
    tgi: `import('${src()}').Client`,
    chunk: `import('${src('openai')}').ChatCompletionChunk`,
  },
  replicate: {
    ...COMMON,
    request: 'Request',
    req: `import('${src('replicate')}').WebhookRequest`,
    stream: `import('${src()}').Stream<import('${src('replicate')}').ReplicateStreamEvent>`,
    prediction: `import('${src('replicate')}').Prediction`,
    training: `import('${src('replicate')}').Training`,
    version: `import('${src('replicate')}').ModelVersion`,
    account: `import('${src('replicate')}').Account`,
    d: `import('${src('replicate')}').Deployment`,
    hw: `import('${src('replicate')}').Hardware`,
  },
  undici: { ...COMMON, req: `import('${src()}').WireRequest`, dispatcher: `import('undici').Dispatcher`, ProxyAgent: `typeof import('undici').ProxyAgent` },
};

const sources = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join('src', f).split(path.sep).join('/'))
  .sort();

/** Each example, named `<file>:<line>` by the line where its code starts. */
const examples = sources.flatMap((file) => tsdocExamples(path.join(root, file)).map((e) => ({ ...e, name: `${file}:${e.line}`, file })));

/** The package (sub-path) a source file belongs to: `''` for the core. */
const packageOf = (file: string): string => {
  const dir = file.split('/')[1]!;
  return SUBS.includes(dir) ? dir : '';
};

/** Whether `code` returns outside any function (an example written as a function's body). */
function returns(code: string): boolean {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): boolean => ts.isReturnStatement(node) || (!ts.isFunctionLike(node) && node.forEachChild(visit) === true);
  return file.forEachChild(visit) === true;
}

/** Whether an example is just a value of the shape its comment documents (`{ owner: 'alice', ... }`). */
const isShapeValue = (e: { code: string; subject?: string }): boolean => e.subject !== undefined && /^\s*\{/.test(e.code);

/**
 * An example as module code, on the lines it has in its comment: a value of a shape is the value
 * of a constant of the shape (`Subject`), a `catch` clause is the clause of a `try`, code that
 * returns is a function's body (after its imports).
 */
function asModule(e: { code: string; subject?: string }): string {
  if (isShapeValue(e)) return `const example: Subject = ${e.code};`;
  const body = /^\s*catch\b/.test(e.code) ? `try {} ${e.code}` : e.code;
  if (!returns(body)) return body;
  const lines = body.split('\n');
  const imports = lines.filter((l) => l.startsWith('import ')).length;
  lines[imports] = `export async function example() { ${lines[imports]}`;
  return `${lines.join('\n')}\n}`;
}

describe('TSDoc @example code', () => {
  it('finds the examples of every source directory', () => {
    expect(examples.length).toBeGreaterThanOrEqual(450);
    for (const sub of ['core', ...SUBS]) expect(examples.some((e) => e.file.startsWith(`src/${sub}/`)), sub).toBe(true);
  });

  it('every example type-checks', () => {
    const cache = new Map<string, ts.SourceFile>();
    const srcFile = (file: string): string => path.join(root, file);
    const entries = ['', ...SUBS].map(entryFile);
    const program = checkProgram([...new Set([...entries, ...sources.map(srcFile)])], cache);
    const checker = program.getTypeChecker();
    const exportsOf = new Map<string, Set<string>>();
    const exported = (file: string): Set<string> => {
      let names = exportsOf.get(file);
      if (names === undefined) {
        const sourceFile = program.getSourceFile(file);
        const symbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
        names = new Set(symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name));
        exportsOf.set(file, names);
      }
      return names;
    };
    /** Where a name an example in `file` uses without defining is imported from, if anywhere. */
    const origin = (file: string, name: string): string | undefined => {
      const candidates = [srcFile(file), entryFile(packageOf(file)), ...entries, ...sources.map(srcFile)];
      return candidates.find((c) => exported(c).has(name))?.replace(/\.ts$/, '.js');
    };
    const byName = new Map(examples.map((e) => [e.name, e]));
    const supply = (block: Block, names: readonly string[]): string => {
      const example = byName.get(block.name)!;
      const { file, subject } = example;
      const known = EXAMPLE_KNOWN[packageOf(file)]!;
      const imports = names.flatMap((n) => {
        const from = known[n] === undefined ? origin(file, n) : undefined;
        return from === undefined ? [] : [`import { ${n} } from '${from}';`];
      });
      const declared = names.filter((n) => known[n] !== undefined || origin(file, n) === undefined);
      // a name no one defines may stand for a value or a type of the text around the example
      const unknownTypes = declared.filter((n) => known[n] === undefined && KNOWN[n] === undefined).map((n) => `type ${n} = any;`);
      const subjectImport = isShapeValue(example) ? [`import type { ${subject} as Subject } from '${origin(file, subject!)}';`] : [];
      return [...imports, ...subjectImport, declares(declared, { ...KNOWN, ...known }), ...unknownTypes].join('\n');
    };
    const blocks = examples.map((e) => ({ ...e, code: asModule(e) }));
    const results = checkBlocks(blocks, work, supply, { cache });
    const text = results.flatMap(({ block, diagnostics }) =>
      diagnostics.map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
        const { file, line } = byName.get(block.name)!;
        return `${file}:${line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    );
    expect(text).toEqual([]);
  }, 300_000);
});
