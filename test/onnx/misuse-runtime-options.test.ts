/**
 * createOnnxRuntime's options as a JavaScript caller may get them wrong: a misspelt option (`thread`
 * left one thread, `executon` inline runs), `warmup: 'false'` (a string: the warm-up ran), a
 * `sessionOptions` string (spread into ORT options `0`, `1`…) and a `loader` that is no function
 * (a bare TypeError at the first call). Each is refused when the runtime is made, naming the option.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import { thrownAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';
import { MODELS_DIR, useRuntimes } from './helpers.js';

const runtime = useRuntimes();

describe('createOnnxRuntime refuses when it is made', () => {
  it.each([
    ['thread', { thread: 4 }],
    ['executon', { executon: 'worker' }],
    ['warmup', { warmup: 'false' }],
    ['transferInputs', { transferInputs: 0 }],
    ['sessionOptions', { sessionOptions: 'basic' }],
    ['loader', { loader: 'onnxruntime-node' }],
  ])('%s', (path, extra) => {
    const err = thrownAs(() => createOnnxRuntime(bad({ modelRepository: MODELS_DIR, ...extra })), InvalidRequestError);
    expect(err.path).toBe(path);
    expect(err.message).toContain(path);
  });

  it.each([0, -1, 1.5, Number.NaN, '2', null])('maxLoadedModels %s (a whole number from 1 is asked for)', (value) => {
    const err = thrownAs(() => createOnnxRuntime(bad({ modelRepository: MODELS_DIR, maxLoadedModels: value })), InvalidRequestError);
    expect(err.path).toBe('maxLoadedModels');
    expect(err.operation).toBe('createOnnxRuntime');
    expect(err.message).toMatch(/^createOnnxRuntime: maxLoadedModels must be a whole number from 1/);
  });

  it('its documented options are taken', () => {
    const rt = runtime({ modelRepository: MODELS_DIR, backend: 'node', threads: 1, execution: 'inline', warmup: false, transferInputs: true, sessionOptions: {}, maxConcurrentRuns: 2, maxLoadedModels: 3 });
    expect(rt.modelRepository).toBe(MODELS_DIR);
    expect(runtime({ maxLoadedModels: Infinity }).modelRepository).toBe(MODELS_DIR);
  });
});
