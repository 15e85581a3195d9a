/**
 * Differential: streamed chat completions. The same SSE bytes (edge formats, errors, cuts) go to
 * modelwire/openai and to the official `openai` client; the chunks each yields and how each ends
 * are compared. Every body is also delivered one byte per chunk (every split point, UTF-8 sequences
 * split included).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, BadRequestError, ConnectionError, RateLimitError, StreamError, createClient, requestIdMiddleware } from '../../src/index.js';
import { accumulateCompletionStream, createChatCompletion, createCompletion, openAIClientOptions, type ChatCompletionChunk } from '../../src/openai/index.js';
import { ON_BUN } from '../helpers/runtime.js';
import { json } from '../helpers/test-server.js';
import { capture, drain, pairs, plain, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let all: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  all = [...pairs(diff), ...pairs(diff, { split: true })];
});
afterAll(() => diff.close());

describe.each(['fetch', 'undici'] as const)('opening a stream fails (%s transport)', (transport) => {
  const retrying = (): Pair => retryPairs.find((p) => p.transport === transport)!;
  let retryPairs: Pair[];
  beforeAll(() => {
    retryPairs = pairs(diff, { maxRetries: 2 });
  });

  it('a 400 whose body is an event stream carrying the error: modelwire reads its message, the official client shows the raw text', async () => {
    const error = { message: 'messages is required', type: 'invalid_request_error', param: 'messages', code: null };
    diff.answer((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/event-stream', 'x-request-id': 'req_e' });
      res.end(`data: ${JSON.stringify({ error })}\n\n`);
    });
    const o = await capture(diff.server, () => retrying().official.chat.completions.create(params));
    const m = await capture(diff.server, () => createChatCompletion(retrying().mw, params));
    const oe = (o.outcome.ok ? undefined : o.outcome.error) as InstanceType<typeof OpenAI.APIError>;
    const me = (m.outcome.ok ? undefined : m.outcome.error) as APIError;
    expect(oe).toBeInstanceOf(OpenAI.BadRequestError);
    expect(me).toBeInstanceOf(BadRequestError);
    expect(oe.message.trimEnd()).toBe(`400 data: ${JSON.stringify({ error })}`);
    expect(me.message).toBe('openai.chat.completions.create failed with HTTP 400: messages is required');
    expect(me.body).toEqual({ error });
    expect(me.requestId).toBe(oe.requestID);
  });

  it.each([429, 500, 503])('HTTP %i before the first event: both retry a 429; only the official client retries a 5xx', async (status) => {
    diff.answer((_req, res) => json(res, status, { error: { message: `status ${status}`, type: 'server_error', param: null, code: null } }, { 'retry-after-ms': '0' }));
    const o = await capture(diff.server, () => retrying().official.chat.completions.create(params));
    const m = await capture(diff.server, () => createChatCompletion(retrying().mw, params));
    expect(o.requests).toHaveLength(3);
    expect(m.requests).toHaveLength(status === 429 ? 3 : 1);
    if (status === 429) expect(m.outcome.ok ? undefined : m.outcome.error).toBeInstanceOf(RateLimitError);
  });

  it('a 429 then a stream: both retry and yield the same chunks', async () => {
    let n = 0;
    diff.answer((_req, res) => {
      if (n++ % 2 === 0) return json(res, 429, { error: { message: 'slow down', type: 'requests', param: null, code: null } }, { 'retry-after-ms': '0' });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(START + data(chunk('ok')) + END + 'data: [DONE]\n\n');
    });
    const o = await capture(diff.server, async () => drain(await retrying().official.chat.completions.create(params)));
    const m = await capture(diff.server, async () => drain(await createChatCompletion(retrying().mw, params)));
    expect(o.requests).toHaveLength(2);
    expect(m.requests).toHaveLength(2);
    expect(plain(valueOf(m.outcome).values)).toEqual(plain(valueOf(o.outcome).values));
  });
});

it('the request id of a stream that fails mid-way: on the official APIError; with modelwire, from requestIdMiddleware', async () => {
  const ids: Array<string | undefined> = [];
  const mw = createClient(openAIClientOptions({ baseURL: diff.baseURL, apiKey: 'sk-x', retry: false, middleware: [requestIdMiddleware({ onResponse: (e) => ids.push(e.requestId) })] }));
  const error = { message: 'boom', type: 'server_error', param: null, code: null };
  diff.answer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_mid' });
    res.end(START + data({ error }));
  });
  const o = await drain(await all[0]!.official.chat.completions.create(params));
  const m = await drain(await createChatCompletion(mw, params));
  expect((o.error as InstanceType<typeof OpenAI.APIError>).requestID).toBe('req_mid');
  expect(m.error).toBeInstanceOf(StreamError);
  expect(ids).toEqual(['req_mid']);
});

describe.each(['fetch', 'undici'] as const)('legacy completion streams (%s transport)', (transport) => {
  const pair = (): Pair => all.find((p) => p.transport === transport)!;
  const cchunk = (text: string, finish: string | null = null) => ({ id: 'cmpl-1', object: 'text_completion', created: 1, model: 'gpt-3.5-turbo-instruct', choices: [{ index: 0, text, logprobs: null, finish_reason: finish }] });

  it('the same chunks, and the accumulated text is their join', async () => {
    diff.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end([cchunk('Once'), cchunk(' upon'), cchunk(' a time', 'length')].map(data).join('') + ': done\n\ndata: [DONE]\n\n');
    });
    const cparams = { model: 'gpt-3.5-turbo-instruct', prompt: 'x', stream: true as const };
    const o = await capture(diff.server, async () => drain(await pair().official.completions.create(cparams)));
    const m = await capture(diff.server, async () => drain(await createCompletion(pair().mw, cparams)));
    expect(plain(valueOf(m.outcome).values)).toEqual(plain(valueOf(o.outcome).values));
    const final = await accumulateCompletionStream(await createCompletion(pair().mw, cparams));
    expect(final.choices[0]).toMatchObject({ text: 'Once upon a time', finish_reason: 'length' });
  });
});

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }], stream: true as const };

const chunk = (content: string | null, extra: Record<string, unknown> = {}, finish: string | null = null): Record<string, unknown> => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1700000000,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp_1',
  choices: [{ index: 0, delta: content === null ? {} : { content }, logprobs: null, finish_reason: finish }],
  ...extra,
});
const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const START = data({ ...chunk(null), choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] });
const END = data(chunk(null, {}, 'stop'));

/** How a stream went: the chunks (as JSON) and the class of what ended it. */
interface Run {
  chunks: unknown[];
  end: string;
  error?: unknown;
}

