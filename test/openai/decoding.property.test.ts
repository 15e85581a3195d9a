/**
 * Small pure pieces of the OpenAI client against plain references:
 * - decodeBase64 / decodeBase64Float32 (src/openai/base64.ts) against Node's Buffer (standard and
 *   url-safe alphabets, with and without padding) and readFloatLE; a character outside the alphabet
 *   is refused with its position;
 * - chat and legacy completion stream accumulation (src/openai/accumulate.ts) against joining the
 *   deltas of each choice (and each tool call, by its index, under the id of its first piece) in
 *   the order they came, whatever way the pieces are spread over chunks and interleaved between
 *   choices.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/index.js';
import { accumulateChatStream, accumulateCompletionStream, decodeBase64, decodeBase64Float32, type ChatCompletionChunk, type Completion } from '../../src/openai/index.js';
import { props } from '../helpers/property.js';

describe('base64', () => {
  const spelling = fc.record({ urlSafe: fc.boolean(), padded: fc.boolean() });
  const encode = (bytes: Uint8Array, s: { urlSafe: boolean; padded: boolean }): string => {
    const text = Buffer.from(bytes).toString(s.urlSafe ? 'base64url' : 'base64');
    return s.padded ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text.replace(/=+$/, '');
  };

  it('decodes any bytes as Buffer does, in either alphabet, padded or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), spelling, (bytes, s) => {
        expect(Array.from(decodeBase64(encode(bytes, s)))).toEqual(Array.from(bytes));
      }),
      props(0xba5e1, 1000),
    );
  });

  it('decodes float32 vectors as readFloatLE does, NaN payloads and -0 included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 24 }), spelling, (words, s) => {
        const bytes = Buffer.alloc(words.length * 4);
        words.forEach((w, i) => bytes.writeUInt32LE(w, i * 4));
        const got = decodeBase64Float32(encode(bytes, s));
        expect(Array.from(new Uint32Array(got.buffer, got.byteOffset, got.length))).toEqual(words);
        words.forEach((_, i) => expect(Object.is(got[i], bytes.readFloatLE(i * 4)) || Number.isNaN(got[i]!)).toBe(true));
      }),
      props(0xba5e2, 500),
    );
  });

  it('refuses a character outside the alphabet, naming its position', () => {
    const outside = fc.oneof(fc.constantFrom('!', '.', ' ', '\n', '*', 'é', '\u0100', '\ud83d'), fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[A-Za-z0-9+/_=-]/.test(c)));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 60 }), outside, fc.nat(), (bytes, bad, at) => {
        const text = encode(bytes, { urlSafe: false, padded: false });
        const i = at % text.length;
        const broken = text.slice(0, i) + bad + text.slice(i + 1);
        expect(() => decodeBase64(broken)).toThrow(broken.length % 4 === 1 ? /length/ : new RegExp(`at position ${i}$`));
      }),
      props(0xba5e3, 500),
    );
  });
});

/** Pieces of one choice: content text and tool-call argument pieces (tool call index, piece). */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }).map((text) => ({ kind: 'content' as const, text })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tool' as const), call: fc.integer({ min: 0, max: 2 }), text: fc.string({ maxLength: 5 }) }) },
);
/** Up to three choices, each a list of pieces; chunks take the pieces in an interleaving of the choices. */
const streamPlan = fc
  .array(fc.array(piece, { maxLength: 8 }), { minLength: 1, maxLength: 3 })
  .chain((perChoice) =>
    fc.record({
      perChoice: fc.constant(perChoice),
      // which choice each chunk serves next, and how many of its pieces it carries (1 or 2)
      order: fc.shuffledSubarray(perChoice.flatMap((ps, c) => ps.map(() => c)), { minLength: perChoice.flat().length, maxLength: perChoice.flat().length }),
      indexBase: fc.constantFrom(0, 1, 5),
    }),
  );

function chatChunks(plan: { perChoice: (typeof piece extends fc.Arbitrary<infer P> ? P : never)[][]; order: number[]; indexBase: number }): ChatCompletionChunk[] {
  const next = plan.perChoice.map(() => 0);
  const begun = new Set<string>();
  return plan.order.map((c, n) => {
    const p = plan.perChoice[c]![next[c]!++]!;
    // the name on a call's first piece (as OpenAI sends it); an id on every piece, a new one each
    // time (a server whose ids are not stable: the call keeps its first)
    let first = false;
    if (p.kind === 'tool' && !begun.has(`${c} ${p.call}`)) {
      begun.add(`${c} ${p.call}`);
      first = true;
    }
    const delta =
      p.kind === 'content'
        ? { content: p.text }
        : { tool_calls: [{ index: p.call, id: `call_${c}_${p.call}_${n}`, type: 'function' as const, function: first ? { name: `f${p.call}`, arguments: p.text } : { arguments: p.text } }] };
    return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: plan.indexBase + c, delta, finish_reason: null }] } as ChatCompletionChunk;
  });
}

describe('stream accumulation', () => {
  it('a chat stream gives each choice its content and tool-call arguments joined in order', async () => {
    await fc.assert(
      fc.asyncProperty(streamPlan, async (plan) => {
        const chunks = chatChunks(plan);
        const final = await accumulateChatStream(Stream.fromIterable((async function* () { yield* chunks; })()));
        const served = new Set(plan.order);
        const want = plan.perChoice
          .map((pieces, c) => ({ c, pieces }))
          .filter(({ c }) => served.has(c))
          .map(({ c, pieces }) => {
            const content = pieces.filter((p) => p.kind === 'content');
            const calls = [...new Set(pieces.flatMap((p) => (p.kind === 'tool' ? [p.call] : [])))].sort();
            const firstId = (call: number): string => `call_${c}_${call}_${chunks.findIndex((ch) => ch.choices[0]!.index === plan.indexBase + c && ch.choices[0]!.delta.tool_calls?.[0]?.index === call)}`;
            return {
              index: plan.indexBase + c,
              content: content.length > 0 ? content.map((p) => p.text).join('') : null,
              tool_calls: calls.length > 0 ? calls.map((call) => ({ id: firstId(call), name: `f${call}`, arguments: pieces.filter((p) => p.kind === 'tool' && p.call === call).map((p) => p.text).join('') })) : undefined,
            };
          });
        expect(
          final.choices.map((ch) => ({
            index: ch.index,
            content: ch.message.content,
            tool_calls: ch.message.tool_calls?.map((t) => ({ id: t.id, name: (t as { function: { name: string } }).function.name, arguments: (t as { function: { arguments: string } }).function.arguments })),
          })),
        ).toEqual(want);
      }),
      props(0xacc1, 400),
    );
  });

  it('a legacy completion stream gives each choice its text joined in order', async () => {
    await fc.assert(
      fc.asyncProperty(streamPlan, async (plan) => {
        const next = plan.perChoice.map(() => 0);
        const chunks = plan.order.map((c) => {
          const p = plan.perChoice[c]![next[c]!++]!;
          return { id: 'x', object: 'text_completion', created: 1, model: 'm', choices: [{ index: c, text: p.text, finish_reason: null, logprobs: null }] } as Completion;
        });
        const final = await accumulateCompletionStream(Stream.fromIterable((async function* () { yield* chunks; })()));
        const served = [...new Set(plan.order)].sort();
        expect(final.choices.map((ch) => [ch.index, ch.text])).toEqual(served.map((c) => [c, plan.perChoice[c]!.map((p) => p.text).join('')]));
      }),
      props(0xacc2, 300),
    );
  });
});
