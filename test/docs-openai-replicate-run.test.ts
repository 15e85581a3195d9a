/**
 * docs/openai.md and docs/replicate.md run as written: each TypeScript block runs (package imports
 * pointed at src/) in this process against a loopback platform, and must end without an error and
 * print / return what its comments say. docs.test.ts only type-checks them.
 *
 * docs/openai.md: against a loopback OpenAI-compatible server, its addresses replaced by the
 * server's. The text around the blocks gives them `openai` (an OpenAI client), `client` (a core
 * client), `model`, `messages`, `tgi`.
 *
 * docs/replicate.md: against a loopback Replicate (test/helpers/replicate-server.ts) seeded with
 * what the blocks name (the reader's account `alice`, the models and versions they run, the
 * deployment, a prediction and a training made earlier). The quick start reads the platform's
 * address from `REPLICATE_BASE_URL` (as the README's does) and the token from
 * `REPLICATE_API_TOKEN`, both set while a block runs; the "Clients" block's
 * `'https://api.replicate.com/v1'` is replaced by the server's. The text around the blocks gives
 * them `client` (the core client of "Clients"), `p2` (the Predictions block's prediction of
 * `black-forest-labs/flux-schnell`), `createPrediction`, and the reader's own `controller`,
 * `longText`, `request` (a fetch `Request`) and `bytes` (a PNG's bytes).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { argsOf, blockDir, importBlock } from './helpers/block-run.js';
import { startOpenAIServer, TOOL_CALLS, type OpenAIServer } from './helpers/openai-server.js';
import { startReplicateServer, type FakeModel, type ReplicateSeed, type ReplicateServer } from './helpers/replicate-server.js';
import { blockSource, root, srcEntry, tsBlocks } from './helpers/ts-blocks.js';

const work = blockDir('docs-openai-replicate-run');
const openaiBlocks = tsBlocks(path.join(root, 'docs', 'openai.md'));
const replicateBlocks = tsBlocks(path.join(root, 'docs', 'replicate.md'));

/** Blocks that cannot run standalone, and why. */
const SKIP: Record<number, string> = {
  8: 'a Worker module: exports a fetch handler, runs nothing itself',
  10: 'needs valibot and @valibot/to-json-schema, not installed here',
};

/** Per block: the server it needs, and checks (appended code that throws) of what its comments claim. */
const person = { name: 'Alice', age: 31, hobbies: ['chess'] };
const SETUP: Record<number, { server?: Parameters<typeof startOpenAIServer>[0]; check?: string }> = {
  3: { check: "if (!Array.isArray(data) || model.id !== 'gpt-4o-mini' || gone.deleted !== true) throw new Error('models: ' + JSON.stringify({ data, model, gone }));\nawait openai.models.retrieve('no-such-model').then(() => { throw new Error('no NotFoundError'); }, (e: Error) => { if (e.name !== 'NotFoundError') throw e; });" },
  6: { check: "if (final.choices[0]?.finish_reason !== 'tool_calls' || final.choices[0]?.message.tool_calls?.length !== 2 || typeof final.usage?.total_tokens !== 'number') throw new Error('accumulated: ' + JSON.stringify(final));" },
  7: { check: "if (typeof final.choices[0]?.message.content !== 'string') throw new Error('no text');" },
  9: { server: { structured: JSON.stringify(person) }, check: `if (JSON.stringify(person) !== ${JSON.stringify(JSON.stringify(person))}) throw new Error('parsed: ' + JSON.stringify(person));` },
  11: { server: { flavor: 'tgi', structured: '{"city":"Paris","country":"France"}' }, check: "if (res.choices[0]!.message.parsed?.city !== 'Paris') throw new Error('parsed: ' + JSON.stringify(res.choices[0]!.message));" },
  12: { server: { flavor: 'tgi' } },
  13: { check: "if (typeof final.choices[0]?.text !== 'string' || final.choices[0].text === '') throw new Error('completion: ' + JSON.stringify(final));" },
  14: { check: "if (!Array.isArray(floats.data[0]!.embedding) || !(packed.data[0]!.embedding instanceof Float32Array)) throw new Error('embedding types');" },
};

