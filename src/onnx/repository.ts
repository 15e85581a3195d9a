/**
 * Model repository path resolution. A repository is a directory of `<name>.onnx` files or
 * `<name>/<version>/model.onnx` trees. Nothing outside the directory is ever opened: names and
 * versions must be single path segments, and the real path (symlinks resolved) must stay inside.
 * @module
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { LocalModelError } from '../core/errors.js';
import type { RepositoryIndexEntry } from '../oip/types.js';

/** A model file found in the repository. */
export interface ResolvedModel {
  name: string;
  /** The version directory, or `undefined` for a flat `<name>.onnx`. */
  version: string | undefined;
  /** Real (symlink-free) absolute path of the model file. */
  path: string;
}

// Allowed: one path segment of visible characters; no separators, no NUL, not `.`/`..`.
const SEGMENT = /^[^/\\\0]+$/;

function checkSegment(model: string, what: 'name' | 'version', value: string): void {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..' || !SEGMENT.test(value) || isAbsolute(value)) {
    throw new LocalModelError(`model ${JSON.stringify(model)}: ${what} ${JSON.stringify(value)} is not a plain name inside the model repository`, { model });
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Numeric versions sort numerically, others lexically; the last one is the latest. */
export function compareVersions(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : NaN;
  const nb = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  if (!Number.isNaN(na)) return -1;
  if (!Number.isNaN(nb)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Versions of `<root>/<name>/` that hold a `model.onnx`, oldest first, wherever their real paths lead. */
async function versionDirs(root: string, name: string): Promise<string[]> {
  checkSegment(name, 'name', name);
  const dir = join(resolve(root), name);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const v of entries) if (SEGMENT.test(v) && (await isFile(join(dir, v, 'model.onnx')))) out.push(v);
  return out.sort(compareVersions);
}

/**
 * Versions of `<root>/<name>/` that hold a `model.onnx` inside the repository (real path), oldest
 * first: the versions `list()` shows. A version that is a symlink out is left out.
 */
export async function listVersions(root: string, name: string): Promise<string[]> {
  const versions = await versionDirs(root, name);
  if (versions.length === 0) return versions;
  let rootReal: string;
  try {
    rootReal = await realpath(resolve(root));
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const v of versions) {
    const real = await realpath(join(resolve(root), name, v, 'model.onnx')).catch(() => undefined);
    if (real !== undefined && within(rootReal, real)) out.push(v);
  }
  return out;
}

async function realRoot(root: string, model: string): Promise<string> {
  try {
    return await realpath(resolve(root));
  } catch (cause) {
    // a relative path is resolved against the process's working directory, not the module naming it: say where that led
    const where = isAbsolute(root) ? '' : `, resolved against the working directory: ${resolve(root)}`;
    throw new LocalModelError(`model repository ${JSON.stringify(root)} does not exist (looking up model ${JSON.stringify(model)}${where})`, { model, cause });
  }
}

/** Whether a real path is the repository's real path or lies under it. */
function within(rootReal: string, real: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

async function inside(rootReal: string, candidate: string, model: string): Promise<string> {
  const real = await realpath(candidate);
  if (!within(rootReal, real)) {
    throw new LocalModelError(`model ${JSON.stringify(model)} resolves outside the model repository; refusing to load it`, { model });
  }
  return real;
}

/**
 * Finds a model file: `<root>/<name>/<version>/model.onnx` when a version is given; otherwise
 * `<root>/<name>.onnx`, else the latest `<root>/<name>/<version>/model.onnx`.
 * Throws {@link LocalModelError} (naming the model) when the name or version is not a plain
 * segment, when the file is missing, or when its real path leaves the repository.
 *
 * @example
 * ```ts
 * const { path } = await resolveModel('./models', 'mlp');
 * ```
 */
export async function resolveModel(root: string, name: string, version?: string): Promise<ResolvedModel> {
  checkSegment(name, 'name', name);
  if (version !== undefined) checkSegment(name, 'version', version);
  const rootReal = await realRoot(root, name);
  const base = resolve(root);
  if (version !== undefined) {
    const p = join(base, name, version, 'model.onnx');
    if (await isFile(p)) return { name, version, path: await inside(rootReal, p, name) };
    throw new LocalModelError(`model ${JSON.stringify(name)} version ${JSON.stringify(version)} not found in the model repository ${base} (expected ${name}/${version}/model.onnx)`, { model: name });
  }
  const flat = join(base, `${name}.onnx`);
  if (await isFile(flat)) return { name, version: undefined, path: await inside(rootReal, flat, name) };
  if (await isDir(join(base, name))) {
    // The directory itself must not be a symlink out of the repository.
    await inside(rootReal, join(base, name), name);
    // the latest version inside the repository (list() leaves out one that is a symlink out)
    const versions = await versionDirs(root, name);
    let refused: unknown;
    for (let i = versions.length - 1; i >= 0; i--) {
      try {
        return { name, version: versions[i], path: await inside(rootReal, join(base, name, versions[i]!, 'model.onnx'), name) };
      } catch (e) {
        refused ??= e;
      }
    }
    if (refused !== undefined) throw refused;
  }
  throw new LocalModelError(`model ${JSON.stringify(name)} not found in the model repository ${base} (expected ${name}.onnx or ${name}/<version>/model.onnx)`, { model: name });
}

/**
 * Lists every model in the repository, one entry per flat file and per version directory, in
 * name order (each model's versions oldest first).
 * A model whose real path leaves the repository (a symlink out) is left out: loading it is refused.
 * `state` is filled in by the runtime.
 *
 * @example
 * ```ts
 * for (const e of await scanRepository('./models')) console.log(e.name, e.version);
 * ```
 */
export async function scanRepository(root: string): Promise<RepositoryIndexEntry[]> {
  const base = resolve(root);
  let names: string[];
  try {
    names = await readdir(base);
  } catch (cause) {
    throw new LocalModelError(`model repository ${JSON.stringify(root)} cannot be read`, { cause });
  }
  const rootReal = await realpath(base);
  // a file removed since it was listed is not loadable either
  const loadable = (path: string): Promise<boolean> => realpath(path).then((real) => within(rootReal, real), () => false);
  const out: RepositoryIndexEntry[] = [];
  for (const entry of names.sort()) {
    if (entry.endsWith('.onnx') && entry.length > 5) {
      const path = join(base, entry);
      if ((await isFile(path)) && (await loadable(path))) out.push({ name: entry.slice(0, -5) });
    } else if (SEGMENT.test(entry) && (await isDir(join(base, entry)))) {
      for (const version of await listVersions(root, entry)) out.push({ name: entry, version });
    }
  }
  // by model name, not file name (`a-b.onnx` sorts before `a.onnx`); stable, so each model's versions stay oldest first
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
