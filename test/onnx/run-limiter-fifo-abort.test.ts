/**
 * The run limiter behind `maxConcurrentRuns` (src/onnx/queue.ts): slots are handed out in FIFO
 * order, a waiter whose signal aborts leaves the queue (AbortError) without taking a slot or
 * disturbing the others, an abort after the slot was granted changes nothing, and the order holds
 * past the point where the queue compacts itself (more than 1024 waiters served).
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import { createLimiter } from '../../src/onnx/queue.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('run limiter', () => {
  it('takes free slots synchronously up to the limit, then refuses', () => {
    const q = createLimiter(2);
    expect(q.tryAcquire()).toBe(true);
    expect(q.tryAcquire()).toBe(true);
    expect(q.tryAcquire()).toBe(false);
    expect(q.active).toBe(2);
    q.release();
    expect(q.active).toBe(1);
    expect(q.tryAcquire()).toBe(true);
  });

  it('serves waiters first-in first-out, one per released slot', async () => {
    const q = createLimiter(1);
    expect(q.tryAcquire()).toBe(true);
    const order: string[] = [];
    const waits = ['a', 'b', 'c'].map((name) => q.wait().then(() => order.push(name)));
    expect(q.waiting).toBe(3);
    // a waiter is queued: the fast path must not jump the queue
    expect(q.tryAcquire()).toBe(false);
    q.release();
    await settle();
    expect(order).toEqual(['a']);
    expect(q.active).toBe(1);
    expect(q.waiting).toBe(2);
    q.release();
    q.release();
    await Promise.all(waits);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(q.active).toBe(1);
    expect(q.waiting).toBe(0);
  });

  it('wait() with a free slot resolves at once and takes the slot', async () => {
    const q = createLimiter(1);
    await q.wait();
    expect(q.active).toBe(1);
    expect(q.tryAcquire()).toBe(false);
  });

  it('an aborted waiter leaves the queue with AbortError; the others keep their turn', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    const order: string[] = [];
    const ac = new AbortController();
    const a = q.wait().then(() => order.push('a'));
    const b = q.wait(ac.signal).then(
      () => order.push('b'),
      (e: unknown) => e,
    );
    const c = q.wait().then(() => order.push('c'));
    ac.abort();
    expect(await b).toBeInstanceOf(AbortError);
    expect(q.waiting).toBe(2);
    q.release();
    await a;
    q.release();
    await c;
    expect(order).toEqual(['a', 'c']);
    q.release();
    expect(q.active).toBe(0);
    expect(q.tryAcquire()).toBe(true);
  });

  it('the first waiter in line can leave too: it never takes the slot it was next for', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    const ac = new AbortController();
    const first = q.wait(ac.signal).catch((e: unknown) => e);
    const order: string[] = [];
    const second = q.wait().then(() => order.push('second'));
    ac.abort();
    expect(await first).toBeInstanceOf(AbortError);
    expect(q.waiting).toBe(1);
    q.release();
    await second;
    expect(order).toEqual(['second']);
    expect(q.active).toBe(1);
    q.release();
    expect(q.active).toBe(0);
    expect(q.waiting).toBe(0);
  });

  it('an already-aborted signal rejects without queueing', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    await expect(q.wait(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(q.waiting).toBe(0);
    // even with a free slot, an aborted caller gets no slot
    q.release();
    await expect(q.wait(AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
    expect(q.active).toBe(0);
  });

  it('waiters on one signal share one listener, which goes once the last is served (a long-lived signal does not collect listeners)', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    const ac = new AbortController();
    const waits = Array.from({ length: 12 }, () => q.wait(ac.signal));
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    for (let i = 0; i < 12; i++) {
      q.release();
      await waits[i];
    }
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('an abort after the slot was granted changes nothing (the slot stays taken, later waiters stay queued)', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    const ac = new AbortController();
    const granted = q.wait(ac.signal);
    const next = q.wait();
    q.release();
    await granted;
    ac.abort();
    await settle();
    expect(q.active).toBe(1);
    expect(q.waiting).toBe(1);
    let served = false;
    void next.then(() => (served = true));
    await settle();
    expect(served).toBe(false);
    q.release();
    await next;
    expect(served).toBe(true);
  });

  it('keeps FIFO order and working aborts past 1024 served waiters (queue compaction)', async () => {
    const q = createLimiter(1);
    q.tryAcquire();
    const n = 2000;
    const order: number[] = [];
    const controllers = Array.from({ length: n }, () => new AbortController());
    const waits = controllers.map((ac, i) =>
      q.wait(ac.signal).then(
        () => order.push(i),
        () => undefined,
      ),
    );
    // serve 1100 (the queue compacts once more than 1024 were served), then abort every third of the rest
    for (let i = 0; i < 1100; i++) q.release();
    await settle();
    expect(order).toHaveLength(1100);
    expect(q.waiting).toBe(900);
    for (let i = 1100; i < n; i += 3) controllers[i]!.abort();
    expect(q.waiting).toBe(600);
    for (let i = 0; i < 600; i++) q.release();
    await Promise.all(waits);
    const expected = Array.from({ length: n }, (_, i) => i).filter((i) => i < 1100 || (i - 1100) % 3 !== 0);
    expect(order).toEqual(expected);
    expect(q.waiting).toBe(0);
    expect(q.active).toBe(1);
  });

  it('Infinity never queues', () => {
    const q = createLimiter(Infinity);
    for (let i = 0; i < 100; i++) expect(q.tryAcquire()).toBe(true);
    expect(q.active).toBe(100);
  });
});
