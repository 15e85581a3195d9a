/**
 * The reads behind `core.sse_vs_raw`, shared by bench/core.bench.ts and bench/sse-profile.ts: the
 * baseline (raw `undici.request` body + eventsource-parser + JSON.parse callbacks) and modelwire's
 * validated Stream<T> (read with `forEach` or `for await`), each reading `GET /sse?n=<events>` of the
 * bench server and resolving with its events/s.
 */
import { createParser } from 'eventsource-parser';
import { Agent } from 'undici';
import * as z from 'zod/mini';
import { compiled, createClient, requestStream } from 'modelwire';
import { undiciTransport } from 'modelwire/undici';
import { eventsPerSecond } from './harness.js';

/** Events per read: 20,000 small JSON events (`{"i":…,"text":"tok…"}`), then `data: [DONE]`. */
export const SSE_EVENTS = 20_000;

/** The three reads against `origin`, each on an agent of its own; `close()` closes the agents. */
export function sseReads(origin: string, agent: () => Agent): { raw: () => Promise<number>; forEach: () => Promise<number>; forAwait: () => Promise<number>; close: () => Promise<void> } {
  const path = `/sse?n=${SSE_EVENTS}`;
  const rawAgent = agent();
  const mwAgent = agent();
  const Event = compiled(z.object({ i: z.number(), text: z.string() }));
  const client = createClient({ baseURL: origin, transport: undiciTransport({ dispatcher: mwAgent }) });
  const open = () => requestStream(client, { method: 'GET', path, schema: Event, operation: 'bench.sse' });
  const raw = (): Promise<number> =>
    eventsPerSecond(SSE_EVENTS, 'raw sse', async () => {
      const res = await rawAgent.request({ origin, path, method: 'GET', headers: { accept: 'text/event-stream' } });
      let count = 0;
      let done = false;
      const parser = createParser({
        onEvent: (e) => {
          if (e.data === '[DONE]') done = true;
          else if ((JSON.parse(e.data) as { i: number }).i >= 0) count++;
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      return done ? count : -1;
    });
  /** Callbacks, like the baseline: no promise per value. */
  const forEach = (): Promise<number> =>
    eventsPerSecond(SSE_EVENTS, 'modelwire sse (forEach)', async () => {
      let count = 0;
      await (await open()).forEach((e) => {
        if (e.i >= 0) count++;
      });
      return count;
    });
  /** The same read with `for await`: one promise per event on top. */
  const forAwait = (): Promise<number> =>
    eventsPerSecond(SSE_EVENTS, 'modelwire sse (for await)', async () => {
      let count = 0;
      for await (const e of await open()) if (e.i >= 0) count++;
      return count;
    });
  return { raw, forEach, forAwait, close: async () => void (await Promise.all([rawAgent.close(), mwAgent.close()])) };
}
