/**
 * Worker mode in a fresh Node process (src/onnx/worker-pool.ts): the pool finds onnxruntime-node
 * from modelwire's own location even in a script run with `node -e` (where Node defines a global
 * `__filename` of "[eval]"), a pending run keeps the process alive until its result arrives, and
 * idle workers do not keep it alive afterwards (docs/onnx.md, Execution modes) — the script never
 * calls dispose() and must still exit on its own.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('worker mode in a fresh process', () => {
  it('runs from a `node -e` script, stays alive while a run is pending, and exits by itself when idle', () => {
    const script = `import('./src/onnx/index.ts').then(async (m) => {
      const rt = m.createOnnxRuntime({ modelRepository: 'models', execution: 'worker', warmup: false });
      const res = await rt.infer('mlp', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
      console.log(JSON.stringify({ shape: res.outputs[0].shape }));
      // no dispose(): the idle worker must not hold the process open
    })`;
    // the timeout is only a hang guard: a worker that kept the process alive would never let it exit
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ shape: [1, 3] });
  });
});
