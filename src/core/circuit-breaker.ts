/**
 * A circuit breaker for one endpoint: closed -> open after N consecutive failures (or a failure
 * rate over a window of recent calls) -> half-open after a cool-down, where one probe call at a time
 * is let through (a new one when it has been in flight for a cool-down) -> closed on its success,
 * open again on its failure. Web-standard, no timers:
 * time is read from an injectable clock when a call asks for permission, when the circuit opens
 * and for each state change.
 * @module
 */
import { checkNumber, checkOptions, isThenable } from './check.js';
import { refused, type InvalidRequestError } from './errors.js';
import { sharedRegistry } from './shared.js';

/** Breaker states. @example `if (breaker.state === 'open') console.log('using the fallback');` */
export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * A state change, as passed to `onStateChange`.
 *
 * @example
 * ```ts
 * const change: CircuitStateChange = { from: 'closed', to: 'open', at: Date.now(), reason: '5 consecutive failures' };
 * ```
 */
export interface CircuitStateChange {
  /** The state the breaker left. */
  from: CircuitState;
  /** The state it entered. */
  to: CircuitState;
  /** Clock time of the change (epoch ms with the default clock). */
  at: number;
  /** Why: e.g. `5 consecutive failures`, `failure rate 0.6 over 10 calls`, `cool-down elapsed`, `probe succeeded`. */
  reason: string;
}

/**
 * Options of {@link createCircuitBreaker}.
 *
 * @example
 * ```ts
 * const opts: CircuitBreakerOptions = { failureThreshold: 3, cooldownMs: 10_000, onStateChange: (c) => console.log(c) };
 * ```
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit: a number ≥ 1, rounded down (`Infinity`: only the failure rate opens it). Default 5. */
  failureThreshold?: number | undefined;
  /** Also open when the failure share of the last `windowSize` calls reaches this (0 < rate <= 1). Off by default. */
  failureRateThreshold?: number | undefined;
  /** Calls in the failure-rate window, from 1 to 1 000 000, rounded down; the rate is judged only once the window is full. Default 20. */
  windowSize?: number | undefined;
  /** How long the circuit stays open before one probe is allowed, and how long a half-open probe in flight holds its slot before the next call may probe: a number ≥ 0 (`Infinity`: never). Default 30 000 ms. */
  cooldownMs?: number | undefined;
  /** Clock in ms; inject one in tests. Default: `Date.now()` of the global `Date` at each reading (so fake timers apply, whenever they are installed). */
  now?: (() => number) | undefined;
  /** Called after every state change. Exceptions thrown by it, and a rejection of a promise it returns, are ignored. */
  onStateChange?: ((change: CircuitStateChange) => void) | undefined;
}

/**
 * The breaker. Ask `tryAcquire()` before calling the endpoint; report the outcome with exactly one
 * of `recordSuccess()`, `recordFailure()` or `releaseProbe()` (an outcome that says nothing about
 * the endpoint's health, such as the caller aborting).
 *
 * @example
 * ```ts
 * if (breaker.tryAcquire()) {
 *   try { const r = await callRemote(); breaker.recordSuccess(); return r; }
 *   catch (e) { breaker.recordFailure(); throw e; }
 * }
 * ```
 */
export interface CircuitBreaker {
  /** Current state (an open circuit whose cool-down has elapsed still reads `open` until a call asks). */
  readonly state: CircuitState;
  /** When the open circuit allows its probe (clock ms), or `undefined` unless open. */
  readonly retryAtMs: number | undefined;
  /** Consecutive failures so far (closed state). */
  readonly consecutiveFailures: number;
  /** May a call go to the endpoint now? Closed: yes. Open: no, until the cool-down ends; then the circuit turns half-open and this caller is the one probe. Half-open: no while the probe is in flight, for one cool-down at most; after that this caller is a new probe (a probe that never ends cannot hold the circuit half-open for ever). */
  tryAcquire(): boolean;
  /** The call succeeded: resets the failure count; a successful probe closes the circuit. */
  recordSuccess(): void;
  /** The call failed with an error that counts against the endpoint. */
  recordFailure(): void;
  /** The call ended without saying anything about the endpoint; a half-open probe slot is freed for the next caller (whichever probe holds it: report this for the latest probe only, not for one a new probe has superseded). */
  releaseProbe(): void;
  /** Back to closed with clean counters. */
  reset(): void;
}

