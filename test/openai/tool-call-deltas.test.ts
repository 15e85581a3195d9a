/**
 * Streamed tool-call deltas as OpenAI-compatible servers send them (docs/openai.md, "Tool calls in
 * a stream"): OpenAI's spec requires `index` on each piece, but older vLLM and TGI versions and the
 * Gemini and some Together compat layers omit it, some repeat `id` on every piece, and some send a
 * whole call in one delta. The stream gives each piece the index of its call (so the chunks a
 * caller reads keep the `index: number` of their type) and the accumulator assembles them per
 * choice, never joining two different calls into one.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { accumulateChatStream, createChatAccumulator, openAIClientOptions, streamChatCompletion, type ChatCompletionChunk } from '../../src/openai/index.js';
import { TOOL_CALLS } from '../helpers/openai-server.js';
import { useConformantServer } from './_conformant.js';
import { startTestServer } from '../helpers/test-server.js';

const fx = useConformantServer();
const messages = [{ role: 'user' as const, content: 'Weather in Paris and time in Tokyo?' }];
const tools = [
  { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } },
  { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object' } } },
];
const expected = TOOL_CALLS.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));

describe('streamed tool calls, as each kind of server sends them', () => {
  for (const toolDeltas of ['indexed', 'no-index', 'repeat-id', 'whole', 'index-0'] as const) {
    for (const n of [1, 2]) {
      it(`${toolDeltas}, n = ${n}: each choice gets both calls whole, and every piece the index of its call`, async () => {
        fx.api.options.toolDeltas = toolDeltas;
        const chunks: ChatCompletionChunk[] = [];
        const final = await accumulateChatStream(await streamChatCompletion(fx.client, { model: 'tool-model', messages, tools, n }), (c) => chunks.push(c));
        expect(final.choices.map((c) => c.index)).toEqual(n === 1 ? [0] : [0, 1]);
        for (const choice of final.choices) {
          expect(choice.message.tool_calls).toEqual(expected);
          expect(choice.finish_reason).toBe('tool_calls');
        }
        // the pieces read from the stream: each with the index of the call it belongs to
        const pieces = chunks.flatMap((c) => c.choices.flatMap((ch) => (ch.delta.tool_calls ?? []).map((tc) => ({ choice: ch.index, ...tc }))));
        expect(pieces.length).toBeGreaterThan(0);
        for (const p of pieces) expect(typeof p.index).toBe('number');
        for (const choice of final.choices) {
          const own = pieces.filter((p) => p.choice === choice.index);
          for (const [index, call] of TOOL_CALLS.entries()) {
            expect(own.filter((p) => p.index === index).map((p) => p.function?.arguments ?? '').join('')).toBe(call.arguments);
            for (const p of own) if (p.id === call.id) expect(p.index).toBe(index);
          }
        }
      });
    }
  }

  it('toReadableStream() re-emits the pieces with the index of their call (a proxy in front of such a server speaks OpenAI)', async () => {
    fx.api.options.toolDeltas = 'whole';
    const stream = await streamChatCompletion(fx.client, { model: 'tool-model', messages, tools });
    const text = await new Response(stream.toReadableStream()).text();
    const pieces = text
      .split('\n\n')
      .filter((f) => f.startsWith('data: {'))
      .flatMap((f) => (JSON.parse(f.slice(6)) as ChatCompletionChunk).choices.flatMap((c) => c.delta.tool_calls ?? []));
    expect(pieces.map((p) => [p.index, p.id])).toEqual(TOOL_CALLS.map((t, i) => [i, t.id]));
  });

  it('without validation (validation: off) the pieces still get the index of their call', async () => {
    fx.api.options.toolDeltas = 'no-index';
    const final = await accumulateChatStream(await streamChatCompletion(fx.client, { model: 'tool-model', messages, tools }, { validation: 'off' }));
    expect(final.choices[0]?.message.tool_calls).toEqual(expected);
  });
});

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
/** A chunk of choice `choice` whose tool-call pieces are given as a server sent them (maybe without `index`). */
const pieceChunk = (pieces: unknown[], choice = 0): ChatCompletionChunk => ({ ...base, choices: [{ index: choice, delta: { tool_calls: pieces as never }, finish_reason: null }] });
const call = (id: string, name: string, args: string) => ({ id, type: 'function', function: { name, arguments: args } });

