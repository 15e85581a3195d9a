/**
 * The docs stay true to the API: every TypeScript block in docs/*.md type-checks against the
 * sources (the package imports are pointed at src/). A block may use a client or a spec made in
 * the text around it: names a block uses without defining are declared for it, typed where the
 * docs always mean the same thing (`client` is a core client, `openai` an OpenAI client, ...).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBlocks, declares, diagnosticLine, root, tsBlocks } from './helpers/ts-blocks.js';

const work = path.join(root, '.tmp', 'docs-blocks');

/** Optional packages a block names that are not installed here. */
const SHIMS = `declare module '@valibot/to-json-schema' { export function toJsonSchema(schema: unknown): Record<string, unknown>; }`;

const blocks = readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => tsBlocks(path.join(root, 'docs', f)).map((code, i) => ({ name: `${f.replace('.md', '')}-${i}`, code })));

describe('docs/*.md', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(40);
  });

  it('every TypeScript block type-checks', () => {
    const results = checkBlocks(blocks, work, (_block, names) => declares(names), { also: { 'shims.d.ts': SHIMS } });
    const text = results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => diagnosticLine(file, d)));
    expect(text).toEqual([]);
  }, 180_000);
});
