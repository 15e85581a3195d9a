/**
 * One loopback server for the randomized fault/cancellation suites (`test/<area>/chaos.test.ts`):
 * every call of a case gets its own path prefix (`/<tag>/…`), so a fault queued for one call's path
 * never lands on another call in flight, and each call can be told how to answer (`configure`).
 * It speaks just enough of each protocol for the SDK's strict validation: a JSON resource, an SSE
 * stream with ids, cursor pages, a polled job, OIP `infer`, Replicate predictions (create, get,
 * cancel, stream) and OpenAI streamed chat completions. Handlers use no timers: SSE events are
 * paced by `setImmediate`, so nothing is left sleeping on the server side once a client goes away.
 *
 * @example
 * ```ts
 * const cs = await startChaosServer();
 * cs.configure('c1-0', { events: 3, sse: 'stall' });
 * cs.onEventWritten = (tag, i) => { if (tag === 'c1-0' && i === 0) controller.abort(); };
 * // requestStream(client, { method: 'GET', path: '/c1-0/sse', ... })
 * await cs.close();
 * ```
 * @module
 */
import type { ServerResponse } from 'node:http';
import { formatSse, json, sseFrame, startTestServer, write, type RecordedRequest, type TestServer } from './test-server.js';

/** How the server answers one call (by its tag). */
export interface ChaosRoute {
  /** SSE events before the end (default 3). */
  events?: number;
  /** After the events: `end` ([DONE] or `done`, then the body ends), `stall` (silence, socket held) or `drop` (socket destroyed). */
  sse?: 'end' | 'stall' | 'drop';
  /** Polls (or prediction GETs) before the job is finished (default 1). */
  steps?: number;
  /** Replicate: how a prediction ends (default `succeeded`). */
  outcome?: 'succeeded' | 'failed' | 'canceled';
  /** Replicate: a create with `Prefer: wait` answers finished (default false: `starting`). */
  sync?: boolean;
  /** Answer a JSON resource, page, poll or inference with a shape that does not validate (echoing the request's authorization header). */
  badShape?: boolean;
}

