/**
 * The policy of withFallback (src/core/fallback-policy.ts): how the arguments after the primary split
 * into fallbacks and policy, the names, kinds and breakers each source gets, and what is refused
 * rather than misread: a fallback passed where the policy belongs, per-fallback settings that do not
 * line up with the fallbacks, a single-fallback option among several, and a breaker on the last.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';
import { bad, refusedAt } from './_misuse.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });
const up = (by: string) => ({ infer: async () => ({ by }) });
const down = () => ({
  infer: async (): Promise<{ by: string }> => {
    throw conn();
  },
});

class Runtime {
  async infer(): Promise<{ by: string }> {
    return { by: 'runtime' };
  }
}

describe('the arguments after the primary', () => {
  it('with more than one fallback, a last argument that is a source is refused, not read as a policy', () => {
    const err = refusedAt('policy', () => withFallback(bad(up('a')), bad(up('b')), bad(up('c'))));
    expect(err.message).toContain('end the list with a policy ({} for the defaults)');
    // a class instance has no enumerable methods: it would pass for an empty policy
    refusedAt('policy', () => withFallback(bad(up('a')), bad(up('b')), bad(new Runtime())));
    refusedAt('policy', () => withFallback(bad(up('a')), bad(up('b')), bad([])));
  });

  it('a fallback that is no object is refused by its position', () => {
    refusedAt('fallback2', () => withFallback(bad(up('a')), bad(up('b')), bad('onnx'), {}));
    refusedAt('fallback', () => (withFallback as (...args: unknown[]) => unknown)(up('a')));
  });

  it('the defaults: fallback1, fallback2, …; remote but for the last, which is local', async () => {
    const target = withFallback(down(), down(), down(), up('d'), {});
    expect(await target.infer()).toEqual({ by: 'd', source: 'local', sourceName: 'fallback3' });
    const two = withFallback(down(), up('b'), up('c'), {});
    expect(await two.infer()).toEqual({ by: 'b', source: 'remote', sourceName: 'fallback1' });
  });

  it('policy.fallbacks names each one and sets its source and breaker (an instance is shared as it is)', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    const target = withFallback(down(), down(), up('c'), {
      primaryName: 'triton',
      fallbacks: [{ name: 'replica', source: 'local', breaker }, { name: 'edge', source: 'remote' }],
    });
    expect(await target.infer()).toEqual({ by: 'c', source: 'remote', sourceName: 'edge' });
    expect(breaker.state).toBe('open');
  });
});

describe('policy.fallbacks and the single-fallback options, refused where they cannot be meant', () => {
  const [a, b, c] = [up('a'), up('b'), up('c')];
  it.each([
    ['fallbacks', { fallbacks: [{ name: 'b' }] }],
    ['fallbacks', { fallbacks: { name: 'b' } }],
    ['fallbacks[0].nam', { fallbacks: [{ nam: 'b' }, {}] }],
    ['fallbacks[0].name', { fallbacks: [{ name: 3 }, {}] }],
    ['fallbacks[0].source', { fallbacks: [{ source: 'cloud' }, {}] }],
    ['fallbacks[0].breaker', { fallbacks: [{ breaker: 'strict' }, {}] }],
    ['fallbacks[0].breaker.failureThreshold', { fallbacks: [{ breaker: { failureThreshold: Number.NaN } }, {}] }],
    ['fallbacks[0].breaker.failureRateThreshold', { fallbacks: [{ breaker: { failureRateThreshold: 2 } }, {}] }],
    ['fallbacks[0].breaker.failureTreshold', { fallbacks: [{ breaker: { failureTreshold: 3 } }, {}] }],
    ['fallbacks[1]', { fallbacks: [{}, 'onnx'] }],
    ['fallbackName', { fallbackName: 'onnx' }],
    ['fallbackSource', { fallbackSource: 'local' }],
  ])('two fallbacks: %s', (path, policy) => {
    refusedAt(path, () => withFallback(a, b, c, bad(policy)));
  });

  it("a breaker option's refusal reads as withFallback's, its problem said once", () => {
    const err = refusedAt('breaker.failureRateThreshold', () => withFallback(a, b, bad({ breaker: { failureRateThreshold: 2 } })));
    expect(err.message).toBe('withFallback: breaker.failureRateThreshold must be a number in (0, 1], got 2');
  });

  it('one breaker instance for two sources is refused: the first one failing would skip the next', () => {
    const shared = createCircuitBreaker();
    const err = refusedAt('fallbacks[0].breaker', () => withFallback(a, b, c, { primaryName: 'triton', breaker: shared, fallbacks: [{ breaker: shared }, {}] }));
    expect(err.message).toContain('is also the breaker of triton');
    refusedAt('fallbacks[1].breaker', () => withFallback(a, b, c, a, { fallbacks: [{ breaker: shared }, { breaker: shared }, {}] }));
  });

  it('a fallbacks entry that is null is refused; an undefined one takes the defaults', async () => {
    refusedAt('fallbacks[0]', () => withFallback(a, b, c, bad({ fallbacks: [null, {}] })));
    expect((await withFallback(down(), up('b'), c, { fallbacks: bad([undefined, {}]) }).infer()).sourceName).toBe('fallback1');
  });

  it('one fallback: fallbackName beside fallbacks[0] is refused (which name would win?)', () => {
    refusedAt('fallbackName', () => withFallback(a, b, bad({ fallbackName: 'x', fallbacks: [{ name: 'y' }] })));
  });

  it('one fallback: fallbacks[0] works like fallbackName / fallbackSource', async () => {
    const target = withFallback(down(), up('b'), { fallbacks: [{ name: 'onnx', source: 'remote' }] });
    expect(await target.infer()).toEqual({ by: 'b', source: 'remote', sourceName: 'onnx' });
  });
});
