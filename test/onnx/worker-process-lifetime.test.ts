/**
 * Worker mode in a fresh Node process (src/onnx/worker-pool.ts): the pool finds onnxruntime-node
 * from modelwire's own location even in a script run with `node -e` (where Node defines a global
 * `__filename` of "[eval]"), a pending run keeps the process alive until its result arrives, and
 * idle workers do not keep it alive afterwards (docs/onnx.md, Execution modes) — the script never
 * calls dispose() and must still exit on its own, also after a call that could not be posted to
 * the worker.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TAKES_NODE_FLAGS } from '../helpers/runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('worker mode in a fresh process', () => {
  it.skipIf(!TAKES_NODE_FLAGS)('runs from a `node -e` script, stays alive while a run is pending, and exits by itself when idle', () => {
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

  // sessionOptions that structuredClone refuses (a function) are shallow-copied by the runtime, so
  // posting the open message to the worker throws DataCloneError. The call fails, but the pool kept
  // the call in the worker's pending list and the worker ref()'d: the process never exited.
  it.skipIf(!TAKES_NODE_FLAGS)('a call that cannot be posted to the worker fails naming the model and does not hold the process open', () => {
    const script = `import('./src/onnx/index.ts').then(async (m) => {
      const rt = m.createOnnxRuntime({ modelRepository: 'models', execution: 'worker', warmup: false, sessionOptions: { onLog: () => {} } });
      const err = await rt.get('mlp').then(() => undefined, (e) => e);
      console.log(JSON.stringify({ name: err && err.name, model: err && err.model }));
      // no dispose()
    })`;
    // hang guard: with the pending call leaked, the process never exits
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ name: 'LocalModelError', model: 'mlp' });
  });
});
