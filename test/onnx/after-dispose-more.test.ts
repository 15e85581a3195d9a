/**
 * OnnxRuntime.dispose() TSDoc: "Releases every session and terminates the workers. Calls after it
 * reject." docs/onnx.md (Errors): LocalModelError when "the runtime was disposed". infer, get, ready
 * and load reject, but list() (models.list / deployments.list) still scans the repository and answers,
 * and unload() resolves, as if the runtime were alive.
 */
import { describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import { MODELS_DIR } from './helpers.js';

describe('onnx runtime: every call after dispose() rejects', () => {
  it('list() rejects with LocalModelError (flat, models. and deployments. views)', async () => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR });
    await rt.get('mlp');
    await rt.dispose();
    await expect(rt.list()).rejects.toBeInstanceOf(LocalModelError);
    await expect(rt.models.list()).rejects.toBeInstanceOf(LocalModelError);
    await expect(rt.deployments.list()).rejects.toBeInstanceOf(LocalModelError);
  });

  it('unload() rejects with LocalModelError', async () => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR });
    await rt.get('mlp');
    await rt.dispose();
    await expect(rt.unload('mlp')).rejects.toBeInstanceOf(LocalModelError);
  });
});
