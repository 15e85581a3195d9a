/**
 * A real node:http server on 127.0.0.1 (port 0) that records every request and can inject faults.
 * Used by every protocol suite.
 *
 * @example
 * ```ts
 * import { startTestServer, json } from '../helpers/test-server.js';
 *
 * const server = await startTestServer((req, res) => json(res, 200, { ok: true }));
 * server.faults.push({ match: '/v2/x', fault: { kind: 'status', status: 503 } });
 * // ... call the SDK with baseURL: server.url ...
 * expect(server.count('/v2/x')).toBe(2);
 * await server.close();
 * ```
 * @module
 */
import http from 'node:http';
import { afterEach } from 'vitest';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FaultQueue, applyFault, matches, type RequestMatcher } from './faults.js';
import type { RecordedRequest } from './recorded.js';

export type { RecordedRequest } from './recorded.js';
export { FaultQueue, matches } from './faults.js';
export type { Fault, FaultKind, FaultRule, FiredFault, RequestMatcher } from './faults.js';
export { inferAnswer, json, sse, sseForever, sseFrame, formatSse, write, delay, DROP_GRACE_MS } from './respond.js';
export type { SseEventInput, SseFrame, SseOptions } from './respond.js';

/**
 * Handles one request. `req` is the recorded request (body already read); write the answer to `res`.
 * A thrown error (or rejected promise) becomes a 500 `{ error: 'test handler threw: ...' }` and is kept in `server.handlerErrors`.
 */
export type TestHandler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** Options for {@link startTestServer}. */
export interface TestServerOptions {
  /** Idle keep-alive timeout of server sockets (default 5000 ms). */
  keepAliveTimeoutMs?: number;
  /** Called for each request right after it was recorded (before faults); e.g. `conformanceRecorder(...).record`. */
  onRequest?: (req: RecordedRequest) => void;
}

/**
 * A running test server. See {@link startTestServer}.
 *
 * @example
 * ```ts
 * const server = await startTestServer(handler);
 * await fetch(`${server.url}/v2/health/live`);
 * expect(server.requests[0]?.path).toBe('/v2/health/live');
 * await server.close();
 * ```
 */
export interface TestServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order, recorded before any fault or handler ran. */
  readonly requests: RecordedRequest[];
  /** Queued faults; push rules to inject them. */
  readonly faults: FaultQueue;
  /** Errors thrown by the handler (each also answered with a 500). */
  readonly handlerErrors: unknown[];
  /** Number of TCP connections accepted so far. */
  connectionCount(): number;
  /** Number of TCP connections open now (busy or idle keep-alive): 0 once the client closed every one it opened. */
  openConnections(): number;
  /**
   * Responses not yet closed: neither finished nor cut off by their socket closing (a stalled,
   * held or still-streaming answer the client has not let go of). 0 once every request is over.
   */
  openResponses(): number;
  /** Number of recorded requests matching a path (exact, query excluded), RegExp or predicate; all when omitted. */
  count(match?: RequestMatcher): number;
  /** Resolves when at least `n` requests were recorded (rejects after `timeoutMs`, default 2000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  /** Replaces the handler for subsequent requests (for suites sharing one server across tests). */
  setHandler(handler: TestHandler): void;
  /** Clears recorded requests, queued and fired faults and handler errors (arrival indexes keep counting). */
  reset(): void;
  /** Destroys every open socket (keep-alive included) but keeps listening: simulates a server dropping its connections. */
  destroyConnections(): void;
  /** Stops listening and destroys every socket, held ones included. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a recording, fault-injecting HTTP/1.1 server on 127.0.0.1 with an OS-assigned port and keep-alive.
 *
 * Request flow: head arrives → `reset-before-response` rules checked (body never read) → body read completely →
 * request recorded (and `onRequest` called) → first matching fault applied, else the handler runs.
 *
 * @example
 * ```ts
 * const server = await startTestServer(async (req, res) => {
 *   if (req.path === '/v2/models/m/infer') return json(res, 200, { model_name: 'm', outputs: [] });
 *   json(res, 404, { error: `no route ${req.method} ${req.path}` });
 * });
 * server.faults.push({ match: '/v2/models/m/infer', fault: { kind: 'reset-after-body' } });
 * ```
 */
