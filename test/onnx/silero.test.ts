import { afterAll, describe, expect, it } from 'vitest';
import { createOnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest } from '../../src/oip/types.js';
import { SILERO, SILERO_DIR } from './helpers.js';

// The real model, used in place from node_modules (the package's dist/ is the repository).
const local = createOnnxRuntime({ modelRepository: SILERO_DIR });
afterAll(() => local.dispose());

const SR = 16_000;
const FRAME = 512;

function frameRequest(samples: Float32Array, state: Float32Array): InferenceRequest {
  return {
    inputs: [
      { name: 'input', datatype: 'FP32', shape: [1, FRAME], data: samples },
      { name: 'state', datatype: 'FP32', shape: [2, 1, 128], data: state },
      { name: 'sr', datatype: 'INT64', shape: [], data: BigInt64Array.of(BigInt(SR)) },
    ],
  };
}

/** Synthetic signal: silence, then a voiced-like tone (150 Hz fundamental + harmonics, syllable envelope), then silence. */
function synth(seconds: number): Float32Array {
  const n = Math.floor(seconds * SR);
  const out = new Float32Array(n);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    seed = (seed * 1103515245 + 12345) >>> 0;
    const noise = ((seed / 2 ** 32) * 2 - 1) * 0.001;
    const voiced = t > 0.5 && t < 1.5;
    const env = voiced ? Math.abs(Math.sin(Math.PI * 4 * (t - 0.5))) : 0;
    let s = 0;
    for (let h = 1; h <= 8; h++) s += Math.sin(2 * Math.PI * 150 * h * t) / h;
    out[i] = noise + (voiced ? 0.3 * env * s : 0);
  }
  return out;
}

describe('Silero VAD v5 (real npm-shipped model)', () => {
  it('metadata comes from the session: input/state FP32 with dynamic dims, sr INT64 scalar', async () => {
    const meta = await local.get(SILERO);
    expect(meta.platform).toBe('onnxruntime_onnx');
    expect(meta.inputs).toEqual([
      { name: 'input', datatype: 'FP32', shape: [-1, -1] },
      { name: 'state', datatype: 'FP32', shape: [2, -1, 128] },
      { name: 'sr', datatype: 'INT64', shape: [] },
    ]);
    expect(meta.outputs.map((o) => [o.name, o.datatype])).toEqual([
      ['output', 'FP32'],
      ['stateN', 'FP32'],
    ]);
  });

  it('runs frame by frame with carried state: probabilities in [0,1], stateN [2,1,128], silence low', async () => {
    const audio = synth(2);
    let state: Float32Array = new Float32Array(2 * 128);
    const probs: number[] = [];
    for (let off = 0; off + FRAME <= audio.length; off += FRAME) {
      const res = await local.infer(SILERO, frameRequest(audio.slice(off, off + FRAME), state));
      const [p, s] = res.outputs;
      expect(p).toMatchObject({ name: 'output', datatype: 'FP32', shape: [1, 1] });
      expect(s).toMatchObject({ name: 'stateN', datatype: 'FP32', shape: [2, 1, 128] });
      const v = (p!.data as Float32Array)[0]!;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      probs.push(v);
      state = s!.data as Float32Array;
    }
    expect(probs.length).toBe(Math.floor((2 * SR) / FRAME));
    expect(state.some((v) => v !== 0)).toBe(true); // the recurrent state moved
    const leadSilence = probs.slice(0, 10); // first 0.32 s
    expect(Math.max(...leadSilence)).toBeLessThan(0.2);
    // the model's view of the tone region differs from silence (state carried frame to frame)
    const toneFrames = probs.slice(Math.ceil((0.6 * SR) / FRAME), Math.floor((1.4 * SR) / FRAME));
    expect(Math.max(...toneFrames)).not.toBe(Math.max(...leadSilence));
  });

  it('is deterministic: the same frame and state give the same output', async () => {
    const frame = synth(1).slice(SR / 2, SR / 2 + FRAME);
    const a = await local.infer(SILERO, frameRequest(frame, new Float32Array(256)));
    const b = await local.infer(SILERO, frameRequest(frame, new Float32Array(256)));
    expect(Array.from(a.outputs[0]!.data as Float32Array)).toEqual(Array.from(b.outputs[0]!.data as Float32Array));
    expect(Array.from(a.outputs[1]!.data as Float32Array)).toEqual(Array.from(b.outputs[1]!.data as Float32Array));
  });

  it('rejects a wrong state shape before ORT runs, naming the tensor', async () => {
    const req = frameRequest(new Float32Array(FRAME), new Float32Array(128));
    req.inputs[1] = { name: 'state', datatype: 'FP32', shape: [1, 1, 128], data: new Float32Array(128) };
    await expect(local.infer(SILERO, req)).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'inputs[1].shape[0]', message: expect.stringContaining('state') });
  });
});
