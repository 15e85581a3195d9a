/**
 * The README stays true: every TypeScript block in it type-checks against the sources, every
 * quick-start block runs as written against loopback platforms (OIP; Replicate and OpenAI for the
 * last, through the environment variables it reads; the package imports are pointed at src/), and its first set-up command's
 * `npm run demo` runs offline to its end, the same answer from the platform and from the local model.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOipServer, type OipServer } from './helpers/oip-server.js';
import { startOpenAIServer } from './helpers/openai-server.js';
import { startReplicateServer } from './helpers/replicate-server.js';
import { blockSource, diagnosticLine, root, tsBlocks, typeCheck } from './helpers/ts-blocks.js';
import { TAKES_NODE_FLAGS } from './helpers/runtime.js';

const work = path.join(root, '.tmp', 'readme-blocks');
const blocks = tsBlocks(path.join(root, 'README.md'));

let server: OipServer;
beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  blocks.forEach((code, i) => writeFileSync(path.join(work, `block${i}.ts`), blockSource(code)));
  server = await startOipServer({ loaded: ['mlp'] });
});
afterAll(async () => {
  await server?.close();
});

describe('README', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it('every TypeScript block type-checks', () => {
    const files = blocks.map((_, i) => path.join(work, `block${i}.ts`));
    const text = [...typeCheck(files)].flatMap(([file, diagnostics]) => diagnostics.map((d) => diagnosticLine(file, d)));
    expect(text).toEqual([]);
  }, 120_000);

  it.skipIf(!TAKES_NODE_FLAGS)('`npm run demo` runs offline: answered by the loopback platform, then locally once it stopped', async () => {
    const { MODELWIRE_OIP_URL: _url, MODELWIRE_MODEL: _model, ...env } = process.env; // the demo's own loopback server, not a real one
    const run = await promisify(execFile)('npm', ['run', '--silent', 'demo'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    expect(run.stdout).toMatch(/call 1 \(platform up\): answered by remote/);
    expect(run.stdout).toMatch(/call 2 \(platform gone\): answered by local/);
    expect(run.stdout).toMatch(/call 3 \(circuit open: no network I\/O\): answered by local/);
    expect(run.stdout).toMatch(/max \|remote - local\| over all outputs: 0\.00e\+0/);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/\] done$/);
  }, 150_000);

  for (const [index, marker] of [[0, 'modelwire-oip-test 2.0.0'], [1, 'probs Float32Array'], [2, 'remote triton']] as const) {
    it.skipIf(!TAKES_NODE_FLAGS)(`block ${index} runs as written against a loopback OIP server`, async () => {
      // asynchronous: the loopback server lives in this process and must keep answering
      const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(work, `block${index}.ts`)], {
        cwd: root,
        env: { ...process.env, OIP_URL: server.url },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.stdout).toContain(marker);
    }, 90_000);
  }

  it.skipIf(!TAKES_NODE_FLAGS)('block 3 (Replicate and OpenAI-compatible) runs as written against loopback platforms', async () => {
    const rs = await startReplicateServer({ model: (input) => ({ output: [`https://replicate.delivery/${String(input['prompt']).replaceAll(' ', '-')}.webp`] }) });
    const ai = await startOpenAIServer({ apiKey: 'sk-readme', reply: 'streamed-from-loopback', streamChunks: 1 });
    try {
      // the model the block runs, created on the loopback Replicate as an owner would (POST /v1/models)
      const created = await fetch(`${rs.baseURL}/models`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rs.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ owner: 'black-forest-labs', name: 'flux-schnell', visibility: 'public', hardware: 'cpu' }),
      });
      expect(created.status).toBe(201);
      const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(work, 'block3.ts')], {
        cwd: root,
        env: { ...process.env, REPLICATE_API_TOKEN: rs.token, REPLICATE_BASE_URL: rs.baseURL, OPENAI_API_KEY: 'sk-readme', OPENAI_BASE_URL: ai.baseURL },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.stdout).toContain('streamed-from-loopback');
      expect(run.stdout).toContain('https://replicate.delivery/a-fox-in-the-snow.webp');
      expect(rs.server.requests.filter((r) => r.path.endsWith('/predictions')).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/models/black-forest-labs/flux-schnell/predictions']);
    } finally {
      await Promise.all([rs.close(), ai.close()]);
    }
  }, 90_000);
});
