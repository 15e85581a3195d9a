/**
 * createCircuitBreaker, withFallback, poll and paginate as a JavaScript caller may misuse them: each
 * refuses, when it is called (poll: before the first poll), an option name it does not know and an
 * option of the wrong kind, with an InvalidRequestError naming it, rather than ignoring a hook
 * (`onStateChange`, `onFallback`, `onTimeoutOrAbort`), mislabelling results (`primarySource`), or
 * failing later with a bare TypeError (`now`, `shouldFallback`, `hintMs`, `fetchPage`).
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createCircuitBreaker, paginate, poll, withFallback } from '../../src/index.js';
import { bad, refusedAt } from './_misuse.js';

describe('circuit breaker and fallback', () => {
  it.each([
    ['now', { now: 1_700_000_000_000 }],
    ['onStateChange', { onStateChange: 'log' }],
    ['failureTreshold', { failureTreshold: 1 }],
  ])('createCircuitBreaker %s', (path, options) => {
    refusedAt(path, () => createCircuitBreaker(bad(options)));
  });

  it.each([
    ['primary', null, {}],
    ['primary', 'remote', {}],
    ['fallback', {}, 42],
  ])('withFallback: a %s that is no object', (path, primary, fallback) => {
    refusedAt(path, () => withFallback(bad(primary), bad(fallback)));
  });

  it.each([
    ['breaker', { breaker: 3 }],
    ['breaker.cooldownMs', { breaker: { cooldownMs: -1 } }],
    ['shouldFallback', { shouldFallback: 'connection' }],
    ['onFallback', { onFallback: 'log' }],
    ['primaryName', { primaryName: 5 }],
    ['primarySource', { primarySource: 'cloud' }],
    ['fallbackSource', { fallbackSource: 'remote ' }],
    ['fallbackname', { fallbackname: 'onnx' }],
  ])('withFallback policy %s', (path, policy) => {
    refusedAt(path, () => withFallback({}, {}, bad(policy)));
  });
});

describe('poll and paginate', () => {
  const base = { fetch: async () => 1, done: () => true };

  it.each([
    ['hintMs', { hintMs: 'retry-after' }],
    ['onTimeoutOrAbort', { onTimeoutOrAbort: 'cancel' }],
    ['timeoutMs', { timeoutMs: '5000' }],
    ['timeout', { timeout: 5000 }],
  ])('poll %s is refused before the first poll', async (path, extra) => {
    let polls = 0;
    const err = await poll(bad({ ...base, fetch: async () => ++polls, ...extra })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe(path);
    expect(polls).toBe(0);
  });

  // poll's options are required (fetch, done): null, none or a string failed with a bare TypeError
  // reading `operation` of them
  it.each([['null', null], ['undefined', undefined], ['a string', 'poll']])('poll with options that are %s rejects with InvalidRequestError (path options)', async (_, options) => {
    const err = await poll(bad(options)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('options');
    expect((err as Error).message).toBe('poll: options must be an object, got ' + (options === null ? 'null' : typeof options));
  });

  it('poll refuses a done that returns a promise (it would read as true and end polling at the first value)', async () => {
    let polls = 0;
    const err = await poll(bad({ fetch: async () => ++polls, done: async (n: number) => n >= 3, initialDelayMs: 1 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('done');
    expect((err as Error).message).toContain('must return a boolean');
    expect(polls).toBe(1);
  });

  it('paginate refuses a fetchPage that is no function when the paginator is made', () => {
    refusedAt('fetchPage', () => paginate(bad('cursor')));
  });
});
