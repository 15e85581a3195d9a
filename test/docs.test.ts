/**
 * The docs stay true to the API: every TypeScript block in docs/*.md type-checks against the
 * sources (the package imports are pointed at src/). A block may use a client or a spec made in
 * the text around it: names a block uses without defining are declared for it, typed where the
 * docs always mean the same thing (`client` is a core client, `openai` an OpenAI client, ...).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { blockSource, diagnosticLine, root, srcEntry as src, tsBlocks, typeCheck } from './helpers/ts-blocks.js';

const work = path.join(root, '.tmp', 'docs-blocks');

/** What the docs mean by a name they use without defining it in the block. */
const KNOWN: Record<string, string> = {
  client: `import('${src()}').Client`,
  core: `import('${src()}').Client`,
  spec: `import('${src()}').RequestSpec<unknown>`,
  openai: `import('${src('openai')}').OpenAIClient`,
  oip: `import('${src('oip')}').OipClient`,
  replicate: `import('${src('replicate')}').ReplicateClient`,
  stream: `import('${src()}').Stream<{ text_output: string }>`,
  model: 'string',
  messages: `import('${src('openai')}').ChatCompletionMessageParam[]`,
  baseURL: 'string',
  infer: `typeof import('${src('oip')}').infer`,
  createPrediction: `typeof import('${src('replicate')}').createPrediction`,
};

/** Optional packages a block names that are not installed here. */
const SHIMS = `declare module '@valibot/to-json-schema' { export function toJsonSchema(schema: unknown): Record<string, unknown>; }`;

const blocks = readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => tsBlocks(path.join(root, 'docs', f)).map((code, i) => ({ name: `${f.replace('.md', '')}-${i}`, code })));

const declares = (names: readonly string[]): string => names.map((n) => `declare const ${n}: ${KNOWN[n] ?? 'any'};`).join('\n');

function check(declaredOf: (name: string) => readonly string[]): { name: string; file: string; diagnostics: readonly ts.Diagnostic[] }[] {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = blocks.map((b) => {
    const file = path.join(work, `${b.name}.ts`);
    writeFileSync(file, blockSource(b.code, declares(declaredOf(b.name))));
    return file;
  });
  const shims = path.join(work, 'shims.d.ts');
  writeFileSync(shims, SHIMS);
  const diagnostics = typeCheck(files, [shims]);
  return blocks.map((b, i) => ({ name: b.name, file: files[i]!, diagnostics: diagnostics.get(files[i]!)! }));
}

describe('docs/*.md', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(40);
  });

  it('every TypeScript block type-checks', () => {
    // the names each block takes from its surroundings: "Cannot find name" (2304, 2552) and an
    // undeclared shorthand property (18004), found pass by pass (one may hide another)
    const undefinedNames = new Map<string, Set<string>>(blocks.map((b) => [b.name, new Set<string>()]));
    let results = check(() => []);
    for (let pass = 0; pass < 3; pass++) {
      let found = false;
      for (const { name, diagnostics } of results) {
        for (const d of diagnostics) {
          if (d.code !== 2304 && d.code !== 2552 && d.code !== 18004) continue;
          const id = /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))![1]!;
          if (!undefinedNames.get(name)!.has(id)) {
            undefinedNames.get(name)!.add(id);
            found = true;
          }
        }
      }
      if (!found) break;
      results = check((name) => [...undefinedNames.get(name)!]);
    }
    const text = results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => diagnosticLine(file, d)));
    expect(text).toEqual([]);
  }, 180_000);
});
