/**
 * The retry policy and its middleware. Backoff with jitter, server hints honoured, and the safety
 * rule: a request is repeated only when that cannot duplicate work.
 * @module
 */
import pRetry from 'p-retry';
import { checkNumber, checkOptions, checkType } from './check.js';
import { ConnectionError, ModelwireError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';
import { heedsSignal } from './guard.js';
import { retryBudget, type RetryBudget } from './retry-budget.js';
import { sharedRegistry } from './shared.js';
import { noop } from './deadline.js';
import { sleep } from './sleep.js';
import { toTransportError } from './transport-fetch.js';
import type { Middleware, WireRequest, WireResponse } from './types.js';

/**
 * Retry settings. Defaults: 2 retries, 500 ms doubling to 8 s, up to 25 % jitter, retry on 408,
 * 409, 429 and 5xx, and a per-client budget of 10 tokens.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL, retry: { maxRetries: 4, maxDelayMs: 2000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** First backoff delay (default 500 ms); doubles each retry. */
  initialDelayMs?: number | undefined;
  /** Longest backoff delay (default 8000 ms). */
  maxDelayMs?: number | undefined;
  /** Fraction of the delay removed at random, 0–1 (default 0.25). */
  jitter?: number | undefined;
  /** Shared token bucket that stops retry storms (default: one per client). */
  budget?: RetryBudget | undefined;
  /** Random source in [0, 1), for deterministic tests. */
  random?: (() => number) | undefined;
}

/**
 * What the retry hook is told before each wait.
 *
 * @example
 * ```ts
 * createClient({ baseURL, onRetry: (e: RetryEvent) => console.warn(e.operation, e.attempt, e.status, e.delayMs) });
 * ```
 */
export interface RetryEvent {
  /** Name of the call's operation (e.g. `oip.infer`). */
  operation: string;
  /** The attempt that just failed (1 = the first). */
  attempt: number;
  /** How long the policy waits before the next attempt. */
  delayMs: number;
  /** Whether the delay came from the server (`retry-after-ms`/`Retry-After`) or the backoff schedule. */
  delaySource: 'server' | 'backoff';
  /** Status of the failed attempt, when it got a response. */
  status?: number | undefined;
  /** Error of the failed attempt, when it got none. */
  error?: ModelwireError | undefined;
}

/**
 * Resolved retry settings.
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = resolveRetryPolicy({ maxRetries: 3 });
 * policy.initialDelayMs; // 500
 * ```
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0 for a client made with `retry: false`). */
  readonly maxRetries: number;
  /** First backoff delay in ms; doubles each retry. */
  readonly initialDelayMs: number;
  /** Longest backoff delay in ms. */
  readonly maxDelayMs: number;
  /** Fraction of each delay removed at random, 0–1. */
  readonly jitter: number;
  /** Token bucket each retry draws from; an empty bucket ends the call with its last error. A retry not sent after all (the call ended during its wait) gives its token back (`refund`). */
  readonly budget: RetryBudget;
  /** Random source in [0, 1) the jitter uses. */
  readonly random: () => number;
  /** The client's `onRetry` hook, for retries made outside the retry middleware (a stream's resume). */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * Fills in retry defaults. Refuses, with an `InvalidRequestError` naming the option
 * (`retry.maxRetries`, `onRetry`…) and `operation` in its message, settings that are not an object
 * (or `false`), an option name it does not know, a number out of range (`maxRetries` a whole number
 * ≥ 0, the delays from 0 to 2^31 − 1 ms, `jitter` from 0 to 1), a `budget` that is no
 * {@link RetryBudget}, and a `random` or `onRetry` that is not a function.
 *
 * @example
 * ```ts
 * const policy = resolveRetryPolicy({ maxRetries: 3 }, (e) => console.warn(e.operation, e.delayMs));
 * ```
 */
export function resolveRetryPolicy(options: RetryOptions | false | undefined, onRetry?: (event: RetryEvent) => void, operation = 'resolveRetryPolicy'): RetryPolicy {
  return makeRetryPolicy(options, onRetry, operation);
}

/**
 * @internal {@link resolveRetryPolicy} for a caller that names its operation (a client's
 * `createClient`), so a bundle that never calls resolveRetryPolicy carries none of its own name.
 *
 * @example
 * ```ts
 * const policy = makeRetryPolicy(options.retry, options.onRetry, 'createClient');
 * ```
 */
