/**
 * Randomized fault and cancellation interleavings of the core operations (request GET / POST,
 * requestStream with every kind of consumer, paginate, poll, withFallback switching to a local
 * side) on both transports: the invariants of test/helpers/chaos.ts hold in every case.
 * Replay a failure with the CHAOS_SEED and CHAOS_CASE it prints; CHAOS_RUNS=n for longer hunts.
 */
import { it } from 'vitest';
import { paginate, poll, request, requestStream, withFallback, type Page } from '../../src/index.js';
import { abortReason } from '../../src/core/deadline.js';
import { caseNumbers, chaosCase, chaosSettings, consume, isRetriedOpen, type ChaosOp, type OpEnv, useChaosSuite } from '../helpers/chaos.js';
import { sseFrame } from '../helpers/test-server.js';

const settings = chaosSettings(220, 1);
const { server, transports } = useChaosSuite();

const opts = (env: OpEnv) => ({ signal: env.signal, ...(env.retryOff ? { retry: false as const } : {}) });

const getJson = (env: OpEnv, path = `/${env.tag}/json`) => request(env.client, { method: 'GET', path, operation: 'chaos.get' }, opts(env));

/** A local side that answers after a turn, and honours the signal as an SDK operation would. */
const local = {
  get: async (env: OpEnv): Promise<{ ok: boolean }> => {
    await new Promise((r) => setImmediate(r));
    if (env.signal.aborted) throw abortReason(env.signal, 'local.get');
    return { ok: true };
  },
};
const remote = { get: (env: OpEnv) => getJson(env) as Promise<{ ok: boolean }> };

const OPS: ChaosOp[] = [
  {
    name: 'request GET',
    stream: false,
    paths: (t) => [`/${t}/json`],
    route: (rng) => ({ badShape: rng.chance(0.1) }),
    mustSucceed: (r) => !r.badShape,
    run: (env) => getJson(env),
  },
  {
    name: 'request POST',
    stream: false,
    paths: (t) => [`/${t}/json`],
    once: { path: (t) => `/${t}/json`, refused: [] },
    run: (env) => request(env.client, { method: 'POST', path: `/${env.tag}/json`, body: { x: 1 }, operation: 'chaos.post' }, opts(env)),
  },
  {
    name: 'request POST refused-before-work',
    stream: false,
    paths: (t) => [`/${t}/json`],
    once: { path: (t) => `/${t}/json`, refused: [429] },
    run: (env) => request(env.client, { method: 'POST', path: `/${env.tag}/json`, body: { x: 1 }, operation: 'chaos.post429', refusedBeforeWork: [429] }, opts(env)),
  },
  {
    name: 'requestStream',
    stream: true,
    truncated: [1, 2, 3].map((i) => sseFrame({ id: String(i), data: JSON.stringify({ i }) })),
    paths: (t) => [`/${t}/sse`],
    route: (rng) => ({ events: rng.int(0, 4), sse: rng.pick(['end', 'end', 'stall', 'drop'] as const) }),
    hangs: (route) => route.sse === 'stall',
    options: (rng) => ({
      resume: rng.chance(0.5),
      idleTimeoutMs: rng.chance(0.3) ? rng.int(5, 60) : undefined,
      firstEventTimeoutMs: rng.chance(0.2) ? rng.int(5, 60) : undefined,
    }),
    // a stream dropped before its first event is retried like any attempt
    retried: (_path, step) => isRetriedOpen(step),
    mustSucceed: (r, o) => (r.sse ?? 'end') === 'end' && o.idleTimeoutMs === undefined && o.firstEventTimeoutMs === undefined,
    run: async (env) => {
      const stream = await requestStream(
        env.client,
        {
          method: 'GET',
          path: `/${env.tag}/sse`,
          operation: 'chaos.stream',
          resume: env.extra.resume === true,
          idleTimeoutMs: env.extra.idleTimeoutMs as number | undefined,
          firstEventTimeoutMs: env.extra.firstEventTimeoutMs as number | undefined,
        },
        opts(env),
      );
      return consume(stream, env);
    },
  },
  {
    name: 'paginate',
    stream: false,
    mustSucceed: (r) => !r.badShape,
    paths: (t) => [`/${t}/page`],
    route: (rng) => ({ badShape: rng.chance(0.05) }),
    run: (env) =>
      paginate<number, number>(
        (cursor) => request(env.client, { method: 'GET', path: `/${env.tag}/page`, query: { cursor }, operation: 'chaos.page' }, opts(env)) as Promise<Page<number, number>>,
      ).toArray(env.rng.chance(0.3) ? env.rng.int(1, 5) : undefined),
  },
  {
    name: 'poll',
    stream: false,
    background: true,
    mustSucceed: () => true,
    paths: (t) => [`/${t}/poll`],
    route: (rng) => ({ steps: rng.int(1, 4) }),
    run: (env) =>
      poll({
        fetch: (signal) => request(env.client, { method: 'GET', path: `/${env.tag}/poll`, operation: 'chaos.poll.get' }, { signal, ...(env.retryOff ? { retry: false as const } : {}) }),
        done: (v) => (v as { status: string }).status === 'done',
        initialDelayMs: 1,
        maxDelayMs: 4,
        signal: env.signal,
        timeoutMs: env.timeoutMs,
        operation: 'chaos.poll',
        onTimeoutOrAbort: env.rng.chance(0.5) ? async () => void (await getJson({ ...env, signal: new AbortController().signal }, `/${env.tag}/json`).catch(() => undefined)) : undefined,
        cleanupTimeoutMs: 50,
      }),
  },
  {
    name: 'withFallback',
    stream: false,
    reports: true,
    mustSucceed: () => true,
    paths: (t) => [`/${t}/json`],
    run: async (env) => {
      const target = withFallback<{ get(env: OpEnv): Promise<{ ok: boolean }> }>(remote, { get: local.get }, { primaryName: 'remote', fallbackName: 'local', onFallback: () => env.took(1) });
      const res = await target.get(env);
      if (res.source !== 'remote' && res.source !== 'local') throw new Error(`no source on ${JSON.stringify(res)}`);
      return res;
    },
  },
];

it(`keeps every invariant across ${settings.only !== undefined ? `case ${settings.only}` : `${settings.runs} random cases`} (seed ${settings.seed})`, async () => {
  for (const n of caseNumbers(settings)) await chaosCase(settings, n, server(), transports, OPS);
}, 120_000);
