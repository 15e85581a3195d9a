/**
 * withFallback's policy (src/core/fallback-policy.ts) refuses what it would otherwise misread, and
 * says what it saw: a policy hook with a misspelt name is named in the refusal, and a breaker
 * instance that lacks part of the CircuitBreaker interface is refused when the wrapper is made,
 * not by a TypeError on a call the source already answered.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';
import { bad, refusedAt } from './_misuse.js';

const up = (by: string) => ({ infer: async () => ({ by }) });

describe('a policy with a method that is no option', () => {
  it('one fallback: the refusal names the misspelt hook instead of talking of more fallbacks', () => {
    const err = refusedAt('policy', () => withFallback(up('a'), up('b'), bad({ primaryName: 'triton', onFallBack: () => undefined })));
    expect(err.message).toContain('onFallBack');
    expect(err.message).not.toContain('with more than one fallback');
  });

  it('several fallbacks: a source where the policy belongs is still called that', () => {
    const err = refusedAt('policy', () => withFallback(up('a'), up('b'), bad(up('c'))));
    expect(err.message).toContain('infer');
    expect(err.message).toContain('end the list with a policy ({} for the defaults)');
  });
});

describe('a breaker instance', () => {
  const partial = { state: 'closed' as const, retryAtMs: undefined, consecutiveFailures: 0, tryAcquire: () => true, recordFailure: () => undefined };

  it('that lacks recordSuccess / releaseProbe is refused when the wrapper is made', () => {
    const err = refusedAt('breaker', () => withFallback(up('a'), up('b'), { breaker: bad(partial) }));
    expect(err.message).toContain('recordSuccess');
    refusedAt('fallbacks[0].breaker', () => withFallback(up('a'), up('b'), up('c'), { fallbacks: [{ breaker: bad(partial) }, {}] }));
  });

  it('a complete one of your own is taken as it is', async () => {
    const seen: string[] = [];
    const own = { ...partial, recordFailure: () => seen.push('failure'), recordSuccess: () => seen.push('success'), releaseProbe: () => seen.push('release'), reset: () => undefined };
    const down = { infer: async (): Promise<{ by: string }> => Promise.reject(new ConnectionError('refused', { requestMayHaveReachedServer: false })) };
    const target = withFallback(down, up('b'), { breaker: own });
    expect((await target.infer()).by).toBe('b');
    expect(seen).toEqual(['failure']);
  });
});

describe('a policy where a fallback belongs', () => {
  it('is refused by its position, not taken for a source with no methods', () => {
    const err = refusedAt('fallback', () => withFallback(up('a'), bad({ primaryName: 'triton', breaker: { failureThreshold: 3 } })));
    expect(err.message).toContain('policy');
    refusedAt('fallback2', () => withFallback(up('a'), up('b'), bad({ fallbackName: 'onnx' }), {}));
  });

  it('an object without methods that is no policy is still a source (it lacks every method)', async () => {
    const down = { infer: async (): Promise<{ by: string }> => Promise.reject(new ConnectionError('refused', { requestMayHaveReachedServer: false })) };
    const target = withFallback(down, up('b'), bad({ models: {} }), {});
    expect((await target.infer()).by).toBe('b');
  });
});
