/**
 * Lazy loading of the ONNX Runtime module. `onnxruntime-node` (or `onnxruntime-web`) is an optional
 * peer dependency: it is imported with a dynamic `import()` on first use, never at module load, so
 * importing `modelwire/onnx` does not dlopen the native library.
 * @module
 */
import type * as Ort from 'onnxruntime-common';
import { LocalModelError } from '../core/errors.js';

/** The ONNX Runtime module surface modelwire uses (`onnxruntime-node` and `onnxruntime-web` both satisfy it). @example `const ort: OrtModule = await import('onnxruntime-node');` */
export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor' | 'env'>;

/** Which ONNX Runtime package runs the models. @example `const b: OnnxBackend = 'web';` */
export type OnnxBackend = 'node' | 'web';

/**
 * A function that imports the ONNX Runtime module; inject one to use a specific copy or version.
 *
 * @example
 * ```ts
 * const loader: OrtLoader = () => import('onnxruntime-node');
 * ```
 */
export type OrtLoader = () => Promise<unknown>;

/** The npm package name of a backend. */
export function backendPackage(backend: OnnxBackend): 'onnxruntime-node' | 'onnxruntime-web' {
  return backend === 'web' ? 'onnxruntime-web' : 'onnxruntime-node';
}

/** Default loaders: the specifier is a variable-free literal so bundlers can mark it external. */
export function defaultLoader(backend: OnnxBackend): OrtLoader {
  return backend === 'web' ? () => import('onnxruntime-web') : () => import('onnxruntime-node');
}

/** Whether `m` has the API modelwire uses: `InferenceSession.create` and `Tensor`. */
function isOrt(m: Partial<OrtModule> | undefined): m is OrtModule {
  return !!m && typeof m.InferenceSession?.create === 'function' && typeof m.Tensor === 'function';
}

function unwrap(mod: unknown): OrtModule | undefined {
  const m = mod as (Partial<OrtModule> & { default?: Partial<OrtModule> }) | undefined;
  if (isOrt(m)) return m;
  // CJS interop: everything may sit on `default` (both of them, as the worker thread requires)
  return isOrt(m?.default) ? m.default : undefined;
}

/**
 * The error of a backend module that could not be imported (in process) or required (in a worker
 * thread): it names the package to install and the cause, in the same words on both paths.
 *
 * @example
 * ```ts
 * throw loadFailure('node', new Error("Cannot find module 'onnxruntime-node'"));
 * ```
 */
export function loadFailure(backend: OnnxBackend, cause: unknown): LocalModelError {
  const pkg = backendPackage(backend);
  return new LocalModelError(
    `${pkg} is not installed or failed to load; install it with \`npm i ${pkg}\` (offline installs: see docs/onnx.md). Cause: ${
      (cause as Error)?.message ?? String(cause)
    }`,
    { cause },
  );
}

/**
 * The error of a backend module that loaded but is no ONNX Runtime API (no `InferenceSession` /
 * `Tensor`, on the module or its `default`): in the same words in process and in a worker thread.
 *
 * @example
 * ```ts
 * throw notOrtModule('web');
 * ```
 */
export function notOrtModule(backend: OnnxBackend): LocalModelError {
  return new LocalModelError(`${backendPackage(backend)} did not export InferenceSession/Tensor; is it a supported version (>=1.22)?`);
}

/**
 * Calls the loader once and memoises the module; a failed import is not cached (a later call retries).
 * A missing package becomes a {@link LocalModelError} that says which package to install.
 *
 * @example
 * ```ts
 * const getOrt = lazyOrt('node');
 * const ort = await getOrt();
 * ```
 */
export function lazyOrt(backend: OnnxBackend, loader: OrtLoader = defaultLoader(backend)): () => Promise<OrtModule> {
  let pending: Promise<OrtModule> | undefined;
  const pkg = backendPackage(backend);
  return () =>
    (pending ??= loader().then(
      (mod) => {
        const ort = unwrap(mod);
        if (!ort) throw notOrtModule(backend);
        return ort;
      },
      (cause: unknown) => {
        pending = undefined;
        throw loadFailure(backend, cause);
      },
    ));
}
