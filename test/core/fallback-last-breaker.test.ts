/**
 * A breaker on the last source of withFallback (src/core/fallback.ts), given explicitly: a chain of
 * remote platforms only (no local runtime to end on) then fails fast while every platform is down,
 * with a CircuitOpenError naming them and no I/O, instead of paying the last one's whole timeout on
 * every call. Without one (the default) the last source is asked every time.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { BadRequestError, CircuitOpenError, ConnectionError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });

function platform() {
  const p = { calls: 0, fail: conn as (() => Error) | undefined };
  const target = {
    infer: async (): Promise<{ ok: true }> => {
      p.calls++;
      if (p.fail) throw p.fail();
      return { ok: true };
    },
  };
  return Object.assign(p, { target });
}

describe('a breaker on the last source', () => {
  it('one fallback: once both circuits are open, calls fail fast with CircuitOpenError and reach neither', async () => {
    const [a, b] = [platform(), platform()];
    const breaker = () => createCircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const target = withFallback(a.target, b.target, { primaryName: 'us', breaker: breaker(), fallbacks: [{ name: 'eu', breaker: breaker() }] });
    await expect(target.infer()).rejects.toBeInstanceOf(ConnectionError); // the last one's own error, as before
    const err = await target.infer().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).message).toContain('circuits for us, eu are open');
    expect([a.calls, b.calls]).toEqual([1, 1]);
  });

  it('in a chain: the last one recovers through its own probe', async () => {
    let t = 0;
    const breaker = () => createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
    const [a, b, c] = [platform(), platform(), platform()];
    const last = breaker();
    const target = withFallback(a.target, b.target, c.target, { breaker: breaker(), fallbacks: [{ breaker: breaker() }, { breaker: last }] });
    await expect(target.infer()).rejects.toBeInstanceOf(ConnectionError);
    expect(last.state).toBe('open');
    c.fail = undefined;
    t = 1_000; // every circuit may probe: the first two fail again, the last one's probe answers
    expect(await target.infer()).toEqual({ ok: true, source: 'local', sourceName: 'fallback2' });
    expect(last.state).toBe('closed');
  });

  it('an error the request caused is no failure of the last source either', async () => {
    const [a, b] = [platform(), platform()];
    b.fail = () => new BadRequestError({ status: 400 });
    const last = createCircuitBreaker({ failureThreshold: 1 });
    const target = withFallback(a.target, b.target, { fallbacks: [{ breaker: last }] });
    await expect(target.infer()).rejects.toBeInstanceOf(BadRequestError);
    expect(last.state).toBe('closed');
  });
});
