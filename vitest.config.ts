import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need a process of their own: they change process-wide state that a library reads
 * once and keeps. `onnx/fp16-output` stands in a global Float16Array that onnxruntime-common looks
 * for at its first tensor only: in a process where another file already made a tensor, the test
 * would pass whatever the runtime does. `onnx/worker-first-run-deadline` mocks the worker pool's
 * module (vi.mock) to load a stand-in ORT in the workers: in a process that imported it already,
 * the runtime would keep the real one.
 */
export const OWN_PROCESS = ['test/onnx/fp16-output.test.ts', 'test/onnx/worker-first-run-deadline.test.ts'];

/** The settings of every run (test/undici8.vitest.config.ts takes them too). */
export const common = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks',
  // vitest's default, one worker per core but one, is a single worker on the 2-core CI machine,
  // where much of the suite waits on loopback servers and timers rather than on the CPU: there 2
  // workers took 123-151 s, 3 took 84-117 s, 4 took 79 s. VITEST_MAX_WORKERS=n overrides it
  // (`--maxWorkers` on the command line does not reach the projects below).
  maxWorkers: Math.max(3, availableParallelism() - 1),
} as const;

export default defineConfig({
  test: {
    ...common,
    projects: [
      // Every other file puts back what it changes (fake timers, stubbed globals, env, process
      // listeners), so one worker process runs file after file and imports the sources once,
      // instead of a new process and a fresh import of everything per file.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...OWN_PROCESS], isolate: false } },
      { extends: true, test: { name: 'own-process', include: OWN_PROCESS } },
    ],
  },
});
