/**
 * The call context (src/core/deadline.ts) at its edges: what it refuses, the limit of one timer,
 * the time left, late subscribers, errorFor, an abort of its own, and `sleep` on a signal.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, InvalidRequestError, ModelwireError, TimeoutError, sleep } from '../../src/index.js';
import { MAX_TIMER_MS, abortReason, createCallContext, onAbort } from '../../src/core/deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createCallContext refuses what cannot be a deadline or a signal', () => {
  it.each([-1, Number.NaN, -Infinity])('timeoutMs %s: InvalidRequestError at path timeoutMs', (t) => {
    let err: unknown;
    try {
      createCallContext(t, undefined, 'op.x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err).toMatchObject({ path: 'timeoutMs', operation: 'op.x' });
    expect((err as Error).message).toContain(String(t));
  });

  it('timeoutMs 0 is a deadline (already passed: the call is aborted at once, as by a signal aborted before it), not an error; so is Infinity (none)', () => {
    vi.useFakeTimers();
    const zero = createCallContext(0, undefined, 'op');
    // no turn of the event loop: a call that checks `aborted` before its first step does not take it
    expect(zero.aborted).toBe(true);
    expect(zero.signal.reason).toBeInstanceOf(TimeoutError);
    expect(zero.signal.reason).toMatchObject({ timeoutMs: 0, operation: 'op' });
    expect(vi.getTimerCount()).toBe(0);
    const none = createCallContext(Infinity, undefined, 'op');
    expect(none.remaining()).toBe(Infinity);
    none.dispose();
  });

  it('a signal that is not an AbortSignal: InvalidRequestError at path signal; null is no signal', () => {
    expect(() => createCallContext(10, {} as AbortSignal, 'op')).toThrow(expect.objectContaining({ path: 'signal', code: 'invalid_request' }));
    const ctx = createCallContext(10, null as unknown as AbortSignal, 'op');
    expect(ctx.aborted).toBe(false);
    ctx.dispose();
  });
});

describe('one timer', () => {
  it('a deadline of exactly 2^31 − 1 ms is enforced; one ms more is none (a timer would fire at once)', () => {
    vi.useFakeTimers();
    const atLimit = createCallContext(MAX_TIMER_MS, undefined, 'op');
    const beyond = createCallContext(MAX_TIMER_MS + 1, undefined, 'op');
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(atLimit.aborted).toBe(true);
    expect(atLimit.signal.reason).toMatchObject({ code: 'timeout', timeoutMs: MAX_TIMER_MS });
    expect(beyond.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    beyond.dispose();
  });

  it('dispose stops the timer: a disposed call never times out', () => {
    vi.useFakeTimers();
    const ctx = createCallContext(100, undefined, 'op');
    ctx.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(ctx.aborted).toBe(false);
  });

  it('remaining() counts down from timeoutMs and never goes below 0', () => {
    vi.useFakeTimers();
    const ctx = createCallContext(1000, undefined, 'op');
    expect(ctx.deadlineAt).toBe(Date.now() + 1000);
    vi.advanceTimersByTime(400);
    expect(ctx.remaining()).toBe(600);
    vi.advanceTimersByTime(5000);
    expect(ctx.remaining()).toBe(0);
  });
});

describe('subscribers, errorFor and abort(reason)', () => {
  it('a subscriber after the abort is called at once; an unsubscribed one is never called', () => {
    const ac = new AbortController();
    const ctx = createCallContext(10_000, ac.signal, 'op');
    const seen: string[] = [];
    const stop = ctx.onAbort(() => seen.push('gone'));
    ctx.onAbort(() => seen.push('kept'));
    stop();
    ac.abort();
    expect(seen).toEqual(['kept']);
    const stopLate = ctx.onAbort(() => seen.push('late'));
    expect(seen).toEqual(['kept', 'late']);
    expect(() => stopLate()).not.toThrow();
  });

  it('errorFor: a modelwire error as it is; anything else as it is before the abort, the abort reason after', () => {
    const ctx = createCallContext(10_000, undefined, 'op');
    const own = new AbortError('mine');
    const foreign = new TypeError('fetch failed');
    expect(ctx.errorFor(own)).toBe(own);
    expect(ctx.errorFor(foreign)).toBe(foreign);
    const reason = new TimeoutError('first event', { timeoutMs: 5 });
    ctx.abort(reason);
    expect(ctx.errorFor(foreign)).toBe(reason);
    expect(ctx.errorFor(own)).toBe(own);
  });

  it('abort(reason): the first reason wins, the signal carries it, the timer and the watch are gone', () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const ctx = createCallContext(100, ac.signal, 'op');
    const signal = ctx.signal; // made before the abort
    const first = new TimeoutError('first event', { timeoutMs: 5 });
    ctx.abort(first);
    ctx.abort(new AbortError('second'));
    expect(signal.reason).toBe(first);
    expect(ctx.errorFor(new Error('late'))).toBe(first);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('a signal made after the abort is already aborted with the reason', () => {
    const ac = new AbortController();
    ac.abort(new Error('user'));
    const ctx = createCallContext(10_000, ac.signal, 'op.pre');
    expect(ctx.aborted).toBe(true);
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toMatchObject({ code: 'aborted', operation: 'op.pre' });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('abortReason', () => {
  it('keeps a modelwire reason; a TimeoutError-named reason becomes TimeoutError; anything else AbortError, naming the operation', () => {
    const own = new TimeoutError('mine', { timeoutMs: 1 });
    expect(abortReason(AbortSignal.abort(own))).toBe(own);
    const t = abortReason(AbortSignal.abort(new DOMException('late', 'TimeoutError')), 'op.t');
    expect(t).toBeInstanceOf(TimeoutError);
    expect(t.message).toContain('op.t');
    expect(t).toMatchObject({ operation: 'op.t', cause: { name: 'TimeoutError' } });
    const a = abortReason(AbortSignal.abort(new Error('why')), 'op.a');
    expect(a).toBeInstanceOf(AbortError);
    expect(a.message).toContain('op.a');
    expect(a.operation).toBe('op.a');
    expect((a as ModelwireError & { cause?: unknown }).cause).toMatchObject({ message: 'why' });
    // a reason of null or undefined is still an abort
    expect(abortReason(AbortSignal.abort(null))).toBeInstanceOf(AbortError);
  });
});

describe('onAbort: one listener per signal', () => {
  it('stopping one watcher keeps the others and the listener; the last one removes it; a second stop removes nothing', () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const stopA = onAbort(ac.signal, () => seen.push('a'));
    const stopB = onAbort(ac.signal, () => seen.push('b'));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    stopA();
    stopA();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    const stopC = onAbort(ac.signal, () => seen.push('c'));
    stopB();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    expect(seen).toEqual(['c']);
    stopC();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('after the last watcher stopped, a new watcher gets a fresh listener', () => {
    const ac = new AbortController();
    const seen: string[] = [];
    onAbort(ac.signal, () => seen.push('old'))();
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    onAbort(ac.signal, () => seen.push('new'));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    expect(seen).toEqual(['new']);
  });
});

describe('sleep', () => {
  it('resolves after the wait and leaves no listener on the signal', async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    let done = false;
    const p = sleep(100, ac.signal).then(() => (done = true));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('a negative wait is no wait', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(-50).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
  });

  it('rejects with the abort reason at once, and stops its timer', async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    const reason = new AbortError('stop');
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});
