/**
 * `load()` warms a model up with one run on zeros and ignores a warm-up that fails (docs/onnx.md,
 * Options): that failure must not reach stderr either. Silero VAD's warm-up (a 1-sample input)
 * fails inside ORT, and ORT printed its error log line for it ('[E:onnxruntime:, sequential_executor
 * ... Pad reflect requires axis length >= 2'), at the session's log level (3, errors), in both
 * execution modes, on every load. ORT prints from native code, so the check runs in a child process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { TAKES_NODE_FLAGS } from '../helpers/runtime.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it.skipIf(!TAKES_NODE_FLAGS)('a failing warm-up prints nothing (inline and worker); a failing run of the caller still fails', () => {
  const script = `import('./src/onnx/index.ts').then(async (m) => {
    const { createRequire } = await import('node:module');
    const { dirname } = await import('node:path');
    const dir = dirname(createRequire(process.cwd() + '/').resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx'));
    const out = {};
    const rts = [];
    for (const execution of ['inline', 'worker']) {
      const rt = m.createOnnxRuntime({ modelRepository: dir, execution });
      await rt.load('silero_vad_v5');
      rts.push([execution, rt]);
    }
    console.error('-- loaded --');
    for (const [execution, rt] of rts) {
      // the same zeros sent by the caller fail as before, and ORT logs that (the session's level is errors)
      const zeros = [
        { name: 'input', datatype: 'FP32', shape: [1, 1], data: new Float32Array(1) },
        { name: 'state', datatype: 'FP32', shape: [2, 1, 128], data: new Float32Array(256) },
        { name: 'sr', datatype: 'INT64', shape: [], data: BigInt64Array.of(16000n) },
      ];
      out[execution] = await rt.infer('silero_vad_v5', { inputs: zeros }).then(() => 'ran', (e) => e.name);
      await rt.dispose();
    }
    console.log(JSON.stringify(out));
  })`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(JSON.parse(child.stdout.trim().split('\n').at(-1)!)).toEqual({ inline: 'LocalModelError', worker: 'LocalModelError' });
  const [loading, running] = child.stderr.split('-- loaded --');
  expect(running).toMatch(/\[E:onnxruntime/);
  expect(loading).not.toMatch(/onnxruntime/);
});
