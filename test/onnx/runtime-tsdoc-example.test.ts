/**
 * The TSDoc example of `createOnnxRuntime` (src/onnx/runtime.ts) runs as written from a module whose
 * directory has a space in its name, with the models beside it and the process started elsewhere:
 * the model path it builds from `import.meta.url` must be a file path, not a URL's percent-encoded
 * pathname (which also is no path on Windows: `/C:/...`).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';
import { TAKES_NODE_FLAGS } from '../helpers/runtime.js';
import { MODELS_DIR } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const base = mkdtempSync(join(tmpdir(), 'mw-example-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The code of the first ```ts block in the `@example` of the function `name` in `file`. */
function exampleOf(file: string, name: string): string {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name);
  const tag = fn && ts.getJSDocTags(fn).find((t) => t.tagName.text === 'example');
  const text = typeof tag?.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag?.comment) ?? '');
  const code = /```ts\n([\s\S]*?)```/.exec(text)?.[1];
  if (!code) throw new Error(`no \`\`\`ts example on ${name} in ${file}`);
  return code;
}

// the example runs in a child Node with tsx (Deno's binary takes neither the flag nor .js → .ts)
it.skipIf(!TAKES_NODE_FLAGS)("createOnnxRuntime's example finds ./models beside its module in a directory whose name has a space", () => {
  const dir = join(base, 'my app');
  mkdirSync(join(dir, 'models'), { recursive: true });
  copyFileSync(join(MODELS_DIR, 'mlp.onnx'), join(dir, 'models', 'mlp.onnx'));
  const code = exampleOf(join(root, 'src/onnx/runtime.ts'), 'createOnnxRuntime').replace(
    /from 'modelwire\/onnx'/,
    `from ${JSON.stringify(pathToFileURL(join(root, 'src/onnx/index.ts')).href)}`,
  );
  writeFileSync(join(dir, 'example.mts'), code);
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'example.mts')], { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`the example failed: ${(e as { stderr?: string }).stderr ?? String(e)}`);
  }
  expect(out).toContain('Float32Array(3)');
});
