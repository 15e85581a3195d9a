/**
 * docs/core.md runs as written: each of its TypeScript blocks is run (the package imports pointed at
 * src/) against a loopback server that answers the paths the blocks ask for, at the blocks' own
 * address (`http://127.0.0.1:8000`, put in place of it). The text around the blocks gives them what
 * they use without defining: `client`, a core client of that server; `request`; `spec`, a request
 * the block's comment makes fail as it shows; `stream`, the stream of the block before. Each block
 * must end without an error and print / return what its comments say. docs.test.ts type-checks the
 * same blocks.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argsOf, blockDir, importBlock } from './helpers/block-run.js';
import { json, sse, startTestServer, type TestServer } from './helpers/test-server.js';
import { blockSource, root, srcEntry, tsBlocks } from './helpers/ts-blocks.js';

const work = blockDir('docs-core-run');
const blocks = tsBlocks(path.join(root, 'docs', 'core.md'));

/** Blocks that are fragments, not programs: why each is not run. */
const SKIPPED: Record<number, string> = {
  1: 'a list of transport choices: `myInstrumentedFetch`, `cert`, `key`, `ca` and a reachable proxy are the reader’s own',
};

/** Where the block's `spec` goes: the failure its comment shows. */
const SPEC_PATH: Record<number, string> = { 5: '/slow', 6: '/missing' };

let server: TestServer;
let nextStyle: 'cursor' | 'url' = 'cursor';
beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    switch (url.pathname) {
      case '/v2/models/mlp':
        return json(res, 200, { name: 'mlp', platform: 'onnxruntime_onnx', versions: ['1'] });
      case '/v2/health/ready':
        res.writeHead(200).end();
        return;
      case '/tokens':
        return sse(res, [{ i: 0, text: 'a' }, { i: 1, text: 'b' }]);
      case '/v2/models/gpt/generate_stream':
        return sse(res, [{ text_output: 'Hello' }, { text_output: ' world\n' }, { text_output: 'never read' }]);
      case '/models': {
        // block 11 pages by cursor ('2'), block 12 by absolute URL
        if (url.searchParams.get('cursor') === '2' || url.searchParams.get('page') === '2') return json(res, 200, { results: ['c'], next: null });
        return json(res, 200, { results: ['a', 'b'], next: nextStyle === 'cursor' ? '2' : `${server.url}/models?page=2` });
      }
      case '/jobs/1':
        return json(res, 200, { status: 'succeeded' });
      case '/slow':
        return; // never answers: the caller's signal ends the request
      default:
        return json(res, 404, { error: 'not found' });
    }
  });
});
afterAll(async () => {
  await server?.close();
});

/** The definitions of the names a block uses without defining them. */
function prelude(code: string, i: number): string {
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`).test(code);
  const imports = (name: string): boolean => new RegExp(`import\\s*{[^}]*\\b${name}\\b`).test(code);
  const lines = [`import { createClient as __createClient, request as __request, requestStream as __requestStream } from '${srcEntry()}';`];
  if (uses('request') && !imports('request')) lines.push('const request = __request;');
  if (uses('client') || uses('stream')) lines.push(`const client = __createClient({ baseURL: ${JSON.stringify(server.url)}, retry: { maxRetries: 0 } });`);
  if (uses('spec')) lines.push(`const spec = { method: 'GET' as const, path: ${JSON.stringify(SPEC_PATH[i])}, operation: 'doc.spec' };`);
  if (uses('stream')) lines.push(`const stream = await __requestStream<{ text_output: string }>(client, { method: 'POST', path: '/v2/models/gpt/generate_stream', body: { text_input: 'hi' }, operation: 'generate' });`);
  return lines.join('\n');
}

/** The names a block defines at its top level, exported so the test can read what it returned. */
const topNames = (code: string): string[] => [...code.matchAll(/^(?:const|let) (\w+)/gm)].map((m) => m[1]!);

async function runBlock(code: string, i: number): Promise<{ outcome: unknown; values: Record<string, unknown>; logged: unknown[][]; written: string }> {
  const placed = code.replaceAll("'http://127.0.0.1:8000'", JSON.stringify(server.url));
  const file = path.join(work, `block${i}.ts`);
  const names = topNames(code);
  writeFileSync(file, `${prelude(code, i)}\n${blockSource(placed, names.length ? `export const __values = { ${names.join(', ')} };` : 'export const __values = {};')}`);
  const { outcome, values, printed, written } = await importBlock(file);
  return { outcome, values, logged: argsOf(printed, 'log', 'warn'), written };
}

/** Every item of an async iterable (Array.fromAsync is not in every Node this runs on). */
async function collect(items: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('docs/core.md blocks run as written', () => {
  it('has the blocks this suite knows', () => {
    expect(blocks).toHaveLength(13);
  });

  blocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => l.trim() !== '')!.slice(0, 60);
    it.skipIf(i in SKIPPED)(`block ${i} (${first})`, async () => {
      server.reset();
      nextStyle = i === 12 ? 'url' : 'cursor';
      const { outcome, values, logged, written } = await runBlock(code, i);
      switch (i) {
        case 0:
          expect(outcome).toBeUndefined();
          expect(values.model).toEqual({ name: 'mlp', platform: 'onnxruntime_onnx' }); // { name, platform }
          expect(server.count('/v2/health/ready')).toBe(1);
          break;
        case 5:
          expect(outcome).toMatchObject({ name: 'AbortError' }); // AbortError after 1 s
          break;
        case 6:
          expect(outcome).toBeUndefined();
          expect(logged).toHaveLength(1);
          expect(logged[0]![0]).toBe(404); // APIError: status, requestId, body
          expect(logged[0]![2]).toEqual({ error: 'not found' });
          break;
        case 7:
          expect(outcome).toBeUndefined();
          expect(await collect(values.tokens as AsyncIterable<unknown>)).toEqual([{ i: 0, text: 'a' }, { i: 1, text: 'b' }]);
          break;
        case 8:
          expect(outcome).toBeUndefined();
          expect(values.model).toEqual({ name: 'mlp', platform: 'onnxruntime_onnx', versions: ['1'] }); // passthrough keeps unknown keys
          break;
        case 9:
          expect(outcome).toBeUndefined();
          expect(written).toBe('Hello world\n'); // stops at the first newline
          break;
        case 10:
          expect(outcome).toBeUndefined();
          expect(values.text).toBe('Hello world\nnever read');
          break;
        case 11:
          expect(outcome).toBeUndefined();
          expect(logged.map((l) => l[0])).toEqual(['a', 'b', 'c']);
          expect(values.first20).toEqual(['a', 'b', 'c']);
          expect(values.done).toEqual({ status: 'succeeded' });
          break;
        case 12:
          expect(outcome).toBeUndefined();
          expect(await (values.byUrl as { toArray(): Promise<unknown[]> }).toArray()).toEqual(['a', 'b', 'c']);
          break;
        default:
          expect(outcome).toBeUndefined();
      }
    }, 30_000);
  });
});