export async function startTestServer(handler: TestHandler, options: TestServerOptions = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const handlerErrors: unknown[] = [];
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  const waiters = new Set<() => void>();
  const open = new Set<ServerResponse>();
  let connections = 0;
  let nextIndex = 0;
  let closed: Promise<void> | undefined;
  let current = handler;

  const server = http.createServer({ keepAlive: true, requestTimeout: 0, headersTimeout: 30_000 });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5000;

  server.on('connection', (socket: Socket) => {
    connectionIds.set(socket, ++connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A client reset must not crash the test process.
    socket.on('error', () => {});
  });

  const record = (req: RecordedRequest): void => {
    requests.push(req);
    options.onRequest?.(req);
    for (const wake of waiters) wake();
  };

  server.on('request', (incoming: http.IncomingMessage, res: ServerResponse) => {
    const socket = incoming.socket;
    open.add(res);
    res.once('close', () => open.delete(res));
    const rawUrl = incoming.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rec = makeRecord({
      index: nextIndex++,
      receivedAt: performance.now(),
      method: (incoming.method ?? 'GET').toUpperCase(),
      path: q === -1 ? rawUrl : rawUrl.slice(0, q),
      url: rawUrl,
      query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
      headers: incoming.headers,
      connectionId: connectionIds.get(socket) ?? 0,
    });

    const head = faults.take(rec, 'head');
    if (head) {
      rec.bodyComplete = false;
      rec.fault = head.kind;
      record(rec);
      void applyFault(head, res, socket);
      return;
    }

    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('error', () => {});
    incoming.on('end', () => {
      rec.body = Buffer.concat(chunks);
      const fault = faults.take(rec, 'full');
      if (fault) rec.fault = fault.kind;
      record(rec);
      void (async () => {
        try {
          if (fault && (await applyFault(fault, res, socket)) === 'done') return;
          await current(rec, res);
        } catch (error) {
          handlerErrors.push(error);
          if (!res.headersSent && !res.destroyed) {
            const body = JSON.stringify({ error: `test handler threw: ${String(error)}` });
            res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
            res.end(body);
          } else {
            res.destroy();
          }
        }
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const destroyConnections = (): void => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    faults,
    handlerErrors,
    connectionCount: () => connections,
    openConnections: () => sockets.size,
    openResponses: () => open.size,
    count: (match) => requests.filter((r) => matches(match, r)).length,
    waitForRequests(n, timeoutMs = 2000) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`waitForRequests: expected ${n} requests within ${timeoutMs} ms, got ${requests.length}`));
        }, timeoutMs);
        const wake = (): void => {
          if (requests.length < n) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
    },
    setHandler(next) {
      current = next;
    },
    reset() {
      requests.length = 0;
      handlerErrors.length = 0;
      faults.clear();
      faults.fired.length = 0;
    },
    destroyConnections,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        destroyConnections();
      });
      return closed;
    },
  };
}

function makeRecord(fields: Omit<RecordedRequest, 'body' | 'bodyComplete' | 'text' | 'json'>): RecordedRequest {
  return {
    ...fields,
    body: Buffer.alloc(0),
    bodyComplete: true,
    text() {
      return this.body.toString('utf8');
    },
    json() {
      return JSON.parse(this.body.toString('utf8')) as unknown;
    },
  };
}

/**
 * Returns a 127.0.0.1 port where nothing listens (bound once, then released), for connection-refused tests.
 * The port is drawn from 20000–32767, below every common ephemeral range (Linux starts at 32768,
 * macOS and Windows at 49152): a server another test starts on port 0 meanwhile is never given it.
 * A port handed out by port 0 could be (Bun's suite saw a "refused" load answered by another
 * test's OIP server).
 *
 * @example
 * ```ts
 * const port = await unusedPort();
 * ```
 */
export async function unusedPort(): Promise<number> {
  for (let tries = 0; ; tries++) {
    const port = 20000 + Math.floor(Math.random() * 12768);
    const server = http.createServer();
    const bound = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' && tries < 50 ? resolve(false) : reject(err)));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
}

/**
 * Returns `http://127.0.0.1:<port>` where nothing listens: every request fails with ECONNREFUSED.
 *
 * @example
 * ```ts
 * const client = createClient({ baseURL: await closedServerUrl(), retry: false });
 * await expect(request(client, spec)).rejects.toBeInstanceOf(ConnectionError);
 * ```
 */
export async function closedServerUrl(): Promise<string> {
  return `http://127.0.0.1:${await unusedPort()}`;
}

/**
 * `startTestServer` for one test file: every server it starts is closed after the test that
 * started it. Registers a vitest `afterEach`, so call it at module scope.
 *
 * @example
 * ```ts
 * const startServer = startTestServerPerTest();
 * it('...', async () => { const server = await startServer((req, res) => json(res, 200, {})); });
 * ```
 */
export function startTestServerPerTest(): typeof startTestServer {
  const open: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (handler, options) => {
    const server = await startTestServer(handler, options);
    open.push(server);
    return server;
  };
}
