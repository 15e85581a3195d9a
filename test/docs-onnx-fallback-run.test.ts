/**
 * docs/onnx.md and docs/fallback.md stay true when run: every TypeScript block in them runs as
 * written (the package imports pointed at src/), from the repository root so `./models` is the
 * committed model repository, and with `OIP_URL` / `OIP_REPLICA_URL` set to a loopback OIP
 * platform. test/docs.test.ts only type-checks them; a block can type-check and still fail (a
 * model name the repository does not have, a refusal where the text promises an answer) or print
 * something else than its comments say. Each block's run must end without an error on stderr and
 * print what its comments show.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOipServer, type OipServer } from './helpers/oip-server.js';
import { ON_BUN, TAKES_NODE_FLAGS } from './helpers/runtime.js';
import { blockSource, root, tsBlocks } from './helpers/ts-blocks.js';

const work = path.join(root, '.tmp', 'docs-run-blocks');

/** What each block prints, in the words of its comments (`''`: nothing to show; it must run). */
const EXPECTED: Record<string, string[][]> = {
  onnx: [
    [`[ { name: 'x', datatype: 'FP32', shape: [ -1, 4 ] } ]`, '[ 2, 3 ] Float32Array(6)'],
    [`{ name: 'mlp', state: 'READY' }`, `{ name: 'two_io', state: 'UNAVAILABLE', reason: 'unloaded' }`, '\ntrue\n'],
    [`[ 'int64', 'strings' ]`],
    [],
    ['inputs[0].data onnx.infer: inputs[0] (x): shape [2,4] needs 8 elements but data has 4'],
    [`[ { name: 'x', datatype: 'FP32', shape: [ -1, 4 ] } ]`],
    ['[ 64, 64 ] 0'],
  ],
  fallback: [['remote triton Float32Array(3)'], [], ['remote primary'], [], ['42 closed'], ['open false\ntrue half-open\nclosed\n']],
};

/**
 * The comments show values as Node's `console.log` prints them. Bun's `console.log` prints objects
 * its own way (one property per line, double quotes), so under Bun each block first imports this
 * module, which makes `console.log` print through `node:util`'s `format`, as Node's does.
 */
const NODE_CONSOLE = `import { format } from 'node:util';
console.log = (...args: unknown[]) => void process.stdout.write(format(...args) + '\\n');
`;

let server: OipServer;
beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'node-console.ts'), NODE_CONSOLE);
  server = await startOipServer({ loaded: ['mlp'] });
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(!TAKES_NODE_FLAGS)('docs/onnx.md and docs/fallback.md blocks run as written', () => {
  for (const [doc, expected] of Object.entries(EXPECTED)) {
    const blocks = tsBlocks(path.join(root, 'docs', `${doc}.md`));

    it(`${doc}: every block has its expected output listed here`, () => {
      expect(blocks.length).toBe(expected.length);
    });

    blocks.forEach((code, i) => {
      it(`${doc} block ${i}`, async () => {
        const file = path.join(work, `${doc}-${i}.ts`);
        writeFileSync(file, (ON_BUN ? `import './node-console.ts';\n` : '') + blockSource(code));
        // asynchronous: the loopback server lives in this process and must keep answering
        const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
          cwd: root,
          env: { ...process.env, OIP_URL: server.url, OIP_REPLICA_URL: server.url },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(run.stderr).not.toMatch(/Error/);
        for (const marker of expected[i] ?? ['(no expected output listed)']) expect(run.stdout).toContain(marker);
      }, 90_000);
    });
  }
});
