/**
 * Why `fetchTransport` passes a fresh AbortSignal per call: Node's fetch follows any signal it is
 * given through a listener, a WeakRef and a FinalizationRegistry entry per call, so one signal
 * shared by many fetches piles up listeners until garbage collection and is slower than a fresh
 * one. Raw fetch only (no modelwire), 32 in flight, interleaved rounds against no signal at all.
 *
 * Not part of `npm run bench`; run it with:
 *   node --expose-gc --import tsx bench/fetch-signal-sharing.ts
 * Prints `metric fetch.fresh_signal_vs_none_32` and `metric fetch.shared_signal_vs_none_32`.
 */
import { setMaxListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { callsPerSecond, interleavedRatio, metric, startServerProcess } from './support/harness.js';

const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const raw = async (signal?: AbortSignal): Promise<unknown> => (await fetch(`${server.origin}/small`, { headers: { accept: 'application/json' }, signal })).json();
const shared = new AbortController().signal;
setMaxListeners(0, shared); // no MaxListenersExceededWarning: the listeners themselves are the cost measured
const none = (): Promise<unknown> => raw();
const fresh = (): Promise<unknown> => raw(new AbortController().signal);
const one = (): Promise<unknown> => raw(shared);
for (let i = 0; i < 2000; i++) {
  await none();
  await fresh();
  await one();
}
const freshRatio = await interleavedRatio(() => callsPerSecond(none, 8000, 32), () => callsPerSecond(fresh, 8000, 32), 7);
const sharedRatio = await interleavedRatio(() => callsPerSecond(none, 8000, 32), () => callsPerSecond(one, 8000, 32), 7);
metric('fetch.fresh_signal_vs_none_32', freshRatio.ratio);
metric('fetch.shared_signal_vs_none_32', sharedRatio.ratio);
server.stop();
process.exit(0);