export function makeRetryPolicy(options: RetryOptions | false | undefined, onRetry: ((event: RetryEvent) => void) | undefined, operation: string): RetryPolicy {
  const o = options || {};
  if (options !== false) checkOptions(operation, options, 'maxRetries initialDelayMs maxDelayMs jitter budget random:function', 'retry');
  checkNumber(operation, 'retry.maxRetries', o.maxRetries, 0, 2 ** 53 - 1, true);
  // a longer timer would fire at once
  checkNumber(operation, 'retry.initialDelayMs', o.initialDelayMs);
  checkNumber(operation, 'retry.maxDelayMs', o.maxDelayMs);
  checkNumber(operation, 'retry.jitter', o.jitter, 0, 1);
  // the policy calls both (one without recordSuccess failed every answered call with a TypeError)
  const budget = o.budget as Partial<RetryBudget> | null | undefined;
  if (budget !== undefined) {
    checkType(operation, 'retry.budget.trySpend', budget?.trySpend, 'function', true);
    checkType(operation, 'retry.budget.recordSuccess', budget?.recordSuccess, 'function', true);
    checkType(operation, 'retry.budget.refund', budget?.refund, 'function');
  }
  checkType(operation, 'onRetry', onRetry, 'function');
  return {
    onRetry,
    maxRetries: options === false ? 0 : (o.maxRetries ?? 2),
    initialDelayMs: o.initialDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 8000,
    jitter: o.jitter ?? 0.25,
    budget: o.budget ?? retryBudget(),
    random: o.random ?? Math.random,
  };
}

/**
 * The backoff delay before retry number `retry` (1-based): `initial · 2^(retry-1)`, capped, minus up to `jitter`.
 *
 * @example
 * ```ts
 * backoffDelay(resolveRetryPolicy({ jitter: 0 }), 3); // 2000
 * ```
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(base * (1 - policy.jitter * policy.random()));
}

/**
 * Statuses worth another attempt.
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true
 * isRetryableStatus(404); // false
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A failed attempt: the response it got, or the error it threw. */
export type AttemptOutcome = { response: WireResponse; error?: undefined } | { error: unknown; response?: undefined };

/**
 * Decides whether an attempt is retried and after how long. Returns `undefined` for "do not retry".
 * Applies the safety rule, `x-should-retry`, server hints, the attempt limit, the time left and the budget.
 *
 * @example
 * ```ts
 * const delay = retryDelay(policy, req, { error }, 1, 4000);
 * ```
 */
export function retryDelay(
  policy: RetryPolicy,
  req: Pick<WireRequest, 'signal' | 'body' | 'idempotent' | 'refusedBeforeWork'>,
  outcome: AttemptOutcome,
  attempt: number,
  remainingMs: number,
): { delayMs: number; delaySource: 'server' | 'backoff' } | undefined {
  if (attempt > policy.maxRetries || req.signal.aborted) return undefined;
  if (req.body instanceof ReadableStream) return undefined;
  let hint: number | undefined;
  if (outcome.response) {
    const res = outcome.response;
    // x-should-retry decides whether the status is worth another attempt; the safety rule still
    // decides whether this request may be repeated (a billable POST without a key never is)
    const should = res.headers.get('x-should-retry');
    if (should === 'false' || (should !== 'true' && !isRetryableStatus(res.status))) return undefined;
    if (!req.idempotent && !req.refusedBeforeWork?.includes(res.status)) return undefined;
    hint = parseRetryAfter(res.headers);
  } else {
    const err = outcome.error;
    if (!(err instanceof ConnectionError)) return undefined;
    if (!req.idempotent && err.requestMayHaveReachedServer) return undefined;
  }
  const delayMs = hint ?? backoffDelay(policy, attempt);
  if (delayMs >= remainingMs) return undefined;
  if (!policy.budget.trySpend()) return undefined;
  return { delayMs, delaySource: hint === undefined ? 'backoff' : 'server' };
}

/**
 * Attempts made for a response that came out of the retry middleware. Shared by every copy of
 * modelwire in the process (src/core/shared.ts): a client of one build used with the other build's
 * operation retries in its own middleware, and the operation reads the attempts of its answer.
 */
const attemptsByResponse = /* @__PURE__ */ sharedRegistry<WeakMap<WireResponse, number>>('attempts', WeakMap);

/**
 * How many attempts produced this response (1 when it was not retried).
 *
 * @example
 * ```ts
 * const n = attemptsOf(res);
 * ```
 */
export function attemptsOf(response: WireResponse): number {
  return attemptsByResponse.get(response) ?? 1;
}

/** Releases the body of a response that will not be read. */
export function discardBody(response: WireResponse): void {
  response.body?.cancel().catch(noop);
}

