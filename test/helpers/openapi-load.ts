/**
 * Loads OpenAPI documents from ../shared/specs (YAML or JSON), with a parsed-JSON disk cache so the 3 MB
 * OpenAI YAML is parsed once per machine, not once per test file.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** Absolute path of the repository root (the folder holding package.json). */
export const repoRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of the shared spec folder (`<repo>/../shared/specs`). */
export const specsDir: string = path.resolve(repoRoot, '../shared/specs');

/** A parsed OpenAPI document (only the parts the validator reads are typed). */
export interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Resolves a spec path: absolute paths are kept, others are relative to {@link specsDir}
 * (a leading `../shared/specs/` is accepted too).
 *
 * @example
 * ```ts
 * resolveSpecPath('replicate/openapi.json'); // '/work/shared/specs/replicate/openapi.json'
 * ```
 */
export function resolveSpecPath(specPath: string): string {
  if (path.isAbsolute(specPath)) return specPath;
  const trimmed = specPath.replace(/^(\.\.\/)+shared\/specs\//, '');
  return path.resolve(specsDir, trimmed);
}

const memory = new Map<string, OpenApiDocument>();

/**
 * Reads and parses an OpenAPI file (`.yaml`/`.yml` via `yaml`, else `JSON.parse`). Results are cached in memory
 * and, for YAML, as JSON under the OS temp dir keyed by path, size and mtime. The returned object is shared: do not mutate it.
 *
 * @example
 * ```ts
 * const doc = loadSpec('openai/openapi.yaml');
 * doc.openapi; // '3.1.0'
 * ```
 */
export function loadSpec(specPath: string): OpenApiDocument {
  const file = resolveSpecPath(specPath);
  const hit = memory.get(file);
  if (hit) return hit;
  const stat = statSync(file);
  let doc: OpenApiDocument;
  if (/\.ya?ml$/i.test(file)) {
    const key = createHash('sha1').update(`${file}|${stat.size}|${stat.mtimeMs}`).digest('hex');
    const cacheDir = path.join(tmpdir(), 'modelwire-spec-cache');
    const cacheFile = path.join(cacheDir, `${key}.json`);
    try {
      doc = JSON.parse(readFileSync(cacheFile, 'utf8')) as OpenApiDocument;
    } catch {
      doc = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(doc));
        renameSync(tmp, cacheFile);
      } catch {
        // cache is an optimisation only
      }
    }
  } else {
    doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  }
  if (!doc || typeof doc !== 'object' || typeof doc.openapi !== 'string' || typeof doc.paths !== 'object') {
    throw new Error(`${file} is not an OpenAPI 3.x document (missing "openapi" or "paths")`);
  }
  memory.set(file, doc);
  return doc;
}