/** A running chaos server. */
export interface ChaosServer {
  readonly http: TestServer;
  readonly url: string;
  /** Sets how the calls under `/<tag>/` are answered. */
  configure(tag: string, route: ChaosRoute): void;
  /** Called when a request under `/<tag>/` was received (recorded, before any fault). */
  onRequestReceived: ((tag: string, req: RecordedRequest) => void) | undefined;
  /** Called after SSE event `index` (0-based) of a response under `/<tag>/` was written. */
  onEventWritten: ((tag: string, index: number) => void) | undefined;
  /** Called when the server drops the connection of a stream under `/<tag>/` (route `sse: 'drop'`). */
  onDrop: ((tag: string) => void) | undefined;
  /** Ids of predictions cancelled through the API. */
  readonly canceled: string[];
  close(): Promise<void>;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Starts the chaos server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const cs = await startChaosServer();
 * ```
 */
export async function startChaosServer(): Promise<ChaosServer> {
  const routes = new Map<string, ChaosRoute>();
  const polls = new Map<string, number>();
  const canceled: string[] = [];
  let self!: ChaosServer;

  const streamEvents = async (res: ServerResponse, tag: string, route: ChaosRoute, frames: string[], last: string): Promise<void> => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    for (let i = 0; i < frames.length; i++) {
      await turn();
      if (res.destroyed) return;
      await write(res, frames[i]!);
      self.onEventWritten?.(tag, i);
    }
    await turn();
    if (res.destroyed) return;
    const mode = route.sse ?? 'end';
    if (mode === 'stall') return; // held until the client lets go (or the server closes)
    if (mode === 'drop') {
      self.onDrop?.(tag);
      return void res.socket?.destroy();
    }
    res.end(last);
  };

  const prediction = (origin: string, tag: string, id: string, status: string): Record<string, unknown> => {
    const done = status === 'succeeded';
    return {
      id,
      model: 'acme/echo',
      version: 'hidden',
      input: {},
      logs: '',
      output: done ? ['a', 'b'] : null,
      data_removed: false,
      error: status === 'failed' ? 'model failed' : null,
      status,
      created_at: new Date().toISOString(),
      source: 'api',
      urls: {
        get: `${origin}/${tag}/v1/predictions/${id}`,
        cancel: `${origin}/${tag}/v1/predictions/${id}/cancel`,
        web: `https://replicate.com/p/${id}`,
        stream: `${origin}/${tag}/stream/${id}`,
      },
    };
  };

  const handle = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    const m = /^\/([^/]+)(\/.*)$/.exec(req.path);
    if (!m) return json(res, 404, { error: 'no tag' });
    const [, tag, rest] = m as unknown as [string, string, string];
    const route = routes.get(tag) ?? {};
    const n = route.events ?? 3;
    const origin = self.url;

    // a body that does not validate echoes the credential, as a careless server might
    const echo = String(req.headers.authorization ?? '');
    if (rest === '/json') return json(res, 200, route.badShape ? { ok: 'nope', echo } : { ok: true, tag });
    if (rest === '/sse') {
      const frames = Array.from({ length: n }, (_, i) => formatSse(sseFrame({ id: String(i + 1), data: JSON.stringify({ i }) })));
      return streamEvents(res, tag, route, frames, 'data: [DONE]\n\n');
    }
    if (rest === '/page') {
      const cursor = Number(req.query.get('cursor') ?? 0);
      if (route.badShape) return json(res, 200, { items: 'nope', echo });
      return json(res, 200, { items: [cursor * 2, cursor * 2 + 1], next: cursor < 2 ? cursor + 1 : null });
    }
    if (rest === '/poll') {
      const k = (polls.get(tag) ?? 0) + 1;
      polls.set(tag, k);
      if (route.badShape) return json(res, 200, { status: 7, echo });
      return json(res, 200, { status: k >= (route.steps ?? 1) ? 'done' : 'running' });
    }
    if (rest === '/v2/models/m/infer') {
      if (route.badShape) return json(res, 200, { model_name: 'm', outputs: echo });
      return json(res, 200, { model_name: 'm', outputs: [{ name: 'y', datatype: 'FP32', shape: [2], data: [1, 2] }] });
    }
    if ((rest === '/v1/predictions' || rest === '/v1/models/acme/echo/predictions') && req.method === 'POST') {
      const id = `${tag}-p`;
      const sync = route.sync === true && req.headers.prefer !== undefined;
      polls.set(id, 0);
      return json(res, 201, prediction(origin, tag, id, sync ? (route.outcome ?? 'succeeded') : 'starting'));
    }
    const p = /^\/v1\/predictions\/([^/]+)(\/cancel)?$/.exec(rest);
    if (p) {
      const id = p[1]!;
      if (p[2]) {
        canceled.push(id);
        return json(res, 200, prediction(origin, tag, id, 'canceled'));
      }
      const k = (polls.get(id) ?? 0) + 1;
      polls.set(id, k);
      return json(res, 200, prediction(origin, tag, id, k >= (route.steps ?? 1) ? (route.outcome ?? 'succeeded') : 'processing'));
    }
    if (rest.startsWith('/stream/')) {
      const frames = Array.from({ length: n }, (_, i) => formatSse(sseFrame({ event: 'output', id: String(i + 1), data: `t${i}` })));
      return streamEvents(res, tag, route, frames, formatSse(sseFrame({ event: 'done', data: '{}' })));
    }
    if (rest === '/v1/chat/completions') {
      const chunk = (choice: Record<string, unknown>): string =>
        formatSse({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, logprobs: null, ...choice }] });
      const frames = Array.from({ length: n }, (_, i) => chunk({ delta: i === 0 ? { role: 'assistant', content: 'w0 ' } : { content: `w${i} ` }, finish_reason: null }));
      return streamEvents(res, tag, route, frames, chunk({ delta: {}, finish_reason: 'stop' }) + 'data: [DONE]\n\n');
    }
    json(res, 404, { error: `no route ${req.method} ${rest}` });
  };

  const http = await startTestServer(handle, {
    onRequest: (req) => {
      const tag = /^\/([^/]+)\//.exec(req.path)?.[1];
      if (tag !== undefined) self.onRequestReceived?.(tag, req);
    },
  });
  self = {
    http,
    url: http.url,
    configure: (tag, route) => void routes.set(tag, route),
    onEventWritten: undefined,
    onRequestReceived: undefined,
    onDrop: undefined,
    canceled,
    close: () => http.close(),
  };
  return self;
}
