/**
 * withFallback and the half-open probe (docs/fallback.md, Circuit breaker): only the probe decides.
 * A probe the endpoint answered with a request error (4xx) closes the circuit; a probe whose caller
 * aborted frees the slot. A call that began while the circuit was closed and ends during the probe —
 * neutrally (caller abort, AbortError, a throwing shouldFallback) or with a request error — neither
 * frees the probe's slot nor closes the circuit: the next call still goes to the fallback.
 * A probe refused before sending (InvalidRequestError: the endpoint never saw it) says nothing about
 * the endpoint: it frees the slot and leaves the circuit half-open (it used to close it), and in the
 * closed state it does not reset the count of consecutive failures.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { AbortError, BadRequestError, ConnectionError, InvalidRequestError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });
const bad = () => new BadRequestError({ status: 400, body: { error: 'bad input' } });
const refused = () => new InvalidRequestError('infer: inputs[0].shape must be an array of integers', { path: 'inputs[0].shape' });

/** A primary whose 'slow' and 'probe' calls stay pending until settled by hand; 'fail' rejects with a ConnectionError; others resolve. */
function setup(shouldFallback?: (e: unknown) => boolean) {
  let t = 0;
  const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 1_000, now: () => t });
  const calls: string[] = [];
  const pending: Record<string, { ok: (v: string) => void; ko: (e: unknown) => void }> = {};
  const primary = {
    infer: (id: string, _options?: { signal?: AbortSignal }): Promise<string> => {
      calls.push(id);
      if (id === 'fail') return Promise.reject(conn());
      if (id !== 'slow' && id !== 'probe') return Promise.resolve(`remote:${id}`);
      return new Promise<string>((ok, ko) => (pending[id] = { ok, ko }));
    },
  };
  const fallback = { infer: async (id: string, _options?: { signal?: AbortSignal }) => `local:${id}` };
  const target = withFallback(primary, fallback, { breaker, ...(shouldFallback ? { shouldFallback } : {}) });
  /** Opens the circuit and lets the cool-down pass: the next call is the probe. */
  const openAndCool = async () => {
    await target.infer('fail');
    expect(breaker.state).toBe('open');
    t += 1_000;
  };
  return { breaker, calls, pending, target, openAndCool };
}

describe('the probe itself', () => {
  it('a probe the primary answers with a 4xx closes the circuit (the endpoint answered; the request was at fault)', async () => {
    const { breaker, pending, target, openAndCool } = setup();
    await openAndCool();
    const probe = target.infer('probe');
    expect(breaker.state).toBe('half-open');
    const err = bad();
    pending.probe!.ko(err);
    await expect(probe).rejects.toBe(err);
    expect(breaker.state).toBe('closed');
    expect(await target.infer('next')).toBe('remote:next');
  });

  // a probe that says nothing about the endpoint: its caller aborted (the primary fails with whatever
  // it fails with then), or the request was refused before sending
  it.each([
    ['whose caller aborted', (controller: AbortController) => (controller.abort(), conn())],
    ['refused before sending (InvalidRequestError)', () => refused()],
  ])('a probe %s frees the slot and leaves the circuit half-open: the next call is the probe', async (_name, ending) => {
    const { breaker, calls, pending, target, openAndCool } = setup();
    await openAndCool();
    const controller = new AbortController();
    const probe = target.infer('probe', { signal: controller.signal });
    expect(breaker.state).toBe('half-open');
    const err = ending(controller);
    pending.probe!.ko(err);
    await expect(probe).rejects.toBe(err);
    expect(breaker.state).toBe('half-open');
    expect(await target.infer('second-probe')).toBe('remote:second-probe');
    expect(calls).toContain('second-probe');
    expect(breaker.state).toBe('closed');
  });
});

describe('a request refused before sending (InvalidRequestError) while closed', () => {
  it('does not reset the count of consecutive failures', async () => {
    let t = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: () => t });
    const outcomes: unknown[] = [conn(), refused(), conn()];
    const primary = { infer: (_id: string) => Promise.reject(outcomes.shift()) };
    const target = withFallback(primary, { infer: async (id: string) => `local:${id}` }, { breaker });
    expect(await target.infer('a')).toBe('local:a');
    await expect(target.infer('b')).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await target.infer('c')).toBe('local:c');
    // two endpoint failures in a row, the refusal between them said nothing about the endpoint
    expect(breaker.state).toBe('open');
  });
});

describe('a call that began while closed and ends during the probe', () => {
  const endings: Array<[string, (s: ReturnType<typeof setup>, controller: AbortController) => unknown, ((e: unknown) => boolean) | undefined]> = [
    ['its caller aborts', (_s, controller) => (controller.abort(), conn()), undefined],
    ['it fails with AbortError', () => new AbortError(), undefined],
    ['shouldFallback throws on its error', () => new Error('odd'), (e) => {
      if (e instanceof ConnectionError) return true;
      throw new Error('classifier bug');
    }],
    ['it fails with a 4xx', () => bad(), undefined],
  ];

  it.each(endings)('when %s, the probe keeps its slot and the circuit stays half-open', async (_name, ending, shouldFallback) => {
    const s = setup(shouldFallback);
    const { breaker, calls, pending, target, openAndCool } = s;
    const controller = new AbortController();
    const straggler = target.infer('slow', { signal: controller.signal }); // closed: reaches the primary
    const strayOutcome = straggler.then(
      () => 'resolved',
      () => 'rejected',
    );
    await openAndCool();
    const probe = target.infer('probe');
    expect(breaker.state).toBe('half-open');

    pending.slow!.ko(ending(s, controller));
    expect(await strayOutcome).toBe('rejected');
    expect(breaker.state).toBe('half-open');
    expect(await target.infer('during')).toBe('local:during'); // the probe is still in flight
    expect(calls).not.toContain('during');

    pending.probe!.ok('remote:probe');
    expect(await probe).toBe('remote:probe');
    expect(breaker.state).toBe('closed');
  });
});