function endOf(error: unknown): string {
  if (error === undefined) return 'done';
  if (error instanceof StreamError) return 'StreamError';
  if (error instanceof ConnectionError) return 'ConnectionError';
  if (error instanceof OpenAI.APIConnectionError) return 'APIConnectionError';
  if (error instanceof OpenAI.APIError) return 'APIError';
  if (error instanceof SyntaxError) return 'SyntaxError';
  return (error as Error)?.constructor?.name ?? String(error);
}

/** Serves `body` (written in the given pieces; `cut` drops the connection after them) and streams it with both clients. */
async function run(pair: Pair, pieces: string[], options: { cut?: boolean } = {}): Promise<{ o: Run; m: Run }> {
  diff.answer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_s' });
    for (const piece of pieces) {
      res.write(piece);
      await new Promise((r) => setImmediate(r));
    }
    if (options.cut) res.socket?.destroy();
    else res.end();
  });
  const one = async (open: () => Promise<AsyncIterable<unknown>>): Promise<Run> => {
    const { outcome } = await capture(diff.server, async () => drain(await open()));
    if (!outcome.ok) return { chunks: [], end: `open:${endOf(outcome.error)}`, error: outcome.error };
    const { values, error } = valueOf(outcome);
    return { chunks: values.map(plain), end: endOf(error), error };
  };
  const o = await one(() => pair.official.chat.completions.create(params));
  const m = await one(() => createChatCompletion(pair.mw, params));
  return { o, m };
}

