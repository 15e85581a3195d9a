/**
 * The call deadline's watches on a caller's signal: one listener per signal however many calls
 * use it, removed when the last call settles; every watching call aborts with the signal.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError } from '../../src/index.js';
import { createCallContext, onAbort } from '../../src/core/deadline.js';

describe('deadline: one watch per caller signal, shared by the calls on it', () => {
  it('10,000 settled calls on one signal leave 0 listeners', () => {
    const s = new AbortController().signal;
    for (let i = 0; i < 10_000; i++) createCallContext(1000, s, 'op').dispose();
    expect(getEventListeners(s, 'abort')).toHaveLength(0);
  });
  it('abort with many watching: all abort, 0 listeners', () => {
    const ac = new AbortController();
    const ctxs = Array.from({ length: 100 }, () => createCallContext(10_000, ac.signal, 'op'));
    ac.abort();
    expect(ctxs.every((c) => c.aborted)).toBe(true);
    expect(ctxs.every((c) => c.signal.reason instanceof AbortError)).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    for (const c of ctxs) c.dispose();
  });
  it('a call disposed inside another call abort callback does not abort', () => {
    const ac = new AbortController();
    const a = createCallContext(10_000, ac.signal, 'op');
    const b = createCallContext(10_000, ac.signal, 'op');
    a.onAbort(() => b.dispose());
    ac.abort();
    expect(a.aborted).toBe(true);
    expect(b.aborted).toBe(false);
  });
  it('AbortSignal.any and timeout', async () => {
    const ac = new AbortController();
    const any = AbortSignal.any([ac.signal]);
    const c = createCallContext(10_000, any, 'op');
    const t = AbortSignal.timeout(10);
    const d = createCallContext(10_000, t, 'op');
    ac.abort();
    expect(c.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(d.aborted).toBe(true);
    expect(d.signal.reason).toBeInstanceOf(TimeoutError);
    c.dispose();
    d.dispose();
    expect(getEventListeners(any, 'abort')).toHaveLength(0);
  });
  it('timeout error message and fields', async () => {
    const c = createCallContext(5, undefined, 'my.op');
    await new Promise((r) => setTimeout(r, 20));
    const r = c.signal.reason as TimeoutError;
    expect(r).toBeInstanceOf(TimeoutError);
    expect(r.message).toBe('my.op did not finish within 5 ms');
    expect(r).toMatchObject({ operation: 'my.op', timeoutMs: 5 });
  });
  it('re-watch inside callback and after abort', () => {
    const ac = new AbortController();
    const calls: string[] = [];
    const un1 = onAbort(ac.signal, () => {
      calls.push('a');
      onAbort(ac.signal, () => calls.push('late'));
    });
    onAbort(ac.signal, () => calls.push('b'));
    ac.abort();
    un1();
    expect(calls).toEqual(['a', 'b']);
  });
  it('subscriber sees aborted call; dispose after abort ok', () => {
    const ac = new AbortController();
    const c = createCallContext(10_000, ac.signal, 'op');
    let seen = false;
    c.onAbort(() => (seen = c.aborted && c.signal.aborted));
    ac.abort();
    expect(seen).toBe(true);
    c.dispose();
    c.dispose();
  });
});

/** A signal-like object (as some polyfills/test doubles are): calls its listener with an event that carries no `target`. */
function fakeSignal(passEvent: boolean) {
  let listener: ((e?: unknown) => void) | undefined;
  const s = {
    aborted: false,
    reason: undefined as unknown,
    addEventListener: (_t: string, fn: (e?: unknown) => void) => void (listener = fn),
    removeEventListener: () => void (listener = undefined),
    abort(reason: unknown) {
      s.aborted = true;
      s.reason = reason;
      listener?.(passEvent ? { type: 'abort' } : undefined);
    },
  };
  return s;
}

describe('deadline: a signal-like object (polyfill, test double)', () => {
  it('a signal-like whose abort event has no target still aborts the call', () => {
    const s = fakeSignal(true);
    const ctx = createCallContext(10_000, s as unknown as AbortSignal, 'op');
    s.abort(new Error('stop'));
    expect(ctx.aborted).toBe(true);
    expect(ctx.signal.reason).toBeInstanceOf(AbortError);
    ctx.dispose();
  });
  it('a signal-like that calls its listener with no event does not throw and aborts the call', () => {
    const s = fakeSignal(false);
    const ctx = createCallContext(10_000, s as unknown as AbortSignal, 'op');
    expect(() => s.abort(new Error('stop'))).not.toThrow();
    expect(ctx.aborted).toBe(true);
    ctx.dispose();
  });
});

