/**
 * The policy of `withFallback`: its options, and how the arguments become the chain of sources
 * (the primary, then each fallback) with their names, kinds and circuit breakers.
 * Web-standard: no Node APIs.
 * @module
 */
import { checkOptions, checkType, isPlainObject } from './check.js';
import { checkedBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { refused } from './errors.js';
import type { FallbackEvent, ResultSource, SourceInfo } from './fallback.js';

/**
 * Settings of one fallback in a chain (`policy.fallbacks[i]` for the i-th fallback).
 *
 * @example
 * ```ts
 * const fallbacks: FallbackSourceOptions[] = [
 *   { name: 'replica', source: 'remote', breaker: { failureThreshold: 3 } },
 *   { name: 'onnx', source: 'local' },
 * ];
 * ```
 */
export interface FallbackSourceOptions {
  /** Its `sourceName`. Default `'fallback1'`, `'fallback2'`, …; `'fallback'` when it is the only one. */
  name?: string | undefined;
  /** Default `'local'` for the last fallback, `'remote'` for the others. */
  source?: ResultSource | undefined;
  /**
   * Its circuit breaker (an instance to share, or options for a new one). Default: a new
   * `createCircuitBreaker()` for every fallback but the last, which has none (it is asked whenever
   * it is reached). Give the last one a breaker when it is a platform too: while every circuit is
   * open, calls then fail fast with a `CircuitOpenError` instead of waiting for it.
   */
  breaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
}

/**
 * Options of {@link withFallback}.
 *
 * @example
 * ```ts
 * const policy: FallbackPolicy = {
 *   primaryName: 'triton', fallbackName: 'onnx',
 *   breaker: { failureThreshold: 3, cooldownMs: 10_000, onStateChange: (c) => console.log(c) },
 * };
 * ```
 */
export interface FallbackPolicy {
  /** The primary's breaker: an instance (share one per endpoint; one of your own needs `tryAcquire`, `recordSuccess`, `recordFailure` and `releaseProbe`) or options for a new one. Default: `createCircuitBreaker()`. */
  breaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
  /** Default `'remote'`. */
  primarySource?: ResultSource | undefined;
  /** The only fallback's source. Default `'local'`. With several fallbacks use `fallbacks[i].source`. */
  fallbackSource?: ResultSource | undefined;
  /** Default `'primary'`. */
  primaryName?: string | undefined;
  /** The only fallback's name. Default `'fallback'`. With several fallbacks use `fallbacks[i].name`. */
  fallbackName?: string | undefined;
  /** One entry per fallback, in order: its name, source and breaker. Its length must be the number of fallbacks. */
  fallbacks?: readonly FallbackSourceOptions[] | undefined;
  /** Which errors of a source (all but the last) move on to the next one. Default {@link isFailoverError}. */
  shouldFallback?: ((error: unknown) => boolean) | undefined;
  /** Called whenever a fallback is asked to answer. Exceptions thrown by it, and a rejection of a promise it returns, are ignored. */
  onFallback?: ((event: FallbackEvent) => void) | undefined;
}

/** @internal One source of the chain: its tag and, for every source but the last, its breaker. */
export interface Source {
  info: SourceInfo;
  breaker: CircuitBreaker | undefined;
}

const OP = 'withFallback';
const OPTIONS = 'breaker primarySource fallbackSource primaryName:string fallbackName:string fallbacks shouldFallback:function onFallback:function';
const SOURCES: readonly unknown[] = [undefined, 'remote', 'local'];
/** The policy's option names. */
const KNOWN = OPTIONS.split(' ').map((o) => o.split(':')[0]!);

/** What `withFallback` calls on a breaker: an object with any of them is taken for an instance, and must have them all. */
const BREAKER_METHODS = ['tryAcquire', 'recordSuccess', 'recordFailure', 'releaseProbe'] as const;

function isBreaker(b: unknown, path: string): b is CircuitBreaker {
  const has = b === undefined ? [] : BREAKER_METHODS.filter((m) => typeof (b as Record<string, unknown>)[m] === 'function');
  if (has.length === 0) return false;
  // a partial one would throw a TypeError on a call its source had already answered
  const lacks = BREAKER_METHODS.filter((m) => !has.includes(m));
  if (lacks.length) throw refused(OP, path, `is a CircuitBreaker without ${lacks.map((m) => `${m}()`).join(', ')}: give all of ${BREAKER_METHODS.join(', ')}, or options for a new one`);
  return true;
}

/** A breaker instance as it is, or a new one from options, whose refusals name the option under `path` (`fallbacks[0].breaker.cooldownMs`). */
function breakerOf(value: unknown, path: string): CircuitBreaker {
  checkType(OP, path, value, 'object');
  return isBreaker(value, path) ? value : checkedBreaker((value ?? {}) as CircuitBreakerOptions, OP, path);
}

function sourceKind(value: unknown, path: string, fallback: ResultSource): ResultSource {
  if (!SOURCES.includes(value)) throw refused(OP, path, `must be 'remote' or 'local'`);
  return (value as ResultSource | undefined) ?? fallback;
}

/**
 * @internal Splits `withFallback`'s arguments after the primary into the fallbacks and the policy:
 * with one fallback the policy may be left out; with more, the last argument is the policy. A
 * last argument that is no plain object of options (a class instance, or an object with methods
 * that are no options: a fallback passed where the policy belongs) is refused, never read as an
 * empty policy.
 *
 * @example
 * ```ts
 * const { fallbacks, policy } = splitArguments([replica, local, { primaryName: 'triton' }]);
 * ```
 */
export function splitArguments(rest: readonly unknown[]): { fallbacks: unknown[]; policy: FallbackPolicy } {
  // no fallback at all is refused as a missing `fallback` by resolveSources
  const fallbacks = rest.length > 1 ? rest.slice(0, -1) : [rest[0]];
  const policy = rest.length > 1 ? rest[rest.length - 1] : undefined;
  if (policy === undefined) return { fallbacks, policy: {} };
  const methods = isPlainObject(policy) ? Object.keys(policy).filter((k) => typeof policy[k] === 'function' && !KNOWN.includes(k)) : [];
  if (isPlainObject(policy) && methods.length === 0) return { fallbacks, policy: policy as FallbackPolicy };
  const got = Array.isArray(policy)
    ? 'an array'
    : methods.length
      ? `an object with methods that are no options (${methods.join(', ')}; known: ${KNOWN.join(' ')})`
      : policy !== null && typeof policy === 'object'
        ? 'a class instance'
        : String(policy === null ? null : typeof policy);
  const hint = rest.length > 2 ? 'with more than one fallback, end the list with a policy ({} for the defaults)' : 'if it is a second fallback, end the list with a policy ({} for the defaults)';
  throw refused(OP, 'policy', `must be a plain object of options, got ${got}: ${hint}`);
}

/**
 * @internal The sources of a chain, checked: every fallback an object (and not a policy: a plain
 * object of policy options only), every option of its kind and known. Refused with `InvalidRequestError` (`path` = the argument or option): a `fallbacks`
 * list whose length is not the number of fallbacks, `fallbackName` / `fallbackSource` beside
 * `fallbacks` or with several fallbacks (which one would they name?), one breaker instance for two
 * sources.
 *
 * @example
 * ```ts
 * const sources = resolveSources(primary, [replica, local], { fallbacks: [{ name: 'replica' }, { name: 'onnx' }] });
 * ```
 */
export function resolveSources(primary: unknown, fallbacks: readonly unknown[], policy: FallbackPolicy): Source[] {
  const n = fallbacks.length;
  const argPath = (i: number): string => (n === 1 ? 'fallback' : `fallback${i + 1}`);
  for (const [path, value] of [['primary', primary] as const, ...fallbacks.map((f, i) => [argPath(i), f] as const)]) {
    // an array or a class instance is an object with methods too: only what is no object is refused
    if (value === null || typeof value !== 'object') checkType(OP, path, value, 'object', true);
    // a policy given where a source belongs would be a source with no methods, and its options ignored
    const keys = isPlainObject(value) ? Object.keys(value) : [];
    if (keys.length && keys.every((k) => KNOWN.includes(k))) {
      throw refused(OP, path, `is a policy (${keys.join(', ')}), not a source: the policy comes after the last fallback`);
    }
  }
  // what would fail the first call that fails over (`shouldFallback`), be ignored (`onFallback`), or mislabel every result
  checkOptions(OP, policy, OPTIONS);
  const entries = policy.fallbacks;
  if (entries !== undefined && (!Array.isArray(entries) || entries.length !== n)) {
    throw refused(OP, 'fallbacks', `must be an array with one entry per fallback (${n}), got ${Array.isArray(entries) ? `${entries.length} entries` : typeof entries}`);
  }
  for (const [key, field] of [['fallbackName', 'name'], ['fallbackSource', 'source']] as const) {
    if (policy[key] === undefined) continue;
    if (entries) throw refused(OP, key, `and fallbacks both set the fallback's ${field}: use one of them`);
    if (n > 1) throw refused(OP, key, `sets the only fallback's ${field}, but there are ${n}: use fallbacks[i].${field}`);
  }
  const primaryInfo = { source: sourceKind(policy.primarySource, 'primarySource', 'remote'), sourceName: policy.primaryName ?? 'primary' };
  const sources: Source[] = [{ info: Object.freeze(primaryInfo), breaker: breakerOf(policy.breaker, 'breaker') }];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const at = `fallbacks[${i}]`;
    checkOptions(OP, entries?.[i], 'name:string source breaker', at);
    const entry: FallbackSourceOptions = entries?.[i] ?? {};
    const name = entry.name ?? (n === 1 ? policy.fallbackName ?? 'fallback' : `fallback${i + 1}`);
    const kind = sourceKind(entry.source ?? (n === 1 ? policy.fallbackSource : undefined), entry.source !== undefined ? `${at}.source` : 'fallbackSource', last ? 'local' : 'remote');
    // the last one has none unless given (a chain of platforms only: fail fast while all are down)
    const breaker = last && entry.breaker === undefined ? undefined : breakerOf(entry.breaker, `${at}.breaker`);
    // one breaker for two sources: the first one's failures would open the circuit of the next, which is skipped with it
    const owner = breaker && sources.find((s) => s.breaker === breaker);
    if (owner) throw refused(OP, `${at}.breaker`, `is also the breaker of ${owner.info.sourceName}: each source in a chain needs its own`);
    sources.push({ info: Object.freeze({ source: kind, sourceName: name }), breaker });
  }
  return sources;
}
