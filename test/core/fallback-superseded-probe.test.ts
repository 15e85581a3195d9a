/**
 * A half-open probe that outlived its cool-down has been superseded by a new probe
 * (src/core/circuit-breaker.ts, docs/fallback.md "Circuit breaker"). When the old one then ends
 * without a verdict (your abort, a health check's `false`, a request refused before sending), it
 * used to free the slot the new probe holds, so one more call went through as a probe while the
 * new one was still in flight. It now frees only a slot it holds itself.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ConnectionError, InvalidRequestError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

interface Target {
  infer(options?: { signal?: AbortSignal }): Promise<{ by: string }>;
}

/** A primary whose first call fails (opening the circuit); every later one is left pending, to be ended by the test. */
function primary() {
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  let calls = 0;
  const target: Target = {
    infer: (options) => {
      calls++;
      if (calls === 1) return Promise.reject(new ConnectionError('refused', { requestMayHaveReachedServer: false }));
      return new Promise((resolve, reject) => {
        pending.push({ resolve: resolve as (v: unknown) => void, reject });
        options?.signal?.addEventListener('abort', () => reject(options.signal!.reason));
      });
    },
  };
  return { target, pending, calls: () => calls };
}

const local: Target = { infer: async () => ({ by: 'local' }) };

/** The circuit opened at t = 0, a first probe at t = 1 000, superseded by a second at t = 2 000 (cool-down 1 000 ms). */
async function superseded(first?: { signal: AbortSignal }) {
  let t = 0;
  const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
  const p = primary();
  const target = withFallback<Target>(p.target, local, { breaker });
  expect(await target.infer()).toEqual({ by: 'local', source: 'local', sourceName: 'fallback' }); // opens the circuit
  t = 1_000;
  const old = target.infer(first).then(
    (v) => v,
    (e: unknown) => e,
  );
  t = 2_000;
  const current = target.infer().then(
    (v) => v,
    (e: unknown) => e,
  );
  expect(p.calls()).toBe(3); // both probes reached the primary
  return { target, breaker, p, old, current, at: (ms: number) => (t = ms) };
}

describe('a superseded probe that ends without a verdict leaves the new probe its slot', () => {
  it('aborted by its caller', async () => {
    const controller = new AbortController();
    const s = await superseded({ signal: controller.signal });
    controller.abort();
    expect((await s.old as Error).name).toBe('AbortError');
    const next = s.target.infer(); // asks the primary at once, if at all
    expect(s.p.calls()).toBe(3); // before the fix: 4, a second probe in flight
    expect(await next).toEqual({ by: 'local', source: 'local', sourceName: 'fallback' }); // the new probe still holds the slot
    s.p.pending[1]!.resolve({ by: 'remote' }); // the new probe answers: closed
    expect(await s.current).toEqual({ by: 'remote', source: 'remote', sourceName: 'primary' });
    expect(s.breaker.state).toBe('closed');
  });

  it('answered false (a health check\'s "not ready")', async () => {
    const s = await superseded();
    s.p.pending[0]!.resolve(false);
    expect(await s.old).toBe(false);
    const next = s.target.infer();
    expect(s.p.calls()).toBe(3);
    expect(await next).toEqual({ by: 'local', source: 'local', sourceName: 'fallback' });
  });

  it('refused before sending (InvalidRequestError)', async () => {
    const s = await superseded();
    s.p.pending[0]!.reject(new InvalidRequestError('refused', { operation: 'infer', path: 'x' }));
    expect(await s.old).toBeInstanceOf(InvalidRequestError);
    const next = s.target.infer();
    expect(s.p.calls()).toBe(3);
    expect(await next).toEqual({ by: 'local', source: 'local', sourceName: 'fallback' });
  });

  it('the current probe still frees its own slot when it ends without a verdict', async () => {
    const s = await superseded();
    s.p.pending[1]!.resolve(false);
    expect(await s.current).toBe(false);
    s.at(2_001);
    void s.target.infer(); // a new probe: the slot was free
    expect(s.p.calls()).toBe(4);
    expect(s.breaker.state).toBe('half-open');
  });

  it('a superseded probe that answers still decides (the first probe to answer closes the circuit)', async () => {
    const s = await superseded();
    s.p.pending[0]!.resolve({ by: 'remote' });
    expect(await s.old).toEqual({ by: 'remote', source: 'remote', sourceName: 'primary' });
    expect(s.breaker.state).toBe('closed');
  });
});
