/**
 * Why `fetchTransport` passes a fresh AbortSignal per call: Node's fetch follows any signal it is
 * given through a listener, a WeakRef and a FinalizationRegistry entry per call, so one signal
 * shared by many fetches piles up listeners until garbage collection and is slower than a fresh
 * one. Raw fetch only (no modelwire), 32 in flight, interleaved rounds against no signal at all.
 * A third variant hands fetch a minimal signal-like object (one listener slot, no AbortSignal made):
 * Node's fetch accepts it and still aborts through it, but follows it with the same WeakRef and
 * FinalizationRegistry entry, so it is no cheaper (and browsers' fetch refuses it).
 *
 * Not part of `npm run bench`; run it with:
 *   node --expose-gc --import tsx bench/fetch-signal-sharing.ts
 * Prints `metric fetch.fresh_signal_vs_none_32`, `metric fetch.shared_signal_vs_none_32` and
 * `metric fetch.signal_like_vs_none_32`.
 */
import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { callsPerSecond, interleavedRatio, metric, startServerProcess } from './support/harness.js';

const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const raw = async (signal?: AbortSignal): Promise<unknown> => (await fetch(`${server.origin}/small`, { headers: { accept: 'application/json' }, signal })).json();
const shared = new AbortController().signal;
setMaxListeners(0, shared); // no MaxListenersExceededWarning: the listeners themselves are the cost measured
/** A minimal signal-like object: what Node's fetch reads of a signal, with one listener slot. */
class SignalLike {
  aborted = false;
  reason: unknown = undefined;
  #listener: ((this: SignalLike) => void) | undefined;
  addEventListener(_type: string, listener: (this: SignalLike) => void): void {
    this.#listener = listener;
  }
  removeEventListener(): void {
    this.#listener = undefined;
  }
  abort(reason: unknown): void {
    this.aborted = true;
    this.reason = reason;
    this.#listener?.call(this);
  }
}
const none = (): Promise<unknown> => raw();
const fresh = (): Promise<unknown> => raw(new AbortController().signal);
const one = (): Promise<unknown> => raw(shared);
const like = (): Promise<unknown> => raw(new SignalLike() as unknown as AbortSignal);
{
  // it really cancels: an abort through it rejects the fetch
  const signal = new SignalLike();
  const pending = fetch(`${server.origin}/small`, { signal: signal as unknown as AbortSignal });
  signal.abort(new Error('stop'));
  if (await pending.then(() => true, () => false)) throw new Error('a fetch aborted through the signal-like object resolved');
}
for (let i = 0; i < 2000; i++) {
  await none();
  await fresh();
  await one();
  await like();
}
const freshRatio = await interleavedRatio(() => callsPerSecond(none, 8000, 32), () => callsPerSecond(fresh, 8000, 32), 7);
const sharedRatio = await interleavedRatio(() => callsPerSecond(none, 8000, 32), () => callsPerSecond(one, 8000, 32), 7);
const likeRatio = await interleavedRatio(() => callsPerSecond(none, 8000, 32), () => callsPerSecond(like, 8000, 32), 7);
metric('fetch.fresh_signal_vs_none_32', freshRatio.ratio);
metric('fetch.shared_signal_vs_none_32', sharedRatio.ratio);
metric('fetch.signal_like_vs_none_32', likeRatio.ratio);
server.stop();
process.exit(0);