describe('createChatAccumulator with pieces whose index is shared or whose id changes', () => {
  it('a piece under an index already used that brings another id and a name starts a new call (Ollama, some vLLM versions)', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ index: 0, ...call('call_a', 'add', '{"a":2,"b":2}') }]));
    acc.add(pieceChunk([{ index: 0, ...call('call_b', 'get_weather', '{"city":') }]));
    acc.add(pieceChunk([{ index: 0, function: { arguments: '"Tokyo"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'add', '{"a":2,"b":2}'), call('call_b', 'get_weather', '{"city":"Tokyo"}')]);
  });

  it('a piece under an index already used that names another function, without an id, starts a new call', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ index: 0, type: 'function', function: { name: 'add', arguments: '{"a":2,"b":2}' } }]));
    acc.add(pieceChunk([{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }]));
    // the same name again (a server that repeats it) continues the call
    acc.add(pieceChunk([{ index: 0, function: { name: 'get_weather', arguments: '' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('', 'add', '{"a":2,"b":2}'), call('', 'get_weather', '{"city":"Tokyo"}')]);
  });

  it('a piece under its call\'s index that brings another id but no name continues the call, which keeps its first id (Poolside)', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ index: 0, ...call('call_first', 'get_weather', '') }]));
    acc.add(pieceChunk([{ index: 0, id: 'call_second', function: { arguments: '{"city":' } }]));
    acc.add(pieceChunk([{ index: 0, id: 'call_second', function: { arguments: '"Paris"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_first', 'get_weather', '{"city":"Paris"}')]);
  });
});

describe('createChatAccumulator with pieces that carry no index', () => {
  it('a piece with a new id starts a new call; one without id continues the last call', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }]));
    acc.add(pieceChunk([{ function: { arguments: 'ty":"Paris"}' } }]));
    acc.add(pieceChunk([{ id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }]));
    acc.add(pieceChunk([{ function: { arguments: '{"tz":"UTC"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]);
  });

  it('a repeated id goes back to its own call, whatever came between', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }]));
    acc.add(pieceChunk([{ id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":' } }]));
    acc.add(pieceChunk([{ id: 'call_a', function: { arguments: '"Paris"}' } }]));
    acc.add(pieceChunk([{ id: 'call_b', function: { arguments: '"UTC"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]);
  });

  it('two whole calls in one delta stay two calls', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]);
  });

  it('a piece without id or index that names another function starts a new call instead of joining the last one', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]));
    acc.add(pieceChunk([{ type: 'function', function: { name: 'get_time', arguments: '{"tz":' } }]));
    acc.add(pieceChunk([{ function: { arguments: '"UTC"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('', 'get_weather', '{"city":"Paris"}'), call('', 'get_time', '{"tz":"UTC"}')]);
  });

  it('pieces without index continue an indexed call, and the calls of two choices stay apart', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }], 0));
    acc.add(pieceChunk([{ id: 'call_z', type: 'function', function: { name: 'get_time', arguments: '{"tz":' } }], 1));
    acc.add(pieceChunk([{ function: { arguments: '"Paris"}' } }], 0));
    acc.add(pieceChunk([{ function: { arguments: '"UTC"}' } }], 1));
    const [first, second] = acc.result().choices;
    expect(first?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}')]);
    expect(second?.message.tool_calls).toEqual([call('call_z', 'get_time', '{"tz":"UTC"}')]);
  });

  it('an empty id (TGI sends id: "" on the pieces after the first) is no id: the piece continues the call, with index or without', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([{ index: 0, ...call('call_a', 'get_weather', '{"city":') }]));
    acc.add(pieceChunk([{ index: 0, id: '', function: { arguments: '"Paris"}' } }]));
    acc.add(pieceChunk([{ id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":' } }]));
    acc.add(pieceChunk([{ id: '', function: { arguments: '"UTC"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]);
  });

  it('an index the server uses for the first time, where a call without index already took that number, starts a new call', () => {
    const acc = createChatAccumulator();
    acc.add(pieceChunk([call('call_a', 'get_weather', '{"city":"Paris"}')]));
    acc.add(pieceChunk([{ index: 0, ...call('call_b', 'get_time', '{"tz":') }]));
    acc.add(pieceChunk([{ index: 0, function: { arguments: '"UTC"}' } }]));
    expect(acc.result().choices[0]?.message.tool_calls).toEqual([call('call_a', 'get_weather', '{"city":"Paris"}'), call('call_b', 'get_time', '{"tz":"UTC"}')]);
  });
});

describe('a tool-call piece that is not an object', () => {
  it('is refused by validation as a ResponseValidationError naming it, not a TypeError', async () => {
    const server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { tool_calls: ['call_a'] }, finish_reason: null }] })}\n\ndata: [DONE]\n\n`);
    });
    try {
      const raw = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, retry: false }));
      await expect(accumulateChatStream(await streamChatCompletion(raw, { model: 'm', messages }))).rejects.toMatchObject({ name: 'ResponseValidationError', message: expect.stringContaining('choices.0.delta.tool_calls.0') });
    } finally {
      await server.close();
    }
  });
});
