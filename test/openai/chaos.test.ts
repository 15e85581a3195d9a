/**
 * Randomized fault and cancellation interleavings of OpenAI streamed chat completions (read with
 * every kind of consumer, or accumulated), on both transports: the invariants of
 * test/helpers/chaos.ts hold in every case, and the POST is never sent twice unless a 429 refused it.
 * Replay with the CHAOS_SEED and CHAOS_CASE a failure prints.
 */
import { it } from 'vitest';
import { accumulateChatStream, streamChatCompletion } from '../../src/openai/index.js';
import { caseNumbers, chaosCase, chaosSettings, consume, type ChaosOp, type OpEnv, type Step, useChaosSuite } from '../helpers/chaos.js';

const settings = chaosSettings(200, 4);
const { server, transports } = useChaosSuite();

const chunk = (i: number) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, logprobs: null, delta: { content: `w${i}` }, finish_reason: null }] });

const open = (env: OpEnv) =>
  streamChatCompletion(
    env.client,
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
    {
      signal: env.signal,
      idleTimeoutMs: env.extra.idleTimeoutMs as number | undefined,
      firstEventTimeoutMs: env.extra.firstEventTimeoutMs as number | undefined,
      ...(env.retryOff ? { retry: false as const } : {}),
    },
  );

const common = {
  stream: true,
  truncated: [0, 1, 2].map(chunk),
  paths: (t: string) => [`/${t}/v1/chat/completions`],
  baseURL: (o: string, t: string) => `${o}/${t}/v1`,
  once: { path: (t: string) => `/${t}/v1/chat/completions`, refused: [429] },
  route: (rng: OpEnv['rng']) => ({ events: rng.int(0, 4), sse: rng.pick(['end', 'end', 'stall', 'drop'] as const) }),
  hangs: (r: { sse?: string }) => r.sse === 'stall',
  options: (rng: OpEnv['rng']) => ({ idleTimeoutMs: rng.chance(0.3) ? rng.int(5, 60) : undefined, firstEventTimeoutMs: rng.chance(0.2) ? rng.int(5, 60) : undefined }),
  // a billable POST: only the 429 that refused it before any work is repeated
  retried: (_path: string, step: Step) => (step.kind === 'status' && step.status === 429) || step.kind === 'delay',
  mustSucceed: (r: { sse?: string }, o: OpEnv['extra']) => (r.sse ?? 'end') === 'end' && o.idleTimeoutMs === undefined && o.firstEventTimeoutMs === undefined,
};

const OPS: ChaosOp[] = [
  { name: 'openai.chat stream', ...common, run: async (env) => consume(await open(env), env) },
  {
    name: 'openai.chat accumulate',
    ...common,
    run: async (env) => {
      let n = 0;
      return accumulateChatStream(await open(env), () => env.took(++n));
    },
  },
];

it(`keeps every invariant across ${settings.only !== undefined ? `case ${settings.only}` : `${settings.runs} random cases`} (seed ${settings.seed})`, async () => {
  for (const n of caseNumbers(settings)) await chaosCase(settings, n, server(), transports, OPS);
}, 120_000);
