/**
 * Tool-call pieces without `index`, or with `index: 0` on every call (src/openai/tool-call-index.ts),
 * against the calls they were cut from: whatever the calls, names and argument pieces, and however
 * the choices interleave, the accumulator gives each choice its calls whole, in the order they
 * began, when the server
 * - repeats each call's `id` on every piece (the calls of a choice interleaved),
 * - sends the `id` on a call's first piece only (a choice's calls one after the other),
 * - sends no `id` at all (one after the other, each naming another function than the one before), or
 * - sends `index: 0` on every piece of every call, the id and name on each call's first piece (one
 *   after the other: Ollama, some vLLM versions, proxies translating another API).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatAccumulator, type ChatCompletionChunk } from '../../src/openai/index.js';
import { props } from '../helpers/property.js';

type Variant = 'repeat-id' | 'no-index' | 'no-id' | 'index-0';
interface Call {
  id: string;
  name: string;
  args: string[];
}
interface Piece {
  choice: number;
  tc: Record<string, unknown>;
}

const NAMES = ['get_weather', 'get_time', 'search'];
const callsOf = fc.array(fc.record({ name: fc.integer({ min: 0, max: NAMES.length - 1 }), args: fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 4 }) }), { maxLength: 4 });

/** Merges lists keeping each one's order; `picks` choose which list goes next. */
function merge<T>(lists: T[][], picks: number[]): T[] {
  const rest = lists.map((l) => l.slice());
  const out: T[] = [];
  let j = 0;
  for (;;) {
    const open = rest.filter((l) => l.length > 0);
    if (open.length === 0) return out;
    out.push(open[(picks[j++ % Math.max(1, picks.length)] ?? 0) % open.length]!.shift()!);
  }
}

/** The pieces of one call as the variant's server sends them. */
function piecesOf(call: Call, variant: Variant, choice: number): Piece[] {
  return call.args.map((a, k) => {
    const tc: Record<string, unknown> = { function: k === 0 ? { name: call.name, arguments: a } : { arguments: a } };
    if (k === 0) tc.type = 'function';
    if (variant === 'repeat-id' || (variant !== 'no-id' && k === 0)) tc.id = call.id;
    if (variant === 'index-0') tc.index = 0;
    return { choice, tc };
  });
}

describe('tool-call pieces without index, or with one index for every call', () => {
  for (const variant of ['repeat-id', 'no-index', 'no-id', 'index-0'] as const) {
    it(`${variant}: every choice gets its calls whole, in the order they began`, () => {
      fc.assert(
        fc.property(fc.array(callsOf, { minLength: 1, maxLength: 2 }), fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 }), (choices, within, between) => {
          const plan = choices.map((raw, c) => {
            const calls: Call[] = [];
            for (const [k, r] of raw.entries()) {
              let name = NAMES[r.name]!;
              // without ids, a call is told from the one before only by another name
              if (variant === 'no-id' && calls.length > 0 && calls[calls.length - 1]!.name === name) name = NAMES[(r.name + 1) % NAMES.length]!;
              calls.push({ id: variant === 'no-id' ? '' : `call_${c}_${k}`, name, args: r.args });
            }
            const lists = calls.map((call) => piecesOf(call, variant, c));
            // only calls that repeat their id can interleave
            const pieces = variant === 'repeat-id' ? merge(lists, within) : lists.flat();
            return { calls, pieces };
          });
          const acc = createChatAccumulator();
          for (const p of merge(
            plan.map((x) => x.pieces),
            between,
          )) {
            acc.add({ id: 'chatcmpl-p', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: p.choice, delta: { tool_calls: [p.tc as never] }, finish_reason: null }] } satisfies ChatCompletionChunk);
          }
          const got = acc.result().choices;
          for (const [c, { calls, pieces }] of plan.entries()) {
            // interleaved calls are numbered in the order they began (their first pieces)
            const order = variant === 'repeat-id' ? pieces.filter((p) => 'type' in p.tc).map((p) => calls.find((call) => call.id === p.tc.id)!) : calls;
            const want = calls.length === 0 ? undefined : order.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } }));
            expect(got.find((ch) => ch.index === c)?.message.tool_calls).toEqual(want);
          }
        }),
        props(0x70011d, 300),
      );
    });
  }
});
