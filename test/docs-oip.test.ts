/**
 * docs/oip.md runs as written: each of its TypeScript blocks is run (the package imports pointed at
 * src/) against a fresh loopback OIP platform of its own (a block may unload a model the next one
 * uses). The text around the blocks gives them what they use without defining: `client`, a core
 * client; `infer`; `x`, the `mlp` model's input; `request`, a request of it. The platform answers at the
 * blocks' own addresses (`http://127.0.0.1:8000`, `http://triton:8000`, put in place of them) and
 * to their own model names (`llm`: the toy generator; `stateful` and `vllm_model`: the echo model). A block that the
 * doc shows failing (`// InvalidRequestError: <message>   (err.path === '<path>')`) must fail so,
 * and the local fallback block runs a second time with no server, where it must answer locally.
 * docs.test.ts type-checks the same blocks.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isModelwireError } from '../src/index.js';
import { argsOf, blockDir, importBlock } from './helpers/block-run.js';
import { startOipServer, type OipServer } from './helpers/oip-server.js';
import { closedServerUrl } from './helpers/test-server.js';
import { blockSource, root, srcEntry, tsBlocks } from './helpers/ts-blocks.js';

const work = blockDir('docs-oip-run');
const blocks = tsBlocks(path.join(root, 'docs', 'oip.md'));

/** The definitions of the names a block uses without defining them (the doc's own `client`, `x`, `request`). */
function prelude(code: string, url: string): string {
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`).test(code);
  const lines = [`import { createClient as __createClient } from '${srcEntry()}';`];
  if (uses('infer') && !/import\s*{[^}]*\binfer\b/.test(code)) lines.push(`import { infer } from '${srcEntry('oip')}';`);
  if (uses('client')) lines.push(`const client = __createClient({ baseURL: ${JSON.stringify(url)} });`);
  if (uses('x') || uses('request')) lines.push(`const x = { name: 'x', datatype: 'FP32' as const, shape: [1, 4], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) };`);
  if (uses('request')) lines.push('const request = { inputs: [x] };');
  return lines.join('\n');
}

/** What a block shows failing: `// <Name>: <message>   (err.path === '<path>')`. */
function expectedFailure(code: string): { name: string; message: string; path: string } | undefined {
  const m = /^\/\/ (\w+Error): (.*?)\s+\(err\.path === '([^']+)'\)$/m.exec(code);
  return m ? { name: m[1]!, message: m[2]!, path: m[3]! } : undefined;
}

/** Runs `code` as a module `<name>.ts`, the doc's addresses replaced by `url`: what it threw, logged and wrote. */
async function runBlock(code: string, url: string, name: string): Promise<{ outcome: unknown; logged: unknown[][]; written: string }> {
  const placed = code.replaceAll("'http://127.0.0.1:8000'", JSON.stringify(url)).replaceAll("'http://triton:8000'", JSON.stringify(url));
  const file = path.join(work, `${name}.ts`);
  writeFileSync(file, `${prelude(code, url)}\n${blockSource(placed)}`);
  // the fallback block reads MODELWIRE_OIP_URL first: a real server's address set in the environment is not the one under test
  const { outcome, printed, written } = await importBlock(file, { MODELWIRE_OIP_URL: undefined });
  return { outcome, logged: argsOf(printed, 'log', 'error'), written };
}

let server: OipServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await server?.close();
});

describe('docs/oip.md', () => {
  it('has the TypeScript blocks this suite runs', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(12);
    expect(blocks.filter((b) => expectedFailure(b) !== undefined)).toHaveLength(1);
  });

  blocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => l.trim() !== '')!.slice(0, 60);
    it(`block ${i} runs as written against a loopback OIP server (${first})`, async () => {
      server = await startOipServer({ aliases: { llm: 'toy-llm', stateful: 'echo', vllm_model: 'echo' } });
      const { outcome, logged, written } = await runBlock(code, server.url, `block${i}`);
      const failure = expectedFailure(code);
      if (failure) {
        expect(isModelwireError(outcome), String(outcome)).toBe(true);
        expect(outcome).toMatchObject({ name: failure.name, message: failure.message, path: failure.path });
      } else {
        expect(outcome).toBeUndefined();
      }
      // a refused request sends nothing; every other block reached the platform (the addresses it names were replaced)
      if (failure) expect(server.http.requests).toHaveLength(0);
      else expect(server.http.requests.length).toBeGreaterThan(0);
      // what the blocks say they print
      if (code.includes('console.log(res.source, res.sourceName)')) expect(logged).toContainEqual(['remote', 'triton']);
      if (code.includes('process.stdout.write(ev.text_output)')) expect(written).toMatch(/^TIME A UPON ONCE /);
      if (code.includes("extensions.includes('binary_tensor_data')")) expect(logged).toEqual([['modelwire-oip-test', '2.0.0', true]]);
    }, 60_000);
  });

  it("the fallback block answers locally when the server is down ('local' 'onnx', as its comment says)", async () => {
    const code = blocks.find((b) => b.includes('console.log(res.source, res.sourceName)'))!;
    const { outcome, logged } = await runBlock(code, await closedServerUrl(), 'fallback-server-down');
    expect(outcome).toBeUndefined();
    expect(logged).toContainEqual(['local', 'onnx']);
  }, 60_000);
});
