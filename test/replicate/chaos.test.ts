/**
 * Randomized fault and cancellation interleavings of Replicate `run` (create, sync mode, polling,
 * the cancel sent when it gives up), `wait` and `stream` (with every kind of consumer), on both
 * transports: the invariants of test/helpers/chaos.ts hold in every case, and the create (a
 * billable POST) is never sent twice unless a 429 refused it first.
 * Replay with the CHAOS_SEED and CHAOS_CASE a failure prints.
 */
import { it } from 'vitest';
import { run, streamPrediction, waitForPrediction } from '../../src/replicate/index.js';
import type { ChaosRoute } from '../helpers/chaos-server.js';
import { caseNumbers, chaosCase, chaosSettings, consume, isRetried, isRetriedOpen, type ChaosOp, type OpEnv, type Rand, useChaosSuite } from '../helpers/chaos.js';
import { sseFrame } from '../helpers/test-server.js';

const settings = chaosSettings(200, 3);
const { server, transports } = useChaosSuite();

const retryOff = (env: OpEnv) => (env.retryOff ? { retry: false as const } : {});
const route = (rng: Rand): ChaosRoute => ({
  steps: rng.int(1, 3),
  sync: rng.chance(0.4),
  outcome: rng.pick(['succeeded', 'succeeded', 'succeeded', 'failed', 'canceled'] as const),
  events: rng.int(0, 4),
  sse: rng.pick(['end', 'end', 'stall', 'drop'] as const),
});
const base = (o: string, t: string): string => `${o}/${t}/v1`;
const prediction = (t: string) => `/${t}/v1/predictions/${t}-p`;

const OPS: ChaosOp[] = [
  {
    name: 'replicate.run',
    stream: false,
    reports: true,
    background: true,
    // the create (a billable POST) is repeated only after a 429; a poll after any fault the policy retries; the cancel is never sent
    retried: (path, step, t) => (path === `/${t}/v1/models/acme/echo/predictions` ? (step.kind === 'status' && step.status === 429) || step.kind === 'delay' : isRetried(step)),
    mustSucceed: (r) => (r.outcome ?? 'succeeded') === 'succeeded',
    paths: (t) => [`/${t}/v1/models/acme/echo/predictions`, prediction(t), `${prediction(t)}/cancel`],
    baseURL: base,
    once: { path: (t) => `/${t}/v1/models/acme/echo/predictions`, refused: [429] },
    route,
    run: (env) => {
      let progress = 0;
      const onProgress = () => env.took(++progress);
      return run(env.client, 'acme/echo', { input: { x: 1 }, signal: env.signal, wait: env.rng.pick([true, false, 1]), pollInitialDelayMs: 1, pollMaxDelayMs: 4, onProgress, ...retryOff(env) });
    },
  },
  {
    name: 'replicate.wait',
    stream: false,
    reports: true,
    background: true,
    mustSucceed: (r) => r.outcome === 'succeeded' || r.outcome === undefined,
    paths: (t) => [prediction(t), `${prediction(t)}/cancel`],
    baseURL: base,
    route,
    run: (env) => {
      let progress = 0;
      return waitForPrediction(env.client, `${env.tag}-p`, { signal: env.signal, initialDelayMs: 1, maxDelayMs: 4, onProgress: () => env.took(++progress), ...retryOff(env) });
    },
  },
  {
    name: 'replicate.stream',
    stream: true,
    options: (rng) => ({ idleTimeoutMs: rng.chance(0.3) ? rng.int(5, 60) : undefined }),
    retried: (_path, step) => isRetriedOpen(step),
    mustSucceed: (r, o) => (r.sse ?? 'end') === 'end' && o.idleTimeoutMs === undefined,
    truncated: [1, 2, 3].map((i) => sseFrame({ event: 'output', id: String(i), data: `t${i}` })),
    paths: (t) => [`/${t}/stream/${t}-p`],
    baseURL: base,
    route,
    hangs: (r) => r.sse === 'stall',
    run: async (env) => {
      const idleTimeoutMs = env.extra.idleTimeoutMs as number | undefined;
      const stream = await streamPrediction(env.client, `${base(server().url, env.tag).slice(0, -3)}/stream/${env.tag}-p`, { signal: env.signal, idleTimeoutMs, ...retryOff(env) });
      return consume(stream, env);
    },
  },
];

it(`keeps every invariant across ${settings.only !== undefined ? `case ${settings.only}` : `${settings.runs} random cases`} (seed ${settings.seed})`, async () => {
  for (const n of caseNumbers(settings)) await chaosCase(settings, n, server(), transports, OPS);
}, 120_000);
