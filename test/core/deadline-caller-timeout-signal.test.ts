/**
 * A call whose own signal times out (`signal: AbortSignal.timeout(ms)`, or any signal aborted with
 * a reason named TimeoutError) ends with TimeoutError (src/core/deadline.ts abortReason). Its
 * `timeoutMs` is `undefined`: the limit is the caller's, and a signal does not say what it was (it
 * used to read 0, a deadline that never was). A deadline of the SDK's own keeps its number.
 */
import { expect, it } from 'vitest';
import { abortReason } from '../../src/core/deadline.js';
import { createClient, request, TimeoutError, type Transport } from '../../src/index.js';

/** A transport that waits until the request's signal aborts, then rejects with its reason. */
const waits: Transport = (req) => new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true }));
const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: waits, retry: false });
const spec = { method: 'GET', path: '/slow', operation: 'test.slow' } as const;

it('AbortSignal.timeout(ms) as the signal: TimeoutError without a timeoutMs', async () => {
  const err = await request(client, spec, { signal: AbortSignal.timeout(10), timeoutMs: 60_000 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect(err).toMatchObject({ operation: 'test.slow', cause: { name: 'TimeoutError' } });
  expect((err as TimeoutError).timeoutMs).toBeUndefined();
});

it('a signal that is already timed out: the same, before anything is sent', async () => {
  const controller = new AbortController();
  controller.abort(new DOMException('signal timed out', 'TimeoutError'));
  const err = await request(client, spec, { signal: controller.signal }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect((err as TimeoutError).timeoutMs).toBeUndefined();
  expect((abortReason(controller.signal, 'op') as TimeoutError).timeoutMs).toBeUndefined();
});

it("the call's own deadline keeps its number", async () => {
  const err = await request(client, spec, { timeoutMs: 10 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TimeoutError);
  expect((err as TimeoutError).timeoutMs).toBe(10);
});
