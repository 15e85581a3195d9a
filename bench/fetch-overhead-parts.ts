/**
 * Where `fetchTransport`'s cost over a cancellable raw fetch comes from: each ingredient of a
 * modelwire fetch call added alone to a raw fetch that already has a fresh AbortSignal, then the
 * three together, then modelwire itself (with and without the retry middleware). 32 in flight
 * (`FETCH_PARTS_IN_FLIGHT=1` for sequential calls), interleaved rounds against the raw fetch with a signal. Each ratio moves by a few percent
 * between runs on a shared machine: read it as "is this a fat target", not as a figure to the
 * third digit.
 *
 * Not part of `npm run bench`; after `npm run build`, run it with:
 *   TSX_TSCONFIG_PATH=bench/tsconfig.run.json node --expose-gc --import tsx bench/fetch-overhead-parts.ts
 * Prints `metric fetch_parts.<part>_vs_signal_<in flight>` for redirect_manual, text_parse, deadline_timer,
 * all_three, modelwire_no_retry and modelwire.
 */
import { fileURLToPath } from 'node:url';
import { createClient, request } from 'modelwire';
import { callsPerSecond, interleavedRatio, metric, startServerProcess } from './support/harness.js';

const server = await startServerProcess(fileURLToPath(new URL('./support/server.ts', import.meta.url)));
const url = `${server.origin}/small`;
const headers = { accept: 'application/json' };
const signal = (): AbortSignal => new AbortController().signal;

/** Runs `body` with a 60 s timer set and cleared around it, as the call deadline does. */
async function withTimer<T>(body: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => undefined, 60_000);
  try {
    return await body();
  } finally {
    clearTimeout(timer);
  }
}

const baseline = async (): Promise<unknown> => (await fetch(url, { headers, signal: signal() })).json();
const client = createClient({ baseURL: server.origin });
const clientNoRetry = createClient({ baseURL: server.origin, retry: false });
const spec = { method: 'GET', path: '/small', operation: 'bench.small' } as const;
const parts: Record<string, () => Promise<unknown>> = {
  redirect_manual: async () => (await fetch(url, { headers, signal: signal(), redirect: 'manual' })).json(),
  text_parse: async () => JSON.parse(await (await fetch(url, { headers, signal: signal() })).text()),
  deadline_timer: () => withTimer(baseline),
  all_three: () => withTimer(async () => JSON.parse(await (await fetch(url, { headers, signal: signal(), redirect: 'manual' })).text())),
  modelwire_no_retry: () => request(clientNoRetry, spec),
  modelwire: () => request(client, spec),
};

// warm-up: every path compiled before the first round
for (let i = 0; i < 2000; i++) {
  await baseline();
  for (const run of Object.values(parts)) await run();
}
const inFlight = Number(process.env.FETCH_PARTS_IN_FLIGHT ?? 32);
const calls = inFlight === 1 ? 3000 : 8000;
for (const [name, run] of Object.entries(parts)) {
  const r = await interleavedRatio(() => callsPerSecond(baseline, calls, inFlight), () => callsPerSecond(run, calls, inFlight), 7);
  metric(`fetch_parts.${name}_vs_signal_${inFlight}`, r.ratio);
}
server.stop();
process.exit(0);