function prelude(code: string, url: string): string {
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(?:const|let|var)\\s+(?:{[^}]*)?\\b${name}\\b`).test(code);
  const lines = [`import { createClient as __cc } from '${srcEntry()}';`, `import { createOpenAIClient as __co, openAIClientOptions as __oo } from '${srcEntry('openai')}';`];
  if (uses('openai')) lines.push(`const openai = __co({ baseURL: ${JSON.stringify(url)} });`);
  if (uses('tgi')) lines.push(`const tgi = __co({ baseURL: ${JSON.stringify(url)} });`);
  if (uses('client')) lines.push(`const client = __cc(__oo({ baseURL: ${JSON.stringify(url)} }));`);
  if (uses('model')) lines.push(`const model = 'gpt-4o-mini';`);
  if (uses('messages')) lines.push(`const messages = [{ role: 'user' as const, content: 'Hi' }];`);
  return lines.join('\n');
}

async function runBlock(code: string, url: string, name: string, extra = ''): Promise<{ outcome: unknown; logged: unknown[][] }> {
  const placed = code.replace(/'https?:\/\/(?:127\.0\.0\.1|api\.openai\.com)[^']*\/v1'/g, JSON.stringify(url));
  const file = path.join(work, `${name}.ts`);
  writeFileSync(file, `${prelude(code, url)}\n${blockSource(placed, extra)}`);
  const { outcome, printed } = await importBlock(file);
  return { outcome, logged: argsOf(printed, 'log') };
}

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('docs/openai.md', () => {
  openaiBlocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => l.trim() !== '')!.trim().slice(0, 60);
    if (SKIP[i]) return it.skip(`block ${i}: ${SKIP[i]}`, () => {});
    it(`block ${i} runs as written against a loopback OpenAI server (${first})`, async () => {
      server = await startOpenAIServer({ ...SETUP[i]?.server, models: ['gpt-4o-mini', 'text-embedding-3-small', 'ft:gpt-4o-mini:acme::abc', 'llama3.2', 'tgi', 'Qwen/Qwen3-8B', 'gpt-3.5-turbo-instruct'] });
      const { outcome, logged } = await runBlock(code, server.baseURL, `openai${i}`, SETUP[i]?.check);
      expect(outcome, String(outcome)).toBeUndefined();
      if (/^import|await|\.create|createClient/m.test(code) && /await/.test(code)) expect(server.server.requests.length).toBeGreaterThan(0);
      // what the blocks say they print
      if (i === 4) expect(logged).toEqual([[expect.any(String), expect.any(Number)]]);
      if (i === 5) expect(logged).toEqual(TOOL_CALLS.map((c) => [c.name, JSON.parse(c.arguments)])); // each call: its name and its parsed arguments
      if (i === 13) expect(logged).toEqual([[expect.any(String)]]);
    }, 60_000);
  });
});


/** docs/replicate.md's blocks that cannot run standalone, and why. */
const REPLICATE_SKIP: Record<number, string> = {
  11: 'a Worker module: exports a fetch handler, runs nothing itself (verifyWebhook is run by test/replicate/)',
};

const HELLO_WORLD = '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa'; // replicate/hello-world's, as in the spec
const FLUX_URL = 'https://replicate.delivery/xezq/fox-in-the-snow.webp';
const JOKE = ['Why ', 'did ', 'the ', 'GPU ', 'cross ', 'the ', 'road?'];
const SUMMARY = 'Alice meets a white rabbit.';
const SUMMARIZE = '1f2e9dd48d56f7a42e141d6a44a59de67fe1c4b6a7ee046d1c073bc4ddaa28c5'; // acme/summarize's version

/** The platform the reader of docs/replicate.md works on: their account, and what the blocks run. */
const SEED: ReplicateSeed = {
  account: { type: 'user', username: 'alice', name: 'Alice' },
  models: [
    { owner: 'replicate', name: 'hello-world', versions: [HELLO_WORLD] },
    { owner: 'black-forest-labs', name: 'flux-schnell' },
    { owner: 'acme', name: 'fast' },
    { owner: 'meta', name: 'meta-llama-3-8b-instruct' },
    { owner: 'acme', name: 'upscaler', description: 'An image upscaler' },
    { owner: 'ostris', name: 'flux-dev-lora-trainer', versions: ['e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497'] },
    { owner: 'alice', name: 'my-lora', visibility: 'private', versions: [] },
    { owner: 'alice', name: 'old-detector', visibility: 'private', versions: ['a1b20818bd6d3dde90ee13065beb02e51a5d37201def718e01e291095da10012'] },
    { owner: 'acme', name: 'summarize', versions: [SUMMARIZE] },
    { owner: 'acme', name: 'hot-dog', versions: ['9f8eeb37403de3193f2a150f84a2f691582c2c13baf5103271baa2c9140d2ee7', '5c7d132ece9f79d4deb7ee289cd32469238d9fe3128849f97547b56c887ffc0b'] },
  ],
  deployments: [{ name: 'my-app', model: 'replicate/hello-world', version: HELLO_WORLD, hardware: 'cpu', min_instances: 0, max_instances: 1 }],
  predictions: [
    // one made on the website this week, one through the API last year (listPredictions' filters leave it out)
    { id: 'ufawqhfynnddngldkgtslldrkq', model: 'replicate/hello-world', version: HELLO_WORLD, input: { text: 'Alice' }, output: 'hello Alice', source: 'web' },
    { id: 'gm3qorzdhgbfurvjtvhg6dckhu', model: 'replicate/hello-world', version: HELLO_WORLD, input: { text: 'Bob' }, output: 'hello Bob', source: 'api', created_at: '2025-09-08T16:19:34.907244Z' },
  ],
  trainings: [{ id: 'zz4ibbonubfz7carwiefibzgga', model: 'ostris/flux-dev-lora-trainer', version: 'e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497', input: { steps: 500 }, created_at: '2026-11-02T16:32:57.018467Z' }],
};

/** What each block's models answer. */
const replicateModel: FakeModel = (input, target) => {
  const ref = target.ref.split(':')[0]!;
  if (ref === 'black-forest-labs/flux-schnell') return { output: [FLUX_URL] };
  if (ref === 'meta/meta-llama-3-8b-instruct') return { output: JOKE, steps: 4 };
  if (ref === 'acme/summarize' || ref === SUMMARIZE) return { output: SUMMARY };
  if (ref === 'acme/fast') return { output: 'fast answer', sync: true };
  if (ref === 'acme/upscaler') return { output: 'https://replicate.delivery/xezq/cat-4x.png', sync: true };
  if (target.kind === 'training') return { output: null, steps: 3 };
  return { output: `hello ${String(input['text'] ?? input['prompt'])}`, sync: true };
};

/** The seed of block `i`: without the deployment the Deployments block creates itself. */
const seedFor = (i: number): ReplicateSeed => ({ ...SEED, ...(i === 8 && { deployments: [] }) });

function replicatePrelude(code: string, url: string, token: string): string {
  const defined = (name: string): boolean => new RegExp(`\\b(?:const|let|var)\\s+(?:[[{][^\\]}]*)?\\b${name}\\b|import\\s*{[^}]*\\b${name}\\b`).test(code);
  const uses = (name: string): boolean => new RegExp(`\\b${name}\\b`).test(code) && !defined(name);
  const lines = [`import { createClient as __cc } from '${srcEntry()}';`, `import { createPrediction as __createPrediction } from '${srcEntry('replicate')}';`];
  if (uses('client') || uses('p2')) lines.push(`const client = __cc({ baseURL: ${JSON.stringify(url)}, apiKey: ${JSON.stringify(token)} });`);
  if (uses('createPrediction')) lines.push('const createPrediction = __createPrediction;');
  if (uses('p2')) lines.push("const p2 = await __createPrediction(client, { model: 'black-forest-labs/flux-schnell', input: { prompt: 'a fox' } });");
  if (uses('controller')) lines.push('const controller = new AbortController();');
  if (uses('longText')) lines.push("const longText = 'Alice was beginning to get very tired of sitting by her sister on the bank. '.repeat(20);");
  if (uses('request')) lines.push("const request = new Request('https://example.com/summarize', { method: 'POST' });");
  if (uses('bytes')) lines.push('const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);');
  return lines.join('\n');
}

/** The names a block defines at its top level (destructured ones too), exported so the test can read them. */
const topNames = (code: string): string[] =>
  [...code.matchAll(/^(?:const|let) (?:\[([^\]]+)\]|{([^}]+)}|(\w+))/gm)].flatMap((m) => (m[3] ?? m[1] ?? m[2]!).split(',').map((n) => n.trim().split(/[\s:=]/)[0]!)).filter(Boolean);

interface Ran {
  outcome: unknown;
  values: Record<string, unknown>;
  logged: unknown[][];
  errors: unknown[][];
  written: string;
}

async function runReplicateBlock(code: string, rs: ReplicateServer, i: number): Promise<Ran> {
  const placed = code.replaceAll("'https://api.replicate.com/v1'", JSON.stringify(rs.baseURL));
  const file = path.join(work, `replicate${i}.ts`);
  const names = topNames(code);
  writeFileSync(file, `${replicatePrelude(code, rs.baseURL, rs.token)}\n${blockSource(placed, `export const __values = { ${names.join(', ')} };`)}`);
  const { outcome, values, printed, written } = await importBlock(file, { REPLICATE_API_TOKEN: rs.token, REPLICATE_BASE_URL: rs.baseURL });
  return { outcome, values, logged: argsOf(printed, 'log'), errors: argsOf(printed, 'error'), written };
}

describe('docs/replicate.md', () => {
  it('has the blocks this suite knows', () => {
    expect(replicateBlocks).toHaveLength(12);
  });

  replicateBlocks.forEach((code, i) => {
    const first = code.split('\n').find((l) => l.trim() !== '' && !l.startsWith('//'))!.trim().slice(0, 60);
    if (REPLICATE_SKIP[i]) return it.skip(`block ${i}: ${REPLICATE_SKIP[i]}`, () => {});
    it(`block ${i} runs as written against a loopback Replicate (${first})`, async () => {
      const rs = await startReplicateServer({ model: replicateModel, seed: seedFor(i) });
      try {
        const r = await runReplicateBlock(code, rs, i);
        expect(r.outcome, String(r.outcome)).toBeUndefined();
        rs.conformance.assertNoViolations();
        expect(rs.extraViolations).toEqual([]);
        if (i !== 4) expect(r.errors, 'console.error').toEqual([]);
        checkReplicateBlock(i, r, rs);
      } finally {
        await rs.close();
      }
    }, 60_000);
  });
});

/** What each block's comments say it prints or returns. */
function checkReplicateBlock(i: number, { values: v, logged, errors, written }: Ran, rs: ReplicateServer): void {
  const ids = [...rs.predictions.keys()];
  switch (i) {
    case 0: // the result is typed string[] and checked
      expect(v['url']).toBe(FLUX_URL);
      break;
    case 1:
      expect(v['prediction']).toMatchObject({ id: 'ufawqhfynnddngldkgtslldrkq', status: 'succeeded', output: 'hello Alice' });
      expect(rs.server.requests.filter((q) => q.method === 'GET').map((q) => q.path)).toEqual(['/v1/predictions/ufawqhfynnddngldkgtslldrkq', '/v1/predictions/ufawqhfynnddngldkgtslldrkq']); // the core client's get, then the bound one's
      break;
    case 2: {
      expect(v['p1']).toMatchObject({ model: 'replicate/hello-world', version: HELLO_WORLD, input: { text: 'Alice' } });
      expect(v['p2']).toMatchObject({ model: 'black-forest-labs/flux-schnell' });
      expect(v['p3']).toMatchObject({ deployment: 'alice/my-app' });
      expect(v['p4']).toMatchObject({ deployment: 'alice/my-app' });
      expect(v['done']).toMatchObject({ status: 'succeeded', output: 'fast answer' });
      expect((v['canceled'] as { status: string }).status).toBe('canceled');
      expect((v['latest'] as { id: string }).id).toBe((v['p1'] as { id: string }).id);
      const all = ids.length; // the six created here and the two seeded
      expect(all).toBe(8);
      expect((v['first50'] as unknown[]).length).toBe(all);
      expect(logged).toEqual([
        ['fast answer'], // done.output
        ['ufawqhfynnddngldkgtslldrkq', 'succeeded'], // made on the web since 2026-01-01: the only one
        ...Array.from({ length: all / 2 }, (_, k) => [2, k < all / 2 - 1 ? expect.stringContaining(`cursor=${2 * (k + 1)}`) : null]), // pages of two
      ]);
      break;
    }
    case 3: {
      expect(v['final']).toMatchObject({ status: 'succeeded', output: [FLUX_URL] });
      const statuses = logged.map((l) => l[0]);
      expect(statuses.at(-1)).toBe('succeeded');
      expect(statuses.every((s) => ['starting', 'processing', 'succeeded'].includes(String(s)))).toBe(true);
      expect(logged.at(-1)![1]).toBe('done');
      break;
    }
    case 4:
      expect(written).toBe(JOKE.join('')); // the text tokens
      expect(errors).toEqual([['finished']]); // the logs
      expect(logged).toEqual([['\n', 'succeeded']]);
      break;
    case 5:
      expect(v['text']).toBe(SUMMARY);
      expect(logged.at(-1)).toEqual(['succeeded']);
      expect(rs.canceled).toEqual([]);
      break;
    case 6:
      expect(logged.map((l) => l[0])).toEqual(expect.arrayContaining(['replicate/hello-world', 'acme/upscaler']));
      expect(v['model']).toMatchObject({ owner: 'replicate', name: 'hello-world', latest_version: { id: HELLO_WORLD } });
      expect((v['hits'] as { name: string }[]).map((m) => m.name)).toEqual(['upscaler']);
      expect(v['ranked']).toMatchObject({ query: 'nano banana' });
      expect(v['version']).toMatchObject({ id: HELLO_WORLD });
      expect(v['readme']).toMatch(/^# /); // Markdown text
      expect((v['examples'] as unknown[]).length).toBeGreaterThan(0);
      expect(rs.server.requests.filter((q) => q.method === 'DELETE').map((q) => q.path)).toEqual([expect.stringMatching(/^\/v1\/models\/alice\/old-detector\/versions\/a1b2[0-9a-f]{60}$/), '/v1/models/alice/hot-dog']);
      break;
    case 7:
      expect(logged.map((l) => l[0])).toEqual(['super-resolution', 'text-to-image', 'language-models']);
      expect((v['upscalers'] as { models: unknown[] }).models.length).toBeGreaterThan(0); // with its models
      break;
    case 8:
      expect(logged).toEqual([['alice', 'my-app', 1]]);
      expect(v['d']).toMatchObject({ owner: 'alice', name: 'my-app' });
      expect(v['out']).toMatchObject({ deployment: 'alice/my-app', status: 'succeeded' });
      break;
    case 9:
      expect(v['t']).toMatchObject({ model: 'ostris/flux-dev-lora-trainer', status: 'starting' });
      expect(v['status']).toMatchObject({ id: (v['t'] as { id: string }).id });
      expect(logged).toEqual([
        [(v['t'] as { id: string }).id, 'processing', undefined],
        ['zz4ibbonubfz7carwiefibzgga', 'succeeded', expect.stringMatching(/^[0-9a-f]{64}$/)], // the trained version
      ]);
      expect(rs.canceled).toEqual([(v['t'] as { id: string }).id]);
      break;
    case 10:
      expect((v['skus'] as string[]).slice(0, 2)).toEqual(['cpu', 'gpu-t4']);
      expect(v['me']).toMatchObject({ type: 'user', username: 'alice', name: 'Alice' });
      expect(v['data']).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(logged).toEqual([[(v['file'] as { id: string }).id, 8, expect.stringMatching(/^[0-9a-f]{64}$/)]]);
      expect(v['key']).toMatch(/^whsec_/);
      break;
    default:
      throw new Error(`block ${i}: no check of what it prints`);
  }
}