describe.each([0, 1, 2, 3])('pair %i (fetch, undici; then both with one-byte chunks)', (i) => {
  const pair = (): Pair => all[i]!;

  it('a plain stream: the same chunks, both end at [DONE]', async () => {
    const { o, m } = await run(pair(), [START, data(chunk('Hel')), data(chunk('lo')), END, 'data: [DONE]\n\n']);
    expect(o.end).toBe('done');
    expect(m).toEqual(o);
    expect(m.chunks).toHaveLength(4);
  });

  it('comments, ids, retry fields and unknown fields between events: ignored by both', async () => {
    const { o, m } = await run(pair(), [': keep-alive\n\n', START, ':ping\n', `id: 7\nretry: 100\nfoo: bar\n${data(chunk('a'))}`, END, 'data: [DONE]\n\n']);
    expect(o.chunks).toHaveLength(3);
    expect(m).toEqual(o);
  });

  it('data split over several data: lines: joined with newlines by both', async () => {
    const json = JSON.stringify(chunk('multi'), null, 1).split('\n');
    const { o, m } = await run(pair(), [START, json.map((l) => `data: ${l}\n`).join('') + '\n', END, 'data: [DONE]\n\n']);
    expect(o.chunks).toHaveLength(3);
    expect(m).toEqual(o);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('%s line ends: the same chunks', async (_name, eol) => {
    const events = [START, data(chunk('x')), END, 'data: [DONE]\n\n'].map((e) => e.replaceAll('\n', eol));
    const { o, m } = await run(pair(), events);
    expect(o.end).toBe('done');
    expect(o.chunks).toHaveLength(3);
    expect(m).toEqual(o);
  });

  it('UTF-8 text (accents, CJK, emoji, a surrogate pair): the same strings', async () => {
    const { o, m } = await run(pair(), [START, data(chunk('déjà vu ')), data(chunk('漢字 ')), data(chunk('👍🏽 done')), END, 'data: [DONE]\n\n']);
    expect(m).toEqual(o);
    expect(m.chunks.map((c) => (c as ChatCompletionChunk).choices[0]?.delta.content ?? '').join('')).toBe('déjà vu 漢字 👍🏽 done');
  });

  it('a final usage chunk with empty choices: the same chunks', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };
    const { o, m } = await run(pair(), [START, data(chunk('a', { usage: null })), END, data({ ...chunk(null), choices: [], usage }), 'data: [DONE]\n\n']);
    expect(m).toEqual(o);
    expect((m.chunks.at(-1) as ChatCompletionChunk).usage?.total_tokens).toBe(5);
  });

  it('no final [DONE] (the body just ends): both end normally with the same chunks', async () => {
    const { o, m } = await run(pair(), [START, data(chunk('a')), END]);
    expect(o.end).toBe('done');
    expect(m).toEqual(o);
  });

  it('events after [DONE]: ignored by both', async () => {
    const { o, m } = await run(pair(), [START, END, 'data: [DONE]\n\n', data(chunk('late'))]);
    expect(o.chunks).toHaveLength(2);
    expect(m).toEqual(o);
  });

  it('a body that ends mid-event (clean end of the HTTP body): both drop the unterminated event', async () => {
    const { o, m } = await run(pair(), [START, data(chunk('a')), 'data: {"id":"chatcmpl-1","obj']);
    expect(o.end).toBe('done');
    expect(o.chunks).toHaveLength(2);
    expect(m).toEqual(o);
  });

  it('a connection dropped mid-event: the official client fails with a plain error, modelwire with a StreamError', async () => {
    const { o, m } = await run(pair(), [START, data(chunk('a')), 'data: {"id":"chatcmpl-1","obj'], { cut: true });
    expect(o.end).not.toBe('done');
    if (ON_BUN && m.end !== 'StreamError') {
      // Bun's fetch errors its body stream at the cut, which empties the queue of bytes not yet handed
      // out (the official client may lose the chunks read before it), and may reject the fetch itself
      // when the cut comes before it resolved: then modelwire fails the call with a ConnectionError
      expect(m.end).toBe('open:ConnectionError');
      return;
    }
    if (ON_BUN) expect(m.chunks.length).toBeLessThanOrEqual(2);
    else {
      expect(m.chunks).toEqual(o.chunks);
      expect(o.chunks).toHaveLength(2);
    }
    expect(m.end).toBe('StreamError');
    expect((m.error as StreamError).message).toMatch(/stream broke after it started/);
  });

  it('a data: {"error":…} payload mid-stream: the official client throws an APIError, modelwire a StreamError; same chunks before it', async () => {
    const error = { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null };
    const { o, m } = await run(pair(), [START, data(chunk('a')), data({ error }), END, 'data: [DONE]\n\n']);
    expect(m.chunks).toEqual(o.chunks);
    expect(o.chunks).toHaveLength(2);
    expect(o.end).toBe('APIError');
    expect((o.error as InstanceType<typeof OpenAI.APIError>).error).toEqual(error);
    expect((o.error as Error).message).toBe(error.message);
    expect(m.end).toBe('StreamError');
    expect((m.error as StreamError).event).toEqual({ error });
    expect((m.error as StreamError).message).toContain(error.message);
  });

  it('event: error with an {"error":…} payload: both fail after the same chunks', async () => {
    const error = { message: 'overloaded', type: 'server_error', param: null, code: 'overloaded' };
    const { o, m } = await run(pair(), [START, data(chunk('a')), `event: error\n${data({ error })}`]);
    expect(m.chunks).toEqual(o.chunks);
    expect(o.end).toBe('APIError');
    expect(m.end).toBe('StreamError');
    expect((m.error as StreamError).message).toContain('overloaded');
  });

  it('event: error whose payload has no "error" key: the official client yields it as a chunk, modelwire fails with a StreamError', async () => {
    const payload = { message: 'upstream timed out', code: 504 };
    const { o, m } = await run(pair(), [START, `event: error\n${data(payload)}`, END, 'data: [DONE]\n\n']);
    expect(o.end).toBe('done');
    expect(o.chunks).toEqual([plain(JSON.parse(START.slice(6))), payload, plain(JSON.parse(END.slice(6)))]);
    expect(m.chunks).toEqual(o.chunks.slice(0, 1));
    expect(m.end).toBe('StreamError');
    expect((m.error as StreamError).event).toEqual(payload);
  });

  it('an error as the first event: both open the stream and throw on the first read', async () => {
    const error = { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' };
    const { o, m } = await run(pair(), [data({ error })]);
    expect(o.chunks).toEqual([]);
    expect(m.chunks).toEqual([]);
    expect(o.end).toBe('APIError');
    expect(m.end).toBe('StreamError');
  });

  it('a byte order mark before the first event: both strip it', async () => {
    const { o, m } = await run(pair(), ['\uFEFF' + START, data(chunk('a')), END, 'data: [DONE]\n\n']);
    expect(o.chunks).toHaveLength(3);
    expect(m).toEqual(o);
  });

  it('a 200 JSON body instead of an event stream: the official client yields nothing and ends, modelwire fails with a StreamError carrying the body', async () => {
    const body = { error: { message: 'streaming is not supported', type: 'invalid_request_error', param: 'stream', code: null } };
    diff.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    const o = await capture(diff.server, async () => drain(await pair().official.chat.completions.create(params)));
    const m = await capture(diff.server, async () => drain(await createChatCompletion(pair().mw, params)));
    expect(valueOf(o.outcome)).toEqual({ values: [] });
    const err = m.outcome.ok ? m.outcome.value.error : m.outcome.error;
    expect(err).toBeInstanceOf(StreamError);
    expect((err as StreamError).event).toEqual(body);
  });

  it('[DONE] as the first event: both give an empty stream', async () => {
    const { o, m } = await run(pair(), ['data: [DONE]\n\n']);
    expect(o).toEqual({ chunks: [], end: 'done' });
    expect(m).toEqual(o);
  });

  it('an event with an empty data line: the official client fails parsing it, modelwire skips it', async () => {
    const { o, m } = await run(pair(), [START, 'data:\n\n', END, 'data: [DONE]\n\n']);
    expect(o.end).toBe('SyntaxError');
    expect(o.chunks).toHaveLength(1);
    expect(m.end).toBe('done');
    expect(m.chunks).toEqual([o.chunks[0], plain(JSON.parse(END.slice(6)))]);
  });

  it('the connection dropped before the first event: the official client opens the stream and fails reading it, modelwire rejects the call with a ConnectionError', async () => {
    const { o, m } = await run(pair(), [': opening\n\n'], { cut: true });
    expect(o).toMatchObject({ chunks: [], end: 'TypeError' });
    expect(m).toMatchObject({ chunks: [], end: 'open:ConnectionError' });
    expect((m.error as ConnectionError).requestMayHaveReachedServer).toBe(true);
  });

  it('an event whose data is not JSON: both fail after the same chunks', async () => {
    const { o, m } = await run(pair(), [START, 'data: {not json\n\n', END]);
    expect(m.chunks).toEqual(o.chunks);
    expect(o.end).toBe('SyntaxError');
    expect(m.end).toBe('StreamError');
  });
});
