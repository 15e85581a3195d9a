/**
 * Worker mode when the ONNX Runtime module cannot be loaded inside the worker (src/onnx/worker-pool.ts,
 * worker.ts): the call fails with the in-process wording (src/onnx/loader.ts), which names the package
 * to install, and the failure is not kept: the next call loads the module again.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LocalModelError } from '../../src/core/errors.js';
import { lazyOrt } from '../../src/onnx/loader.js';
import { createWorkerPool, type WorkerPool } from '../../src/onnx/worker-pool.js';
import { rejectionAs } from '../core/_support.js';

// A stand-in ORT module that throws while it loads (as onnxruntime-node does when its native
// library is missing) until the file `fixed` exists.
const dir = mkdtempSync(join(tmpdir(), 'modelwire-pool-load-'));
const fixed = join(dir, 'fixed');
const failing = join(dir, 'failing-ort.cjs');
const CAUSE = 'libonnxruntime.so.1: cannot open shared object file';
writeFileSync(
  failing,
  `'use strict';
if (!require('node:fs').existsSync(${JSON.stringify(fixed)})) throw new Error(${JSON.stringify(CAUSE)});
class Tensor { constructor(type, data, dims) { this.type = type; this.data = data; this.dims = dims; } }
exports.Tensor = Tensor;
exports.env = {};
exports.InferenceSession = { create: async () => ({
  inputNames: ['x'], outputNames: ['y'],
  inputMetadata: [{ name: 'x', isTensor: true, type: 'float32', shape: [1] }],
  outputMetadata: [{ name: 'y', isTensor: true, type: 'float32', shape: [1] }],
  run: async () => ({}), release: async () => {},
}) };
`,
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: WorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
  rmSync(fixed, { force: true });
});
const spec = { path: '/models/m.onnx', options: {} };

describe('worker pool: the ORT module fails to load in the worker', () => {
  for (const backend of ['node', 'web'] as const) {
    it(`names the package to install, in the words of the in-process loader (backend ${backend})`, async () => {
      const pool = createWorkerPool({ size: 1, backend, threads: 1, modulePath: failing });
      pools.push(pool);
      const err = await rejectionAs(pool.open('m', spec, 'm'), LocalModelError);
      const inProcess = await rejectionAs(lazyOrt(backend, () => Promise.reject(new Error(CAUSE)))(), LocalModelError);
      expect(err.message).toContain(`npm i onnxruntime-${backend}`);
      expect(err.message).toBe(inProcess.message);
      expect(err.message).toContain(CAUSE);
    });
  }

  it('fails every call waiting on that worker, keeps nothing of the failure, and the next call loads the module again', async () => {
    const pool = createWorkerPool({ size: 1, backend: 'node', threads: 1, modulePath: failing });
    pools.push(pool);
    const errs = await Promise.all([pool.open('a', spec, 'a'), pool.open('b', spec, 'b')].map((p) => rejectionAs(p, LocalModelError)));
    for (const e of errs) expect(e.message).toContain('npm i onnxruntime-node');
    writeFileSync(fixed, '');
    const meta = await pool.open('a', spec, 'a');
    expect(meta.inputNames).toEqual(['x']);
  });
});

describe('worker pool: the module loads but is no ONNX Runtime API', () => {
  const notOrt = join(dir, 'not-ort.cjs');
  const onDefault = join(dir, 'on-default.cjs');
  writeFileSync(notOrt, `'use strict';\nexports.version = '0.0.1';\n`);
  // every export on \`default\`, as a bundled or transpiled CJS build may have it
  writeFileSync(onDefault, readFileSync(failing, 'utf8').replace(/^if .*$/m, '').replaceAll('exports.', 'exports.default.').replace("'use strict';", "'use strict';\nexports.default = {};"));

  for (const backend of ['node', 'web'] as const) {
    it(`is refused in the words of the in-process loader, not with a TypeError (backend ${backend})`, async () => {
      const pool = createWorkerPool({ size: 1, backend, threads: 1, modulePath: notOrt });
      pools.push(pool);
      const err = await rejectionAs(pool.open('m', spec, 'm'), LocalModelError);
      const inProcess = await rejectionAs(lazyOrt(backend, () => Promise.resolve({ version: '0.0.1' }))(), LocalModelError);
      expect(err.message).toBe(inProcess.message);
      expect(err.message).toContain(`onnxruntime-${backend} did not export InferenceSession/Tensor`);
    });
  }

  it('a module with its API on default is used, as in process', async () => {
    const pool = createWorkerPool({ size: 1, backend: 'node', threads: 1, modulePath: onDefault });
    pools.push(pool);
    const meta = await pool.open('m', spec, 'm');
    expect(meta.inputNames).toEqual(['x']);
  });
});
