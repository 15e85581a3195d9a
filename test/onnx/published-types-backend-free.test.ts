/**
 * The published declarations of `modelwire/onnx` (dist/onnx.d.ts and the files it re-exports, and
 * dist/onnx.d.cts) take the ONNX Runtime types from `onnxruntime-common`, the backend-neutral package
 * both onnxruntime-node and onnxruntime-web depend on: a project with only onnxruntime-web installed
 * type-checks (docs/onnx.md, "onnxruntime-web alone"). The declarations are built here as the
 * package's build makes them (tsc with tsconfig.build.json for the ESM files, tsup for the .d.cts),
 * into a temporary directory: `npm test` runs before the build.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'modelwire-onnx-dts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Emitted ESM declarations, by path relative to dist/. */
const esm = new Map<string, string>();
let cts = '';

/** The modules a declaration file imports (import/export from, import() types), comments left out. */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** dist/onnx.d.ts and every declaration file it reaches through relative imports. */
function esmClosure(): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const text = esm.get(file);
    if (text === undefined) throw new Error(`${file} was not emitted`);
    seen.set(file, text);
    for (const s of specifiers(text)) {
      if (s.startsWith('.')) visit(posix.join(posix.dirname(file), s).replace(/\.js$/, '.d.ts'));
    }
  };
  visit('onnx.d.ts');
  return seen;
}

beforeAll(async () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.build.json could not be read');
  const dist = join(ROOT, 'dist');
  const program = ts.createProgram({ rootNames: [join(ROOT, 'src/onnx.ts')], options: config.options });
  const emitted = program.emit(undefined, (file, text) => {
    esm.set(posix.relative(dist.split('\\').join('/'), resolve(file).split('\\').join('/')), text);
  });
  expect(emitted.diagnostics).toEqual([]);
  await build({
    entry: { onnx: join(ROOT, 'src/onnx/index.ts') },
    format: ['cjs'],
    dts: { only: true },
    outDir: out,
    external: ['undici', 'onnxruntime-node', 'onnxruntime-web'],
    platform: 'neutral',
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.json'),
    config: false,
    silent: true,
  });
  cts = readFileSync(join(out, 'onnx.d.cts'), 'utf8');
}, 180_000); // a hang guard: under load (2 cores, load average ~20) this build outlasted 60 s in 2 full runs of 2

describe('published types of modelwire/onnx', () => {
  const artifacts = [
    ['dist/onnx.d.ts and the files it reaches', () => [...esmClosure().values()].join('\n')],
    ['dist/onnx.d.cts', () => cts],
  ] as const;
  for (const [name, text] of artifacts) {
    it(`${name}: import no backend package, only onnxruntime-common`, () => {
      const mods = specifiers(text()).filter((s) => !s.startsWith('.'));
      expect.soft(mods).not.toContain('onnxruntime-node');
      expect.soft(mods).not.toContain('onnxruntime-web');
      expect.soft(mods).toContain('onnxruntime-common');
    });

    it(`${name}: OnnxSessionOptions and OrtModule are ORT's own types, not any`, () => {
      const t = text();
      expect.soft(t).toMatch(/type OnnxSessionOptions = \w+\.InferenceSession\.SessionOptions;/);
      expect.soft(t).toMatch(/type OrtModule = Pick<typeof \w+, 'InferenceSession' \| 'Tensor' \| 'env'>;/);
    });
  }

  it('the ESM files reached from dist/onnx.d.ts include the runtime and the loader', () => {
    const files = [...esmClosure().keys()];
    expect(files).toContain('onnx/runtime.d.ts');
    expect(files).toContain('onnx/loader.d.ts');
  });

  it('onnxruntime-common is the version both backends in this repo depend on', () => {
    const deps = (pkg: string): Record<string, string> =>
      (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    const common = (JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-common/package.json'), 'utf8')) as { version: string }).version;
    expect(deps('onnxruntime-node')['onnxruntime-common']).toBe(common);
    expect(deps('onnxruntime-web')['onnxruntime-common']).toBe(common);
    // resolvable from the repo root (a direct devDependency); createRequire, as Deno's vitest has no import.meta.resolve
    expect(dirname(createRequire(join(ROOT, 'package.json')).resolve('onnxruntime-common'))).toContain(join('node_modules', 'onnxruntime-common'));
  });
});
