/**
 * The randomized fault and cancellation harness: seeded case generation (faults per attempt,
 * abort moments chosen by events, small deadlines, retry policies, concurrency on one signal) and
 * the invariants every call must keep, checked after each case. Used by `test/<area>/chaos.test.ts`.
 *
 * Replay: a failure names its seed and case; `CHAOS_SEED=<seed> CHAOS_CASE=<n> npx vitest run <file>`
 * runs that case alone, `CHAOS_RUNS=<n>` runs more cases per file (long local hunts).
 *
 * What "legitimately" means for the error of a call that was aborted (or whose deadline passed)
 * before it settled: the AbortError (TimeoutError), or an error that states what the server had
 * already answered in full — an {@link APIError} status, a {@link ResponseValidationError} of a body
 * it sent, a {@link PredictionError} of a prediction that ended, or a {@link StreamError} carrying
 * an event. Never a {@link ConnectionError}: once the call is aborted, a connection failure is the
 * abort's own doing. A TimeoutError is never early: the limit it names has passed.
 *
 * @example
 * ```ts
 * const settings = chaosSettings(150);
 * for (const n of caseNumbers(settings)) await runCase(settings, n, async (rng, check) => { ... });
 * ```
 * @module
 */
import { createHook } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { AbortError, APIError, ConnectionError, createClient, ModelwireError, ResponseValidationError, StreamError, TimeoutError, type Client, type RetryOptions, type Stream, type Transport } from '../../src/index.js';
import { PredictionError } from '../../src/replicate/index.js';
import { mulberry32 } from '../../scripts/model-weights.js';
import type { Fault, SseEventInput } from './test-server.js';
import { afterAll, beforeAll } from 'vitest';
import { fetchTransport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { startChaosServer, type ChaosRoute, type ChaosServer } from './chaos-server.js';

/** The API key every chaos client sends; nothing the SDK produces may contain it. */
export const CHAOS_KEY = 'sk-chaos-7e57c0ffee-SECRET';

/** Seed, number of cases, and the one case to run alone (replay). */
export interface ChaosSettings {
  seed: number;
  runs: number;
  only: number | undefined;
}

/**
 * Reads `CHAOS_SEED`, `CHAOS_RUNS` and `CHAOS_CASE`; `salt` keeps the files' default seeds apart.
 *
 * @example
 * ```ts
 * const settings = chaosSettings(150, 2);
 * ```
 */
export function chaosSettings(defaultRuns: number, salt: number): ChaosSettings {
  const env = process.env;
  const seed = env.CHAOS_SEED === undefined ? 20_261_130 + salt : Number(env.CHAOS_SEED);
  const runs = env.CHAOS_RUNS === undefined ? defaultRuns : Number(env.CHAOS_RUNS);
  const only = env.CHAOS_CASE === undefined ? undefined : Number(env.CHAOS_CASE);
  return { seed, runs, only };
}

/**
 * The case numbers to run: `0 … runs − 1`, or the one `CHAOS_CASE` names.
 *
 * @example
 * ```ts
 * for (const n of caseNumbers(settings)) await chaosCase(settings, n, cs, transports, OPS);
 * ```
 */
export function caseNumbers(s: ChaosSettings): number[] {
  return s.only !== undefined ? [s.only] : Array.from({ length: s.runs }, (_, i) => i);
}

/**
 * A seeded random source (mulberry32) with the few helpers the generators need.
 *
 * @example
 * ```ts
 * const rng = new Rand(42); rng.int(1, 3); rng.pick(['a', 'b']); rng.chance(0.2);
 * ```
 */
export class Rand {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed >>> 0);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// What a case is made of

/** One planned answer to one attempt: a fault, or `ok` (the handler answers). */
export type Step = { kind: 'ok' } | Fault;

/** Faults that hold the request until the client gives up: only with a short deadline. */
export const HANGS = new Set(['no-headers', 'stall-body']);

/**
 * A random fault sequence for the attempts of one path (ends with `ok` or runs out).
 *
 * @example
 * ```ts
 * const steps = faultSequence(rng, { stream: false, allowHang: true });
 * ```
 */
export function faultSequence(rng: Rand, o: { stream: boolean; allowHang: boolean; truncated?: readonly SseEventInput[]; max?: number; only?: (s: Step) => boolean }): Step[] {
  const steps: Step[] = [];
  const max = o.max ?? 4;
  for (let i = 0; i < max; i++) {
    if (rng.chance(0.35)) break; // the rest is answered normally
    const pool: Step[] = [
      { kind: 'status', status: 503, headers: rng.chance(0.5) ? { 'retry-after-ms': String(rng.int(0, 5)) } : {} },
      { kind: 'status', status: 429, headers: { 'retry-after-ms': String(rng.int(0, 5)), 'x-request-id': 'req_1' } },
      { kind: 'status', status: 500, body: { error: `echo ${CHAOS_KEY}` } },
      { kind: 'status', status: rng.pick([400, 404, 422]) },
      { kind: 'reset-before-response' },
      { kind: 'reset-after-body' },
      // for a stream: half an event of an event stream, or a JSON answer (not a stream at all) cut short
      o.stream && rng.chance(0.5) ? { kind: 'reset-mid-body', headers: { 'content-type': 'text/event-stream' }, body: 'data: {"i":' } : { kind: 'reset-mid-body' },
      { kind: 'delay', ms: rng.int(1, 20) },
      ...(o.stream ? [] : [{ kind: 'invalid-json', body: `{"echo": "${CHAOS_KEY}` } as Step]),
      ...(o.stream && o.truncated ? [{ kind: 'truncated-sse', events: o.truncated.slice(0, rng.int(0, o.truncated.length)) } as Step] : []),
      // an error event in the stream that echoes the key
      ...(o.stream ? [{ kind: 'status', status: 200, headers: { 'content-type': 'text/event-stream' }, body: `event: error\ndata: {"error":"bad ${CHAOS_KEY}"}\n\n` } as Step] : []),
      ...(o.allowHang
        ? [
            { kind: 'no-headers' } as Step,
            (o.stream
              ? { kind: 'stall-body', headers: { 'content-type': 'text/event-stream' }, body: rng.chance(0.5) ? '' : 'data: {"i":0}\n\n' }
              : { kind: 'stall-body' }) as Step,
          ]
        : []),
    ];
    steps.push(rng.pick(o.only ? pool.filter(o.only) : pool));
  }
  return steps;
}

/**
 * Queues a fault sequence on one exact path: step `i` answers attempt `i + 1` to that path (by the
 * requests recorded for it so far: a head-phase fault cannot jump ahead of the ones before it).
 *
 * @example
 * ```ts
 * queueFaults(cs, '/c1/json', [{ kind: 'status', status: 503 }, { kind: 'reset-before-response' }]);
 * ```
 */
export function queueFaults(cs: ChaosServer, path: string, steps: readonly Step[]): void {
  const attemptOf = (): number => cs.http.requests.filter((r) => r.path === path).length + 1;
  steps.forEach((step, i) => {
    if (step.kind !== 'ok') cs.http.faults.push({ match: (req) => req.path === path && attemptOf() === i + 1, fault: step });
  });
}

/** When the shared signal aborts, by event. */
export type AbortPlan =
  | { at: 'never' }
  | { at: 'before-send' }
  /** when the server has received request number `n` (1-based) of a call, then after `turns` event-loop turns */
  | { at: 'received'; n: number; turns: number }
  /** when the server has written SSE event `n` (0-based), then after `turns` turns */
  | { at: 'event-written'; n: number; turns: number }
  /** inside `onRetry` of retry number `n` (the backoff wait begins right after) */
  | { at: 'on-retry'; n: number }
  /** when a stream consumer has taken `n` values (or the call reported its `n`-th step: a progress, a switch to the fallback) */
  | { at: 'consumer'; n: number };

/**
 * A random abort plan.
 *
 * @example
 * ```ts
 * const plan = abortPlan(rng, true);
 * ```
 */
export function abortPlan(rng: Rand, stream: boolean, reports = stream): AbortPlan {
  const kinds = ['never', 'never', 'before-send', 'received', 'received', 'on-retry', ...(stream ? (['event-written'] as const) : []), ...(reports ? (['consumer'] as const) : [])] as const;
  const at = rng.pick(kinds);
  const turns = rng.pick([0, 0, 1, 2, 3, 5, 8]);
  switch (at) {
    case 'never':
    case 'before-send':
      return { at };
    case 'received':
      return { at, n: rng.int(1, 3), turns };
    case 'event-written':
      return { at, n: rng.int(0, 3), turns };
    case 'on-retry':
      return { at, n: rng.int(1, 2) };
    case 'consumer':
      return { at, n: rng.int(0, 3) };
  }
}

/**
 * Random retry settings (`false` for none), with its jitter drawn from `rng`.
 *
 * @example
 * ```ts
 * createClient({ baseURL, retry: retryOptions(rng) });
 * ```
 */
export function retryOptions(rng: Rand): RetryOptions | false {
  if (rng.chance(0.15)) return false;
  return { maxRetries: rng.int(0, 3), initialDelayMs: rng.int(1, 8), maxDelayMs: rng.int(8, 30), jitter: rng.next(), random: rng.next };
}

// ---------------------------------------------------------------------------------------------
// Running a case and checking it

/** How one call ended. */
export interface Outcome {
  label: string;
  value?: unknown;
  error?: unknown;
  /** `Date.now()` when the call started and settled. */
  startedAt: number;
  settledAt: number;
  /** Order of the settlement among the case's events (see {@link CaseState.abortSeq}). */
  settledSeq: number;
}

/** A counter that orders the events of a case exactly (two events in one millisecond included). */
let seq = 0;

/** The state of a case that the checks read: when the user signal aborted, the server, the calls. */
export interface CaseState {
  readonly controller: AbortController;
  /** `Date.now()` of the user abort, once it happened. */
  abortedAt: number | undefined;
  /** Order of the user abort among the case's events. */
  abortSeq: number | undefined;
  /** Whether a call of the case may leave bounded work running after it settled (see {@link ChaosOp.background}). */
  background: boolean;
  /** Per call tag: order of the first connection the server broke (a reset, a truncated or dropped stream). */
  readonly brokeAt: Map<string, number>;
  /** The time at which each call started and its deadline (for the TimeoutError check). */
  readonly outcomes: Outcome[];
  /** Problems found; the case fails with all of them. */
  readonly problems: string[];
}

/** Outcome counts by operation and error class (printed with CHAOS_STATS=1). */
export const chaosStats = new Map<string, number>();

/** Unhandled rejections and uncaught exceptions while the suite runs (installed by {@link watchProcess}). */
const processErrors: string[] = [];
let watching = 0;
const onUnhandled = (reason: unknown): void => void processErrors.push(`unhandledRejection: ${inspect(reason, { depth: 2 })}`);
const onUncaught = (err: unknown): void => void processErrors.push(`uncaughtException: ${inspect(err, { depth: 2 })}`);

/**
 * Collects unhandled rejections and uncaught exceptions for the whole file; returns the function
 * that stops collecting. Call in `beforeAll`.
 *
 * @example
 * ```ts
 * let stop: () => void; beforeAll(() => { stop = watchProcess(); }); afterAll(() => stop());
 * ```
 */
export function watchProcess(): () => void {
  if (watching++ === 0) {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
  }
  return () => {
      if (process.env.CHAOS_STATS) console.log([...chaosStats].sort().map(([k, v]) => `${v}\t${k}`).join('\n'));
    if (--watching === 0) {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUncaught);
    }
  };
}

