/**
 * Differential, property-based: random event streams (each line ended by LF, CRLF or CR at random;
 * comments, `id:`/`retry:`/unknown fields, data split over several `data:` lines, a final `[DONE]`
 * or none) sent to both clients, whole and one byte per read: the same chunks, both ending normally.
 * Seeded: a failure prints the seed and the shrunk case (`FC_SEED=…` replays it).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChatCompletion } from '../../src/openai/index.js';
import { capture, drain, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let whole: Pair;
let split: Pair;
beforeAll(async () => {
  diff = await startDiffServer();
  whole = pairs(diff)[1]!;
  split = pairs(diff, { split: true })[1]!;
});
afterAll(() => diff.close());

const params = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }], stream: true as const };
const text = fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'é', ' ', '漢', '👍', '"', '\\', '\n', '\r', ':') });
const eol = fc.constantFrom('\n', '\r\n', '\r');

/** One event as lines (without their ends): extra fields, a comment, and its data over 1–3 lines. */
const event = fc
  .record({ content: text, comment: fc.option(text.map((t) => t.replace(/[\r\n]/g, ' '))), id: fc.boolean(), foo: fc.boolean(), pretty: fc.boolean() })
  .map(({ content, comment, id, foo, pretty }) => {
    const value = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] };
    const lines: string[] = [];
    if (comment !== null) lines.push(`:${comment}`);
    if (id) lines.push('id: 42');
    if (foo) lines.push('retry: 1000', 'foo: bar');
    const json = pretty ? JSON.stringify(value, null, 1).split('\n') : [JSON.stringify(value)];
    for (const l of json) lines.push(`data: ${l}`);
    return lines;
  });

const body = fc
  .tuple(fc.array(event, { minLength: 1, maxLength: 5 }), fc.array(eol, { minLength: 80, maxLength: 80 }), fc.boolean())
  .map(([events, ends, done]) => {
    let out = '';
    let i = 0;
    // a LF right after a CR would join it into one CRLF line end: it is then sent as CRLF
    const end = () => {
      const e = ends[i++ % ends.length]!;
      return out.endsWith('\r') && e === '\n' ? '\r\n' : e;
    };
    for (const lines of [...events, ...(done ? [['data: [DONE]']] : [])]) {
      for (const line of lines) out += line + end();
      out += end(); // the blank line that ends the event
    }
    return out;
  });

it('random event streams: the same chunks from both clients, whole and one byte per read', async () => {
  await fc.assert(
    fc.asyncProperty(body, async (text) => {
      diff.answer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(text);
      });
      for (const pair of [whole, split]) {
        const o = await capture(diff.server, async () => drain(await pair.official.chat.completions.create(params)));
        const m = await capture(diff.server, async () => drain(await createChatCompletion(pair.mw, params)));
        const ov = valueOf(o.outcome);
        const mv = valueOf(m.outcome);
        expect(ov.error).toBeUndefined();
        expect(mv.error).toBeUndefined();
        expect(plain(mv.values)).toEqual(plain(ov.values));
      }
    }),
    { numRuns: Number(process.env.FC_RUNS ?? 40), seed: process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED) },
  );
});
