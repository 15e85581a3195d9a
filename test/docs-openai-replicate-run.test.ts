/**
 * docs/openai.md runs as written: each TypeScript block runs (package imports pointed at src/)
 * against a loopback OpenAI-compatible server, its addresses replaced by the server's. The text
 * around the blocks gives them `openai` (an OpenAI client), `client` (a core client), `model`,
 * `messages`, `tgi`. docs.test.ts only type-checks them.
 *
 * Not yet here: docs/replicate.md. Run the same way against test/helpers/replicate-server.ts, 10 of its
 * 11 runnable blocks fail today: the fake knows none of the doc's model, deployment and training names
 * (it needs a way to seed them), and three blocks use elided ids (`'acme/summarize:1f2e…'`,
 * `'a1b2…'`, `'5c7d…'`) that the client refuses as written.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOpenAIServer, TOOL_CALLS, type OpenAIServer } from './helpers/openai-server.js';
import { blockSource, root, srcEntry, tsBlocks } from './helpers/ts-blocks.js';

const work = path.join(root, '.tmp', 'docs-openai-replicate-run');
const openaiBlocks = tsBlocks(path.join(root, 'docs', 'openai.md'));

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
  const logged: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const outcome = await import(file).then(() => undefined, (err: unknown) => err);
    return { outcome, logged };
  } finally {
    vi.restoreAllMocks();
  }
}

let server: OpenAIServer | undefined;
beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
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

