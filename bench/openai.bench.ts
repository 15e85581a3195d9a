/**
 * modelwire/openai vs the official `openai` client (6.x) on the same loopback server, same run.
 *
 * The server runs in a child process (this file with `--server`), so client and server do not share
 * an event loop. It answers a real-shaped chat.completion, or, for `stream: true`, 20,000
 * chat.completion.chunk events written in 64 KiB slices.
 *
 * Metrics (ratios; > 1 means modelwire is faster):
 * - openai.chat_vs_official_seq: non-streaming calls/s, one at a time (goal ≥ 2.0)
 * - openai.chat_vs_official_32: non-streaming calls/s, 32 in flight (goal ≥ 4.0)
 * - openai.stream_vs_official: streamed chunks/s (goal ≥ 3.0)
 * - openai.token_check_vs_stringify: JSON.stringify time ÷ the check of a prompt or embedding input
 *   list (src/openai/internal.ts checkTokenInputs), for 200,000 token ids and 2,048 lists of 100
 * Context lines (`# ...`) give raw undici (+ eventsource-parser for streams) on the same server.
 *
 * Run: `npm run bench -- openai`
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { Pool } from 'undici';
import { createChatCompletion, createOpenAIClient } from 'modelwire/openai';
import { undiciTransport } from 'modelwire/undici';
// internal (not exported): the source, which tsx runs as tsup would build it
import { checkTokenInputs } from '../src/openai/internal.js';
import { largeRequestValues, median, metric, stringifyVsCheck } from './support/harness.js';

const STREAM_CHUNKS = 20_000;
const SLICE = 64 * 1024;

// ------------------------------------------------------------------------------------------ server

function runServer(): void {
  const completion = JSON.stringify({
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: 1741570283,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'The image shows a wooden boardwalk path running through a lush green field.', refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 1117,
      completion_tokens: 46,
      total_tokens: 1163,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_fc9f1d7035',
  });
  const completionBytes = Buffer.from(completion);
  let sse = '';
  const words = ['The', ' image', ' shows', ' a', ' wooden', ' boardwalk', ' path', '.'];
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    const chunk = {
      id: 'chatcmpl-123',
      object: 'chat.completion.chunk',
      created: 1694268190,
      model: 'gpt-4o-mini',
      system_fingerprint: 'fp_44709d6fcb',
      choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: '' } : { content: words[i % words.length] }, logprobs: null, finish_reason: null }],
    };
    sse += `data: ${JSON.stringify(chunk)}\n\n`;
  }
  sse += `data: ${JSON.stringify({ id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1694268190, model: 'gpt-4o-mini', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] })}\n\n`;
  sse += 'data: [DONE]\n\n';
  const sseBytes = Buffer.from(sse);
  const slices: Buffer[] = [];
  for (let i = 0; i < sseBytes.length; i += SLICE) slices.push(sseBytes.subarray(i, i + SLICE));

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      if (body.includes('"stream":true')) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        let i = 0;
        const pump = (): void => {
          while (i < slices.length) {
            if (!res.write(slices[i++]!)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': completionBytes.length, 'x-request-id': 'req_1' });
      res.end(completionBytes);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

// ------------------------------------------------------------------------------------------ clients

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Describe the image in one sentence.' }], temperature: 0.2 };
const body = JSON.stringify(params);
const streamBody = JSON.stringify({ ...params, stream: true });

type Call = () => Promise<unknown>;

async function callsPerSecond(call: Call, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (total / (performance.now() - start)) * 1000;
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const origin = `http://127.0.0.1:${port}`;

  const mw = createOpenAIClient({ baseURL: `${origin}/v1`, apiKey: 'x', transport: undiciTransport(), retry: false });
  const official = new OpenAI({ apiKey: 'x', baseURL: `${origin}/v1`, maxRetries: 0 });
  const pool = new Pool(origin, { connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
  const rawHeaders = { 'content-type': 'application/json', authorization: 'Bearer x', accept: 'application/json' };

  const clients: Record<'mw' | 'official' | 'raw', Call> = {
    mw: () => createChatCompletion(mw.client, params),
    official: () => official.chat.completions.create(params),
    raw: async () => {
      const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: rawHeaders, body });
      return JSON.parse(await res.body.text());
    },
  };
  const streams: Record<'mw' | 'official' | 'raw', () => Promise<number>> = {
    mw: async () => {
      let n = 0;
      for await (const _ of await mw.chat.completions.create({ ...params, stream: true })) n++;
      return n;
    },
    official: async () => {
      let n = 0;
      for await (const _ of await official.chat.completions.create({ ...params, stream: true })) n++;
      return n;
    },
    raw: async () => {
      let n = 0;
      const parser = createParser({
        onEvent: (e) => {
          if (e.data !== '[DONE]') {
            JSON.parse(e.data);
            n++;
          }
        },
      });
      const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { ...rawHeaders, accept: 'text/event-stream' }, body: streamBody });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      return n;
    },
  };

  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
  const SEQ = Number(process.env.BENCH_SEQ ?? 1500);
  const PAR = Number(process.env.BENCH_PAR ?? 6000);

  // warm up every path (JIT, pools, connections)
  for (const name of ['mw', 'official', 'raw'] as const) {
    await callsPerSecond(clients[name], 500, 1);
    await callsPerSecond(clients[name], 2000, 32);
    await streams[name]();
  }

  const seq: Record<string, number[]> = { mw: [], official: [], raw: [] };
  const par: Record<string, number[]> = { mw: [], official: [], raw: [] };
  const str: Record<string, number[]> = { mw: [], official: [], raw: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // interleave, rotating the order each round and reversing it every other round: a rotation
    // alone keeps each client's predecessor fixed (official always ran right after modelwire, so it
    // paid whatever GC debt modelwire's run left behind)
    const rotated = (['mw', 'official', 'raw'] as const).map((_, i, a) => a[(i + r) % a.length]!);
    const order = r % 2 ? rotated.reverse() : rotated;
    for (const name of order) seq[name]!.push(await callsPerSecond(clients[name], SEQ, 1));
    for (const name of order) par[name]!.push(await callsPerSecond(clients[name], PAR, 32));
    for (const name of order) {
      const start = performance.now();
      const n = await streams[name]();
      if (n !== STREAM_CHUNKS + 1) throw new Error(`${name} stream saw ${n} chunks, expected ${STREAM_CHUNKS + 1}`);
      str[name]!.push((n / (performance.now() - start)) * 1000);
    }
  }

  const m = (o: Record<string, number[]>, k: string): number => median(o[k]!);
  const fmt = (x: number): string => x.toFixed(0);
  console.log(`# sequential calls/s (median of ${ROUNDS}): modelwire ${fmt(m(seq, 'mw'))}, official ${fmt(m(seq, 'official'))}, raw undici ${fmt(m(seq, 'raw'))}`);
  console.log(`# 32-in-flight calls/s (median of ${ROUNDS}): modelwire ${fmt(m(par, 'mw'))}, official ${fmt(m(par, 'official'))}, raw undici ${fmt(m(par, 'raw'))}`);
  console.log(`# stream chunks/s (median of ${ROUNDS}): modelwire ${fmt(m(str, 'mw'))}, official ${fmt(m(str, 'official'))}, raw undici+eventsource-parser ${fmt(m(str, 'raw'))}`);
  console.log(`# vs raw undici: modelwire seq ${(m(seq, 'mw') / m(seq, 'raw')).toFixed(2)}, 32 ${(m(par, 'mw') / m(par, 'raw')).toFixed(2)}, stream ${(m(str, 'mw') / m(str, 'raw')).toFixed(2)}; official seq ${(m(seq, 'official') / m(seq, 'raw')).toFixed(2)}, 32 ${(m(par, 'official') / m(par, 'raw')).toFixed(2)}, stream ${(m(str, 'official') / m(str, 'raw')).toFixed(2)}`);
  console.log(`metric openai.chat_vs_official_seq ${(m(seq, 'mw') / m(seq, 'official')).toFixed(2)}`);
  console.log(`metric openai.chat_vs_official_32 ${(m(par, 'mw') / m(par, 'official')).toFixed(2)}`);
  console.log(`metric openai.stream_vs_official ${(m(str, 'mw') / m(str, 'official')).toFixed(2)}`);
  const { tokenLists } = largeRequestValues();
  metric('openai.token_check_vs_stringify', stringifyVsCheck(tokenLists, (v) => (v as unknown[][]).forEach((list) => checkTokenInputs(list, 'input', 'bench.input'))), 2);

  await pool.close();
  child.disconnect();
}

if (process.argv.includes('--server')) runServer();
else await main();