/**
 * @internal The round of each breaker made by {@link createCircuitBreaker}: how many times it has
 * opened or been reset. A call's outcome from an earlier round speaks for the endpoint as it was
 * then (say a request that hung through an outage), not for it now. Shared by every copy of
 * modelwire in the process (src/core/shared.ts): a breaker of the CJS build given to the ESM
 * build's `withFallback` would otherwise be taken for one of the user's own.
 */
export const breakerRounds = /* @__PURE__ */ sharedRegistry<WeakMap<object, () => number>>('breakerRounds', WeakMap);

/**
 * @internal The half-open probes of a breaker made by {@link createCircuitBreaker}: `latest`, the
 * number of the latest probe (counted from 1: a probe that outlived its cool-down has been superseded
 * by a new one, and when it ends without a verdict it must not free the slot the new one holds), and
 * `lapsesAt`, when the slot of the probe in flight lapses (its start + cooldownMs; `undefined` while
 * no probe holds it). Shared like {@link breakerRounds}.
 */
export const breakerProbes = /* @__PURE__ */ sharedRegistry<WeakMap<object, { readonly latest: number; readonly lapsesAt: number | undefined }>>('breakerProbes', WeakMap);

/** The largest failure-rate window (one byte per call is kept). */
const MAX_WINDOW = 1_000_000;

/** A numeric option from `min` to `max`, or `fallback`; NaN (e.g. `Number(process.env.X)` when X is unset) would switch the guard off. */
function numberOption(operation: string, path: string, value: number | undefined, fallback: number, min: number, max: number): number {
  checkNumber(operation, path, value, min, max);
  return value ?? fallback;
}

/**
 * Creates a circuit breaker. Throws {@link InvalidRequestError} (`path` = the option) for a numeric
 * option out of range: NaN, a `failureThreshold` or `windowSize` below 1, a negative `cooldownMs`,
 * a `failureRateThreshold` outside (0, 1]. (NaN used to switch the breaker off: a circuit that never opened.)
 * So does a `now` or `onStateChange` that is not a function, and an option name it does not know.
 *
 * @example
 * ```ts
 * import { createCircuitBreaker } from 'modelwire';
 * const breaker = createCircuitBreaker({
 *   failureThreshold: 5,
 *   cooldownMs: 30_000,
 *   onStateChange: ({ from, to, reason }) => console.log(`circuit ${from} -> ${to}: ${reason}`),
 * });
 * ```
 */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  return checkedBreaker(options, 'createCircuitBreaker', '');
}

/**
 * @internal {@link createCircuitBreaker} whose refusals are `operation`'s and name each option
 * under `at` (`withFallback`'s `fallbacks[0].breaker.cooldownMs`: with a breaker per source, which
 * one matters).
 *
 * @example
 * ```ts
 * const breaker = checkedBreaker(policy.breaker ?? {}, 'withFallback', 'breaker');
 * ```
 */
