// `npm test`: the type-check (`npm run typecheck`) and the whole vitest suite, side by side. The suite
// waits on loopback servers and timers much of the time, which leaves room for tsc's ~25 s of CPU.
// Arguments go to vitest (`npm test -- --reporter=dot`). tsc's output is printed once both are done;
// the exit code is non-zero when either failed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));

/** Runs `node <script> ...args`; resolves with its exit code (1 when a signal ended it) and its output when piped. */
function run(script, args, piped) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: piped ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const [tsc, vitest] = await Promise.all([
  run(bin('typescript/bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], true),
  run(bin('vitest/vitest.mjs'), ['run', ...process.argv.slice(2)], false),
]);
process.stdout.write(tsc.out);
console.log(tsc.code === 0 ? 'typecheck: no errors' : `typecheck: FAILED (tsc exit ${tsc.code})`);
process.exitCode = tsc.code || vitest.code;