type NodeTimeout = { _idleTimeout: number; _destroyed: boolean; hasRef(): boolean; _onTimeout?: unknown };

/** Timers the SDK (its src/ or its dependencies) creates while `active`, with where they were made. */
class TimerWatch {
  readonly created: Array<{ timer: NodeTimeout; stack: string }> = [];
  readonly #hook = createHook({
    init: (_id, type, _trigger, resource) => {
      if (type !== 'Timeout') return;
      const stack = new Error().stack ?? '';
      if (/[/\\]src[/\\]|node_modules[/\\](undici|p-retry)/.test(stack)) this.created.push({ timer: resource as NodeTimeout, stack });
    },
  });
  start(): void {
    this.#hook.enable();
  }
  stop(): void {
    this.#hook.disable();
  }
  /** Timers still pending that keep the process alive. */
  pending(): Array<{ delayMs: number; stack: string }> {
    return this.created
      .filter(({ timer }) => !timer._destroyed && timer._idleTimeout > 0 && timer.hasRef())
      .map(({ timer, stack }) => ({ delayMs: timer._idleTimeout, stack: stack.split('\n').filter((l) => /^\s+at /.test(l) && !/node:/.test(l)).slice(0, 4).join(' | ') }));
  }
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Settles a call with a liveness bound (a call that never settles is a finding), recording its outcome.
 *
 * @example
 * ```ts
 * await settle(state, 'request', () => request(client, spec, { signal }), 3000);
 * ```
 */