export function checkedBreaker(options: CircuitBreakerOptions, operation: string, at: string): CircuitBreaker {
  const path = (name: string): string => (at ? `${at}.${name}` : name);
  // a clock that is no function would fail the first call that asks; an observer, be ignored in silence
  checkOptions(operation, options, 'failureThreshold failureRateThreshold windowSize cooldownMs now:function onStateChange:function', at);
  const failureThreshold = Math.floor(numberOption(operation, path('failureThreshold'), options.failureThreshold, 5, 1, Infinity));
  const rateThreshold = options.failureRateThreshold;
  if (rateThreshold !== undefined && !(typeof rateThreshold === 'number' && rateThreshold > 0 && rateThreshold <= 1)) {
    throw refused(operation, path('failureRateThreshold'), `must be a number in (0, 1], got ${String(rateThreshold)}`);
  }
  const windowSize = Math.floor(numberOption(operation, path('windowSize'), options.windowSize, 20, 1, MAX_WINDOW));
  const cooldownMs = numberOption(operation, path('cooldownMs'), options.cooldownMs, 30_000, 0, Infinity);
  // the global Date read at each call, not the one found now: fake timers installed (or removed) later apply
  const now = options.now ?? (() => Date.now());
  const onStateChange = options.onStateChange;

  let state: CircuitState = 'closed';
  let consecutive = 0;
  let openedAt = 0;
  let probeInFlight = false;
  let probeAt = 0;
  let probes = 0;
  let round = 0;
  // Ring buffer of recent outcomes (1 = failure) for the failure-rate rule.
  const window = rateThreshold === undefined ? undefined : new Uint8Array(windowSize);
  let windowCount = 0;
  let windowPos = 0;
  let windowFailures = 0;

  function move(to: CircuitState, reason: string): void {
    const from = state;
    if (from === to) return;
    state = to;
    if (onStateChange) {
      try {
        // an async observer's rejection is ignored too (left alone it would be an unhandled rejection)
        const r = onStateChange({ from, to, at: now(), reason }) as unknown;
        if (isThenable(r)) r.then(undefined, () => undefined);
      } catch {
        // A throwing observer must not break the call path.
      }
    }
  }

  function clearWindow(): void {
    if (!window) return;
    window.fill(0);
    windowCount = windowPos = windowFailures = 0;
  }

  function push(failed: 0 | 1): void {
    if (!window) return;
    if (windowCount === windowSize) windowFailures -= window[windowPos]!;
    else windowCount++;
    window[windowPos] = failed;
    windowFailures += failed;
    windowPos = (windowPos + 1) % windowSize;
  }

  function open(reason: string): void {
    round++;
    openedAt = now();
    probeInFlight = false;
    consecutive = 0;
    clearWindow();
    move('open', reason);
  }

  const breaker: CircuitBreaker = {
    get state() {
      return state;
    },
    get retryAtMs() {
      return state === 'open' ? openedAt + cooldownMs : undefined;
    },
    get consecutiveFailures() {
      return consecutive;
    },
    tryAcquire() {
      if (state === 'closed') return true;
      const t = now();
      if (state === 'open') {
        if (t - openedAt < cooldownMs) return false;
        probeInFlight = true;
        probeAt = t;
        probes++;
        move('half-open', 'cool-down elapsed');
        return true;
      }
      // half-open: one probe at a time, for one cool-down at most (one that never ends, a call with
      // no deadline of its own, would hold the circuit half-open for ever); then the next is a new probe
      if (probeInFlight && t - probeAt < cooldownMs) return false;
      probeInFlight = true;
      probeAt = t;
      probes++;
      return true;
    },
    recordSuccess() {
      if (state === 'half-open') {
        probeInFlight = false;
        consecutive = 0;
        clearWindow();
        move('closed', 'probe succeeded');
        return;
      }
      if (state !== 'closed') return;
      consecutive = 0;
      push(0);
    },
    recordFailure() {
      if (state === 'half-open') {
        open('probe failed');
        return;
      }
      if (state !== 'closed') return;
      consecutive++;
      push(1);
      if (consecutive >= failureThreshold) {
        open(`${consecutive} consecutive failures`);
        return;
      }
      if (window && rateThreshold !== undefined && windowCount === windowSize && windowFailures / windowSize >= rateThreshold) {
        open(`failure rate ${(windowFailures / windowSize).toFixed(2)} over ${windowSize} calls`);
      }
    },
    releaseProbe() {
      if (state === 'half-open') probeInFlight = false;
    },
    reset() {
      round++;
      consecutive = 0;
      probeInFlight = false;
      clearWindow();
      move('closed', 'reset');
    },
  };
  breakerRounds.set(breaker, () => round);
  breakerProbes.set(breaker, {
    get latest() {
      return probes;
    },
    get lapsesAt() {
      return state === 'half-open' && probeInFlight ? probeAt + cooldownMs : undefined;
    },
  });
  return breaker;
}
