/**
 * Generates `src/<platform>/shapes.gen.ts` from the zod/mini schemas in `src/<platform>/schemas.ts`:
 * `npm run gen:shapes` (write) or `npm run gen:shapes -- --check` (fail when a file is stale).
 *
 * Each exported zod schema `XSchema` becomes `XShape`, a dependency-free Standard Schema built by
 * `shapeSchema()` from the same description (see src/core/shape.ts; `walkedShapeSchema()` for the
 * platforms in WALKED, src/core/shape-walk.ts). Sub-schemas used more than
 * once are emitted once as constants. A schema shapes cannot describe is an error: the platform
 * schemas must stay within what shapes cover.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shapeOfZod } from '../src/core/compiled.js';
import type { Shape } from '../src/core/shape.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PLATFORMS = ['oip', 'openai', 'replicate'] as const;
/**
 * Platforms whose shapes are walked (`walkedShapeSchema`) instead of compiled: their answers are
 * checked a few times per call (no stream of events), and a bundle then carries no shape compiler.
 */
const WALKED: ReadonlySet<string> = new Set(['replicate']);

const isZod = (v: unknown): v is object => typeof v === 'object' && v !== null && '_zod' in v;
const IDENT = /^[A-Za-z_$][\w$]*$/;
/** A value as source text, strings single-quoted like the rest of the code base. */
const js = (v: unknown): string =>
  typeof v === 'string' ? `'${JSON.stringify(v).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'` : JSON.stringify(v);

/** The source text of `src/<platform>/shapes.gen.ts`. */
export async function generate(platform: string): Promise<string> {
  const mod = (await import(pathToFileURL(path.join(root, 'src', platform, 'schemas.ts')).href)) as Record<string, unknown>;
  // sorted: an ES module namespace lists exports in that order, a CommonJS transform does not
  const entries = Object.entries(mod).sort(([a], [b]) => (a < b ? -1 : 1));
  const memo = new Map<object, Shape | null>();
  const exported = new Map<Shape, string>();
  for (const [name, value] of entries) {
    if (!isZod(value) || !name.endsWith('Schema')) continue;
    const shape = shapeOfZod(value, memo);
    if (!shape) throw new Error(`src/${platform}/schemas.ts: ${name} uses something shapes do not cover (see src/core/shape.ts)`);
    if (!exported.has(shape)) exported.set(shape, name);
  }

  // count references, to emit shared sub-shapes once
  const refs = new Map<Shape, number>();
  const children = (s: Shape): Shape[] => {
    if (typeof s === 'string' || 'literal' in s) return [];
    if ('object' in s) return Object.values(s.object);
    if ('union' in s) return [...s.union];
    return [('optional' in s ? s.optional : 'nullable' in s ? s.nullable : 'default' in s ? s.default : 'array' in s ? s.array : s.record)];
  };
  const count = (s: Shape): void => {
    const n = (refs.get(s) ?? 0) + 1;
    refs.set(s, n);
    if (n === 1) children(s).forEach(count);
  };
  for (const s of exported.keys()) count(s);

  const names = new Map<Shape, string>();
  for (const [s, name] of exported) names.set(s, name.slice(0, 1).toLowerCase() + name.slice(1, -'Schema'.length));
  let shared = 0;
  const isShared = (s: Shape): boolean => (refs.get(s) ?? 0) > 1 && typeof s === 'object' && JSON.stringify(s).length > 24;

  const consts: string[] = [];
  const emitted = new Set<Shape>();
  const lit = (s: Shape, top: Shape): string => {
    if (s !== top && (names.has(s) || isShared(s))) return declare(s);
    if (typeof s === 'string') return js(s);
    const parts = Object.entries(s).map(([k, v]) => {
      let text: string;
      if (k === 'object') text = Object.keys(v as object).length === 0 ? '{}' : `{ ${Object.entries(v as Record<string, Shape>).map(([f, fs]) => `${IDENT.test(f) ? f : js(f)}: ${lit(fs, top)}`).join(', ')} }`;
      else if (k === 'union') text = `[${(v as Shape[]).map((o) => lit(o, top)).join(', ')}]`;
      else if (k === 'literal') text = `[${(v as unknown[]).map(js).join(', ')}]`;
      else if (k === 'value' || k === 'loose') text = js(v);
      else text = lit(v as Shape, top);
      return `${k}: ${text}`;
    });
    return `{ ${parts.join(', ')} }`;
  };
  const declare = (s: Shape): string => {
    if (!names.has(s)) names.set(s, `shared${++shared}`);
    const name = names.get(s)!;
    if (emitted.has(s)) return name;
    emitted.add(s);
    const body = lit(s, s);
    consts.push(`const ${name}: Shape = ${body};`);
    return name;
  };
  for (const s of exported.keys()) declare(s);

  const builder = WALKED.has(platform) ? 'walkedShapeSchema' : 'shapeSchema';
  const exports = entries
    .filter(([name, value]) => isZod(value) && name.endsWith('Schema'))
    .map(([name, value]) => {
      const shapeName = `${name.slice(0, -'Schema'.length)}Shape`;
      return `/** Checks what {@link S.${name}} checks, without zod (generated). */\nexport const ${shapeName}: StandardSchemaV1<unknown, InferOutput<typeof S.${name}>> = /* @__PURE__ */ ${builder}(${names.get(memo.get(value as object)!)!});`;
    });

  return [
    `// Generated by scripts/gen-shapes.ts from src/${platform}/schemas.ts — do not edit; run \`npm run gen:shapes\`.`,
    '// The zod/mini schemas there are the source; these shapes check the same thing without zod',
    '// (test/core/shapes-gen.test.ts proves it on generated values).',
    "import type { InferOutput, StandardSchemaV1 } from '../core/schema.js';",
    ...(WALKED.has(platform)
      ? ["import { walkedShapeSchema } from '../core/shape-walk.js';", "import type { Shape } from '../core/shape.js';"]
      : ["import { shapeSchema, type Shape } from '../core/shape.js';"]),
    "import type * as S from './schemas.js';",
    '',
    ...consts,
    '',
    ...exports,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const platform of PLATFORMS) {
    const file = path.join(root, 'src', platform, 'shapes.gen.ts');
    const text = await generate(platform);
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current === text) continue;
    if (check) {
      console.error(`stale: src/${platform}/shapes.gen.ts (run npm run gen:shapes)`);
      stale++;
    } else {
      writeFileSync(file, text);
      console.log(`wrote src/${platform}/shapes.gen.ts`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