/** A response whose body was read (as text) inside the attempt. */
export class BufferedResponse implements WireResponse {
  // assigned in the constructor: declared fields, or parameter properties, would also be defined before it
  declare readonly status: number;
  declare readonly headers: WireResponse['headers'];
  declare readonly body: null;
  /** The body, already read. */
  declare readonly content: string;
  constructor(status: number, headers: WireResponse['headers'], content: string) {
    this.status = status;
    this.headers = headers;
    this.content = content;
    this.body = null;
  }
  text(): Promise<string> {
    return Promise.resolve(this.content);
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(new TextEncoder().encode(this.content).buffer as ArrayBuffer);
  }
}

/** Thrown by an attempt the policy repeats, after its wait: p-retry goes round again. */
const RETRY = new Error('retry');

/**
 * The retry middleware. The first attempt runs without p-retry, so a success never enters it;
 * once the policy decides to repeat an attempt, p-retry drives the further ones. Each attempt
 * judges its own outcome and waits the decided delay itself. Each retry is reported to `onRetry`
 * (default: the policy's).
 *
 * @example
 * ```ts
 * const handler = retryMiddleware(resolveRetryPolicy({}, (e) => console.log(e)))(transport);
 * ```
 */
export function retryMiddleware(policy: RetryPolicy, onRetry = policy.onRetry): Middleware {
  // its waits end with the signal (src/core/guard.ts)
  return heedsSignal((next) => async (req) => {
    const deadline = Date.now() + (req.timeoutMs ?? Infinity);
    const remaining = (): number => deadline - Date.now();
    // on from the request's own number (a stream's reconnect is a later attempt of its call)
    let attempt = req.attempt - 1 || 0;
    /** One attempt: the response or error that ends the call, or RETRY after the wait before the next. */
    const once = async (): Promise<WireResponse> => {
      const n = ++attempt;
      let attemptReq = req;
      if (n > 1) {
        attemptReq = { ...req, attempt: n, timeoutMs: remaining() };
        // headers that depend on the time left (Replicate's Prefer: wait) are rebuilt for it
        if (req.timedHeaders) attemptReq.headers = req.timedHeaders(attemptReq.timeoutMs!, req.headers);
      }
      let outcome: AttemptOutcome;
      try {
        const response = await next(attemptReq);
        if (response.status < 400) {
          let final = response;
          if (req.bufferBody) {
            let text: string;
            try {
              text = await response.text();
            } catch (err) {
              throw toTransportError(err, attemptReq);
            }
            final = new BufferedResponse(response.status, response.headers, text);
          }
          // recorded before `prime` reads it: a stream numbers its reconnects on from its open's attempts
          if (n > 1) attemptsByResponse.set(final, n);
          if (req.prime) await req.prime(final); // no await (a microtask) on a plain request
          policy.budget.recordSuccess();
          return final;
        }
        outcome = { response };
      } catch (error) {
        outcome = { error };
      }
      // a call made with `retry: false` makes its one attempt here too: its success refills the budget
      const pending = req.noRetry ? undefined : retryDelay(policy, req, outcome, n, remaining());
      if (pending === undefined) {
        // the outcome ends the call, with the attempts made: the response (recorded past the first), or the error
        if (outcome.response) {
          if (n > 1) attemptsByResponse.set(outcome.response, n);
          return outcome.response;
        }
        if (outcome.error instanceof ModelwireError) outcome.error.attempts = n;
        throw outcome.error;
      }
      if (outcome.response) discardBody(outcome.response);
      try {
        onRetry?.({
          operation: req.operation,
          attempt: n,
          ...pending,
          status: outcome.response?.status,
          // (an error retryDelay repeats is a ConnectionError)
          error: outcome.error as ModelwireError | undefined,
        });
        await sleep(pending.delayMs, req.signal);
      } catch (err) {
        // the retry is not sent (the call ended during the wait, or the hook threw): its token back.
        // (From the wait's end to the next send only microtasks run: no abort comes between.)
        policy.budget.refund?.();
        throw err;
      }
      throw RETRY;
    };
    try {
      try {
        return await once();
      } catch (err) {
        if (err !== RETRY) throw err;
      }
      // Only an attempt the policy already judged retryable goes round again. What ends the call
      // leaves p-retry as a value: p-retry would turn a thrown non-Error into its own TypeError.
      let ended: { error: unknown } | undefined;
      const attemptInLoop = (): Promise<WireResponse> =>
        once().catch((error: unknown) => {
          if (error === RETRY) throw error;
          ended = { error };
          return undefined as never;
        });
      // (attemptInLoop throws nothing but RETRY, a plain Error, which p-retry repeats)
      const response = await pRetry(attemptInLoop, { retries: policy.maxRetries, minTimeout: 0, signal: req.signal });
      if (ended) throw ended.error;
      return response;
    } catch (err) {
      if (err instanceof ModelwireError) err.attempts ??= attempt;
      throw err;
    }
  });
}
