/**
 * After dispose(), ready() rejects with LocalModelError like every other call.
 */
import { describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import { MODELS_DIR } from '../onnx/helpers.js';

describe('onnx runtime after dispose', () => {
  it('ready() rejects with LocalModelError like the other calls', async () => {
    const rt = createOnnxRuntime({ modelRepository: MODELS_DIR });
    expect(await rt.ready('mlp')).toBe(true);
    await rt.dispose();
    await expect(rt.get('mlp')).rejects.toBeInstanceOf(LocalModelError);
    await expect(rt.ready('mlp')).rejects.toBeInstanceOf(LocalModelError);
  });
});