export async function settle(state: CaseState, label: string, call: () => Promise<unknown>, boundMs: number): Promise<Outcome> {
  const startedAt = Date.now();
  const outcome: Outcome = { label, startedAt, settledAt: 0, settledSeq: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), boundMs)));
  let p: Promise<unknown>;
  try {
    p = call();
  } catch (error) {
    p = Promise.reject(error);
  }
  const r = await Promise.race([
    p.then(
      (value) => ((outcome.settledSeq = ++seq), { value }),
      (error: unknown) => ((outcome.settledSeq = ++seq), { error }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  outcome.settledAt = Date.now();
  if (r === 'hang') {
    state.problems.push(`${label}: did not settle within ${boundMs} ms`);
    outcome.error = new Error('did not settle');
    p.catch(() => undefined);
  } else Object.assign(outcome, r);
  state.outcomes.push(outcome);
  return outcome;
}

/** Errors that may legitimately end a call aborted (or timed out) before it settled: facts the server had stated. */
function stated(err: unknown): boolean {
  return err instanceof APIError || err instanceof ResponseValidationError || err instanceof PredictionError || (err instanceof StreamError && err.event !== undefined);
}

/**
 * Checks the outcome of one call against the invariants; problems go to `state.problems`.
 *
 * @example
 * ```ts
 * for (const o of state.outcomes) checkOutcome(state, o);
 * ```
 */
export function checkOutcome(state: CaseState, o: Outcome): void {
  if (!('error' in o) || o.error === undefined) return;
  const err = o.error;
  const name = (err as Error)?.constructor?.name;
  if (!(err instanceof ModelwireError)) {
    if (!(err instanceof Error && err.message === 'did not settle')) state.problems.push(`${o.label}: not a modelwire error: ${inspect(err, { depth: 3 })}`);
    return;
  }
  for (const text of [err.message, String(err), err.stack ?? '', JSON.stringify(err), inspect(err, { depth: Infinity })]) {
    if (text.includes(CHAOS_KEY)) {
      state.problems.push(`${o.label}: the API key leaks in ${name}: ${text.slice(0, 300)}`);
      break;
    }
  }
  const aborted = state.abortSeq !== undefined && state.abortSeq < o.settledSeq;
  // the call's own deadline that passed before the abort is what ended it
  const timedOutFirst = err instanceof TimeoutError && err.timeoutMs !== undefined && state.abortedAt! - o.startedAt >= err.timeoutMs - 1;
  // a connection the server broke before the abort: the failure came first (the call may have
  // been busy after it, e.g. cancelling the prediction it gave up on, when the abort landed)
  const broke = state.brokeAt.get(o.label.split('#')[1] ?? '');
  const brokeFirst = (err instanceof ConnectionError || err instanceof StreamError) && broke !== undefined && broke < state.abortSeq!;
  if (aborted && !(err instanceof AbortError) && !stated(err) && !timedOutFirst && !brokeFirst) {
    state.problems.push(`${o.label}: aborted ${o.settledAt - state.abortedAt!} ms before it settled, but threw ${name}: ${err.message}`);
  }
  if (!aborted && err instanceof AbortError) state.problems.push(`${o.label}: AbortError without an abort: ${err.message}`);
  const limit = err instanceof TimeoutError ? err.timeoutMs : undefined;
  if (limit !== undefined && limit > 0 && o.settledAt - o.startedAt < limit - 2) {
    state.problems.push(`${o.label}: TimeoutError after ${o.settledAt - o.startedAt} ms for a limit of ${limit} ms: ${(err as TimeoutError).message}`);
  }
}

/**
 * Runs one case: `body` starts its calls (with {@link settle}) and returns once all settled; then
 * every invariant is checked and the case throws with its seed and description when one fails.
 *
 * @example
 * ```ts
 * await runCase(settings, n, cs, async (rng, state, describe) => { ... });
 * ```
 */
export async function runCase(
  settings: ChaosSettings,
  n: number,
  cs: ChaosServer,
  body: (rng: Rand, state: CaseState, describe: (what: unknown) => void) => Promise<void>,
): Promise<void> {
  const rng = new Rand(settings.seed * 7919 + n * 104_729);
  const controller = new AbortController();
  const state: CaseState = { controller, abortedAt: undefined, abortSeq: undefined, background: false, brokeAt: new Map(), outcomes: [], problems: [] };
  controller.signal.addEventListener(
    'abort',
    () => {
      state.abortedAt = Date.now();
      state.abortSeq = ++seq;
    },
    { once: true },
  );
  const described: unknown[] = [];
  const timers = new TimerWatch();
  const before = processErrors.length;
  timers.start();
  try {
    await body(rng, state, (what) => described.push(what));
  } finally {
    timers.stop();
  }
  for (const o of state.outcomes) {
    checkOutcome(state, o);
    const key = `${o.label.split('#')[0]} ${o.error === undefined ? 'value' : (o.error as Error)?.constructor?.name}${state.abortedAt !== undefined ? ' (aborted)' : ''}`;
    chaosStats.set(key, (chaosStats.get(key) ?? 0) + 1);
  }
  // the listener the case itself added to see when the signal aborts is the only one allowed
  const listeners = getEventListeners(controller.signal, 'abort').length - (controller.signal.aborted ? 0 : 1);
  if (listeners > 0) state.problems.push(`${listeners} abort listener(s) left on the user signal`);
  // the server sees every request over (answered, or its socket closed) within a bounded number of turns
  let t = 0;
  const boundAt = Date.now() + 2000;
  while (cs.http.openResponses() > 0 && (t++ < 50 || Date.now() < boundAt)) await (t < 50 ? turn() : new Promise((r) => setTimeout(r, 5)));
  if (cs.http.openResponses() > 0) state.problems.push(`${cs.http.openResponses()} response(s) still held open on the server 2 s after the calls settled`);
  for (let i = 0; i < 3; i++) await turn();
  // work a call leaves running on purpose after it settled (the give-up cancel of a prediction, a
  // poll's cleanup) has its own bounded timeout: its timers must be gone once it is over
  const drainAt = Date.now() + (state.background ? 4000 : 0);
  while (timers.pending().length > 0 && Date.now() < drainAt) await new Promise((r) => setTimeout(r, 5));
  const left = timers.pending();
  if (left.length > 0) state.problems.push(`timer(s) left keeping the process alive: ${left.map((l) => `${l.delayMs} ms at ${l.stack}`).join('; ')}`);
  if (processErrors.length > before) state.problems.push(...processErrors.slice(before));
  cs.http.faults.clear();
  if (process.env.CHAOS_TRACE) console.log(n, inspect(described, { depth: 6, breakLength: 400 }), state.abortedAt !== undefined, state.outcomes.map((o) => (o.error === undefined ? 'value' : String(o.error))));
  if (state.problems.length > 0) {
    const outcomes = state.outcomes.map((o) => `${o.label} → ${'value' in o && o.error === undefined ? 'value' : `${(o.error as Error)?.constructor?.name}: ${(o.error as Error)?.message}`}`);
    throw new Error(
      [
        `chaos case failed: CHAOS_SEED=${settings.seed} CHAOS_CASE=${n}`,
        ...state.problems.map((p) => `  - ${p}`),
        `  case: ${inspect(described, { depth: 6, breakLength: 200 })}`,
        `  outcomes: ${outcomes.join(' ; ')}`,
        `  abortedAt: ${state.abortedAt === undefined ? 'never' : 'yes'}`,
      ].join('\n'),
    );
  }
}

/**
 * Wires an abort plan to the server's events and the retry hook; returns the `onRetry` to pass to
 * the client and `consumerTook(n)` for stream consumers. `before-send` aborts at once.
 *
 * @example
 * ```ts
 * const trigger = armAbort(plan, state, cs, tags);
 * ```
 */
export function armAbort(plan: AbortPlan, state: CaseState, cs: ChaosServer, tags: readonly string[]): { onRetry: () => void; consumerTook: (n: number) => void; disarm: () => void } {
  const abort = (turns: number): void => {
    if (turns === 0) return state.controller.abort();
    let left = turns;
    const step = (): void => (--left <= 0 ? state.controller.abort() : void setImmediate(step));
    setImmediate(step);
  };
  let retries = 0;
  const counts = new Map<string, number>();
  const onRequest = (tag: string, fault: string | undefined): void => {
    if (fault !== undefined && /reset|truncated/.test(fault)) broke(tag);
    if (plan.at !== 'received') return;
    const k = (counts.get(tag) ?? 0) + 1;
    counts.set(tag, k);
    if (k === plan.n) abort(plan.turns);
  };
  const onEvent = (tag: string, i: number): void => {
    if (plan.at === 'event-written' && tags.includes(tag) && i === plan.n) abort(plan.turns);
  };
  const broke = (tag: string): void => {
    if (!state.brokeAt.has(tag)) state.brokeAt.set(tag, ++seq);
  };
  if (plan.at === 'before-send') state.controller.abort();
  cs.onRequestReceived = (tag, req) => tags.includes(tag) && onRequest(tag, req.fault);
  cs.onDrop = (tag) => tags.includes(tag) && broke(tag);
  cs.onEventWritten = onEvent;
  return {
    onRetry: () => {
      if (plan.at === 'on-retry' && ++retries === plan.n) state.controller.abort();
    },
    consumerTook: (k) => {
      if (plan.at === 'consumer' && k === plan.n) state.controller.abort();
    },
    disarm: () => {
      cs.onRequestReceived = undefined;
      cs.onEventWritten = undefined;
      cs.onDrop = undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Operations and the generic case

/** What an operation is given for one call. */
export interface OpEnv {
  readonly client: Client;
  readonly tag: string;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly rng: Rand;
  /** `retry: false` for this call only. */
  readonly retryOff: boolean;
  /** The call's own options drawn for it (see {@link ChaosOp.options}). */
  readonly extra: Readonly<Record<string, number | boolean | undefined>>;
  /** Stream consumers report each value taken (for `consumer` abort plans). */
  took(n: number): void;
}

/** One kind of call the chaos suites make. */
export interface ChaosOp {
  readonly name: string;
  /** Whether the answer is an event stream (SSE faults and abort moments apply). */
  readonly stream: boolean;
  /** Whether the call reports steps of its own to `env.took` (progress, a switch to the fallback), so `consumer` abort plans apply. */
  readonly reports?: boolean;
  /** Events a `truncated-sse` fault sends (valid for this operation). */
  readonly truncated?: readonly SseEventInput[];
  /** Paths faults may be queued on (exact, without query). */
  paths(tag: string): string[];
  /** The client's base URL for this call (default: the server's origin, shared by the case's calls). */
  baseURL?(origin: string, tag: string): string;
  /** A non-idempotent POST: its path, and the statuses after which the safety rule allows a repeat. */
  once?: { path(tag: string): string; refused: readonly number[] };
  /**
   * Whether, with this route and no fault, the call must answer a value: then a lone call, with no
   * abort, a long deadline and retries on, must also answer one when every fault on its paths is one
   * the policy retries (503, 429, 500, a reset, a delay) and there are no more than `maxRetries`.
   */
  mustSucceed?(route: ChaosRoute, extra: OpEnv['extra']): boolean;
  /** Which faults on `path` the policy retries for this call (default: 503, 429, 500, a reset, a delay). */
  retried?(path: string, step: Step, tag: string): boolean;
  /** The call may leave bounded work running once it settled (a prediction's give-up cancel, a poll's cleanup). */
  readonly background?: boolean;
  /** Options of the call drawn at random (idle limits, resume…), passed as `env.extra`. */
  options?(rng: Rand): OpEnv['extra'];
  /** How the server answers this call (random). */
  route?(rng: Rand): ChaosRoute;
  /** Whether a route holds the answer open until the client lets go (then a short deadline is used). */
  hangs?(route: ChaosRoute, rng: Rand): boolean;
  run(env: OpEnv): Promise<unknown>;
}

/** `[name, transport]` pairs, made once per file (one pool across its cases). */
export type TransportPair = readonly [string, Transport];

/**
 * The chaos server of a suite file, started (with {@link watchProcess}) before its tests and closed
 * after them, and the transports every suite runs: fetch, undici, and undici with one connection
 * (calls in flight queue for it: an abort may land before theirs is even sent).
 *
 * @example
 * ```ts
 * const { server, transports } = useChaosSuite();
 * it('holds', async () => { for (const n of caseNumbers(settings)) await chaosCase(settings, n, server(), transports, OPS); });
 * ```
 */
export function useChaosSuite(): { server: () => ChaosServer; transports: TransportPair[] } {
  let cs: ChaosServer | undefined;
  let unwatch: () => void = () => undefined;
  beforeAll(async () => {
    unwatch = watchProcess();
    cs = await startChaosServer();
  });
  afterAll(async () => {
    unwatch();
    await cs?.close();
  });
  const transports: TransportPair[] = [
    ['fetch', fetchTransport()],
    ['undici', undiciTransport()],
    ['undici 1 connection', undiciTransport({ connections: 1 })],
  ];
  return { server: () => cs!, transports };
}

/**
 * One random case over `ops`: 1–4 calls in flight on one user signal (and, for ops on the
 * server's origin, one client), each with its own fault sequence; a random abort plan, deadline and
 * retry policy; every invariant checked once all settled.
 *
 * @example
 * ```ts
 * it('keeps every invariant', async () => { for (const n of caseNumbers(settings)) await chaosCase(settings, n, cs, transports, OPS); });
 * ```
 */
export async function chaosCase(settings: ChaosSettings, n: number, cs: ChaosServer, transports: readonly TransportPair[], ops: readonly ChaosOp[]): Promise<void> {
  await runCase(settings, n, cs, async (rng, state, describe) => {
    const [transportName, transport] = rng.pick(transports);
    const retry = retryOptions(rng);
    // one case in five: a lone call with only faults the policy retries (and no abort): it must answer
    const benign = retry !== false && rng.chance(0.2);
    const count = !benign && rng.chance(0.2) ? rng.int(2, 4) : 1;
    const calls = Array.from({ length: count }, (_, k) => {
      const op = rng.pick(ops);
      const tag = `c${settings.seed}x${n}x${k}`;
      const route = op.route?.(rng) ?? {};
      const allowHang = !benign && rng.chance(0.3);
      const only = benign ? (path: string) => (s: Step) => (op.retried ? op.retried(path, s, tag) : isRetried(s)) : undefined;
      const max = benign && retry ? (retry.maxRetries ?? 2) : undefined;
      const faults = op.paths(tag).map((path) => ({ path, steps: rng.chance(0.6) ? faultSequence(rng, { stream: op.stream, allowHang, truncated: op.truncated, max, only: only?.(path) }) : [] }));
      const retryOff = rng.chance(0.1);
      const hangs = faults.some((f) => f.steps.some((s) => HANGS.has(s.kind))) || (op.hangs?.(route, rng) ?? false);
      return { op, tag, route, faults, retryOff, hangs, extra: op.options?.(rng) ?? {}, consumerRng: new Rand(rng.int(0, 2 ** 31)) };
    });
    const plan: AbortPlan = benign ? { at: 'never' } : abortPlan(rng, calls.some((c) => c.op.stream), calls.some((c) => c.op.stream || c.op.reports));
    const short = calls.some((c) => c.hangs) || (!benign && rng.chance(0.3));
    const timeoutMs = short ? rng.int(10, 250) : 3000;
    describe({
      transport: transportName,
      retry: retry && { ...retry, random: undefined },
      timeoutMs,
      plan,
      calls: calls.map((c) => ({ op: c.op.name, tag: c.tag, route: c.route, extra: c.extra, retryOff: c.retryOff, faults: c.faults.filter((f) => f.steps.length).map((f) => `${f.path}: ${f.steps.map(stepName).join(', ')}`) })),
    });
    state.background = calls.some((c) => c.op.background === true);
    for (const c of calls) {
      cs.configure(c.tag, c.route);
      for (const f of c.faults) queueFaults(cs, f.path, f.steps);
    }
    const trigger = armAbort(plan, state, cs, calls.map((c) => c.tag));
    const clients = new Map<string, Client>();
    const clientFor = (baseURL: string): Client => {
      let c = clients.get(baseURL);
      if (!c) clients.set(baseURL, (c = createClient({ baseURL, apiKey: CHAOS_KEY, transport, retry, timeoutMs, onRetry: trigger.onRetry })));
      return c;
    };
    try {
      await Promise.all(
        calls.map((c) => {
          const client = clientFor(c.op.baseURL?.(cs.url, c.tag) ?? cs.url);
          const env: OpEnv = { client, tag: c.tag, signal: state.controller.signal, timeoutMs, rng: c.consumerRng, retryOff: c.retryOff, extra: c.extra, took: trigger.consumerTook };
          return settle(state, `${c.op.name}#${c.tag}`, () => c.op.run(env), timeoutMs + 4000);
        }),
      );
    } finally {
      trigger.disarm();
    }
    // what the policy retries is retried: such faults alone never end a call that may repeat its request
    const [lone] = calls;
    if (calls.length === 1 && lone!.op.mustSucceed?.(lone!.route, lone!.extra) && plan.at === 'never' && !short && retry && !lone!.retryOff) {
      const max = retry.maxRetries ?? 2;
      const isRetriedHere = (path: string) => (step: Step) => (lone!.op.retried ? lone!.op.retried(path, step, lone!.tag) : isRetried(step));
      const retried = lone!.faults.every((f) => f.steps.length <= max && f.steps.every(isRetriedHere(f.path)));
      const o = state.outcomes[0];
      if (retried) chaosStats.set(`oracle ${lone!.op.name}`, (chaosStats.get(`oracle ${lone!.op.name}`) ?? 0) + 1);
      if (retried && o && o.error !== undefined) state.problems.push(`${o.label}: ${(o.error as Error)?.constructor?.name} although every fault was one the policy retries, within maxRetries ${max}: ${(o.error as Error)?.message}`);
    }
    // a non-idempotent POST goes out again only after an answer that proves no work was done
    for (const c of calls) {
      if (!c.op.once) continue;
      const path = c.op.once.path(c.tag);
      const sent = cs.http.count(path);
      const steps = c.faults.find((f) => f.path === path)?.steps ?? [];
      for (let i = 0; i < sent - 1; i++) {
        const s = steps[i];
        if (!(s?.kind === 'status' && c.op.once.refused.includes(s.status))) {
          state.problems.push(`${c.op.name}#${c.tag}: POST ${path} sent ${sent} times; attempt ${i + 1} was answered by ${s ? stepName(s) : 'the handler'}`);
        }
      }
    }
  });
}

/**
 * A fault of a stream's open that the retry policy repeats when the request may be repeated: as
 * {@link isRetried}, and a stream dropped before its first event; not a JSON answer cut short (a
 * 200 that is no event stream is a StreamError, whole or cut).
 *
 * @example
 * ```ts
 * isRetriedOpen({ kind: 'truncated-sse', events: [] }); // true
 * ```
 */
export function isRetriedOpen(s: Step): boolean {
  if (s.kind === 'reset-mid-body') return s.headers?.['content-type'] === 'text/event-stream';
  return isRetried(s) || (s.kind === 'truncated-sse' && s.events.length === 0);
}

/**
 * A fault the retry policy repeats for a request that may be repeated.
 *
 * @example
 * ```ts
 * isRetried({ kind: 'status', status: 503 }); // true
 * ```
 */
export function isRetried(s: Step): boolean {
  if (s.kind === 'status') return [429, 500, 503].includes(s.status) && s.headers?.['content-type'] === undefined;
  return s.kind === 'reset-before-response' || s.kind === 'reset-after-body' || s.kind === 'reset-mid-body' || s.kind === 'delay';
}

/**
 * A short name of a step, for case descriptions.
 *
 * @example
 * ```ts
 * stepName({ kind: 'status', status: 503, headers: { 'retry-after-ms': '2' } }); // '503(ra 2)'
 * ```
 */
export function stepName(s: Step): string {
  if (s.kind === 'status') return `${s.status}${s.headers?.['retry-after-ms'] !== undefined ? `(ra ${s.headers['retry-after-ms']})` : ''}`;
  if (s.kind === 'delay') return `delay ${s.ms}`;
  if (s.kind === 'truncated-sse') return `truncated-sse(${s.events.length})`;
  return s.kind;
}

/**
 * Reads a stream the way a random consumer does: all of it, `break` after some values, `abort()`
 * after some, `forEach`, or both `tee()` branches at different speeds. Reports each value to
 * `env.took`. Resolves with the values read.
 *
 * @example
 * ```ts
 * run: async (env) => consume(await requestStream(env.client, spec, opts), env),
 * ```
 */
export async function consume<T>(stream: Stream<T>, env: OpEnv, mode = env.rng.pick(['all', 'all', 'break', 'abort', 'forEach', 'tee', 'readable'] as const)): Promise<T[]> {
  const got: T[] = [];
  const stopAt = env.rng.int(0, 3);
  if (process.env.CHAOS_TRACE) console.log(`${env.tag}: consumer ${mode} ${stopAt}`);
  const take = (v: T): void => {
    got.push(v);
    env.took(got.length);
  };
  switch (mode) {
    case 'all':
      for await (const v of stream) take(v);
      return got;
    case 'break':
      for await (const v of stream) {
        take(v);
        if (got.length > stopAt) break;
      }
      return got;
    case 'abort':
      for await (const v of stream) {
        take(v);
        if (got.length > stopAt) stream.abort();
      }
      return got;
    case 'forEach':
      await stream.forEach((v) => take(v));
      return got;
    case 'readable': {
      // proxied as SSE bytes (an error becomes a last `event: error` frame), cancelled after some chunks or read to the end
      const reader = stream.toReadableStream().getReader();
      const cancelAt = env.rng.chance(0.5) ? stopAt : Infinity;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        const text = new TextDecoder().decode(r.value);
        if (text.startsWith('event: error') && text.includes(CHAOS_KEY)) throw new Error(`the key leaks in toReadableStream's error frame: ${text}`);
        take(text as T);
        if (got.length > cancelAt) {
          await reader.cancel();
          break;
        }
      }
      return got;
    }
    case 'tee': {
      const [a, b] = stream.tee();
      const slowTurns = env.rng.int(0, 3);
      const fast = (async () => {
        for await (const v of a) take(v);
      })();
      const slow = (async () => {
        const mine: T[] = [];
        for await (const v of b) {
          mine.push(v);
          for (let i = 0; i < slowTurns; i++) await turn();
          if (env.rng.chance(0.2)) break;
        }
        return mine;
      })();
      // both sides settle; the first failure is the call's
      const [fa, sa] = await Promise.allSettled([fast, slow]);
      if (fa.status === 'rejected') throw fa.reason;
      if (sa.status === 'rejected') throw sa.reason;
      return got;
    }
  }
}
