/**
 * Fault injection for the test server: fault kinds, the per-server fault queue and the code that applies a fault.
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { formatSse, write, delay, DROP_GRACE_MS, type SseEventInput } from './respond.js';
import type { RecordedRequest } from './recorded.js';

/**
 * A fault the server applies instead of (or, for `delay`, before) the handler.
 *
 * - `status`: answer `status` with `headers` and `body` (object → JSON; default `{ error: 'injected fault: <status>' }`).
 *   Use it for 429 + `retry-after: 2`, `retry-after: <HTTP date>`, `retry-after-ms: 150`, 503, `x-should-retry: false`...
 * - `reset-before-response`: TCP reset as soon as the request headers were read; the body is NOT consumed
 *   (the request is recorded with `bodyComplete: false` and an empty body).
 * - `reset-after-body`: the whole body is received and recorded, then TCP reset with no response ("server did the work").
 * - `reset-mid-body`: response headers (declaring a longer content-length) and part of the body, then the socket is closed.
 * - `no-headers`: never answers; the socket is held until the client gives up or the server closes.
 * - `stall-body`: response headers and part of the body, then silence (socket held).
 * - `truncated-sse`: a `text/event-stream` response with `events`, then the socket is closed without ending the stream.
 * - `invalid-json`: a `status` (default 200) `application/json` response whose body does not parse.
 * - `delay`: wait `ms`, then run the handler normally (for deadline tests).
 *
 * A "schema mismatch" is not a fault: make the handler return a wrong shape, e.g. `json(res, 200, { outputs: 'nope' })`.
 */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'reset-before-response' }
  | { kind: 'reset-after-body' }
  | { kind: 'reset-mid-body'; status?: number; headers?: Record<string, string>; body?: string }
  | { kind: 'no-headers' }
  | { kind: 'stall-body'; status?: number; headers?: Record<string, string>; body?: string }
  | { kind: 'truncated-sse'; events: readonly SseEventInput[]; delayMs?: number; headers?: Record<string, string> }
  | { kind: 'invalid-json'; status?: number; body?: string; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number };

/** Name of a fault kind. */
export type FaultKind = Fault['kind'];

/**
 * Which requests a fault applies to: an exact path (query excluded), a RegExp tested on the path,
 * or a predicate. Predicates of `reset-before-response` rules see the request before its body is read (empty body).
 */
export type RequestMatcher = string | RegExp | ((req: RecordedRequest) => boolean);

/** A queued fault: applies to the next `times` (default 1) requests that match `match` (and `method`, if given). */
export interface FaultRule {
  /** Requests the fault applies to; omit to match every request. */
  match?: RequestMatcher;
  /** Only requests with this method (upper-case), e.g. `'POST'`. */
  method?: string;
  fault: Fault;
  /** How many matching requests get the fault (default 1; `Infinity` for all). */
  times?: number;
}

/** One fault that was applied: which rule and which request (by index). */
export interface FiredFault {
  kind: FaultKind;
  requestIndex: number;
  path: string;
}

/**
 * Tests whether a request matches a matcher (`undefined` matches everything).
 *
 * @example
 * ```ts
 * matches('/v2/health/ready', req); matches(/infer$/, req); matches((r) => r.method === 'POST', req);
 * ```
 */
export function matches(matcher: RequestMatcher | undefined, req: RecordedRequest): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') return req.path === matcher;
  if (matcher instanceof RegExp) return matcher.test(req.path);
  return matcher(req);
}

/**
 * Ordered queue of fault rules for one server. Rules are consumed in insertion order: a request gets the
 * first rule that matches it; a rule is removed after it fired `times` times.
 *
 * @example
 * ```ts
 * server.faults.push({ match: '/v2/models/m/infer', fault: { kind: 'status', status: 503 }, times: 2 });
 * server.faults.push({ match: '/v2/models/m/infer', fault: { kind: 'reset-after-body' } });
 * expect(server.faults.pending()).toBe(0); // all consumed at the end of the test
 * ```
 */
export class FaultQueue {
  readonly #rules: { rule: FaultRule; left: number }[] = [];
  /** Every fault applied so far, in order. */
  readonly fired: FiredFault[] = [];

  /** Queues rules (in order). Throws on `times <= 0`. Returns the queue for chaining. */
  push(...rules: FaultRule[]): this {
    for (const rule of rules) {
      const times = rule.times ?? 1;
      if (!(times > 0)) throw new TypeError(`FaultRule.times must be > 0, got ${times}`);
      this.#rules.push({ rule, left: times });
    }
    return this;
  }

  /** Drops all queued rules. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** Number of rules not yet fully consumed. */
  pending(): number {
    return this.#rules.length;
  }

  /**
   * Finds and consumes the first rule matching `req` whose kind satisfies `phase`
   * (`'head'`: only `reset-before-response`; `'full'`: every other kind).
   * @internal used by the test server
   */
  take(req: RecordedRequest, phase: 'head' | 'full'): Fault | undefined {
    for (let i = 0; i < this.#rules.length; i++) {
      const entry = this.#rules[i]!;
      const isHead = entry.rule.fault.kind === 'reset-before-response';
      if (isHead !== (phase === 'head')) continue;
      if (entry.rule.method !== undefined && entry.rule.method.toUpperCase() !== req.method) continue;
      if (!matches(entry.rule.match, req)) continue;
      if (--entry.left <= 0) this.#rules.splice(i, 1);
      this.fired.push({ kind: entry.rule.fault.kind, requestIndex: req.index, path: req.path });
      return entry.rule.fault;
    }
    return undefined;
  }
}

/**
 * Sends a TCP RST when the runtime supports it, else closes the socket.
 *
 * @example
 * ```ts
 * resetSocket(res.socket!);
 * ```
 */
export function resetSocket(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Applies a fault to a response. Returns `'handler'` when the handler must still run (`delay`), else `'done'`.
 * Used by the test server; call it yourself only from a custom handler.
 *
 * @example
 * ```ts
 * await startTestServer(async (req, res) => {
 *   if (req.query.get('fail')) return void (await applyFault({ kind: 'reset-mid-body' }, res, res.socket!));
 *   json(res, 200, {});
 * });
 * ```
 */
export async function applyFault(fault: Fault, res: ServerResponse, socket: Socket): Promise<'handler' | 'done'> {
  switch (fault.kind) {
    case 'status': {
      const body =
        fault.body === undefined
          ? JSON.stringify({ error: `injected fault: ${fault.status}` })
          : typeof fault.body === 'string'
            ? fault.body
            : JSON.stringify(fault.body);
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...fault.headers,
      });
      res.end(body);
      return 'done';
    }
    case 'reset-before-response':
    case 'reset-after-body':
      resetSocket(socket);
      return 'done';
    case 'reset-mid-body': {
      const part = fault.body ?? '{"outputs":[{"name":"out","data":[1,2,';
      res.writeHead(fault.status ?? 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(part) * 2 + 16,
        ...fault.headers,
      });
      await write(res, part);
      await delay(DROP_GRACE_MS);
      socket.destroy();
      return 'done';
    }
    case 'no-headers':
      return 'done';
    case 'stall-body': {
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
      await write(res, fault.body ?? '{"outputs":[');
      return 'done';
    }
    case 'truncated-sse': {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...fault.headers });
      res.flushHeaders();
      for (let i = 0; i < fault.events.length; i++) {
        if (i > 0 && fault.delayMs) await delay(fault.delayMs);
        await write(res, formatSse(fault.events[i] as SseEventInput));
      }
      await delay(DROP_GRACE_MS);
      socket.destroy();
      return 'done';
    }
    case 'invalid-json': {
      const body = fault.body ?? '{"outputs": [ {"name": "out", ';
      res.writeHead(fault.status ?? 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...fault.headers,
      });
      res.end(body);
      return 'done';
    }
    case 'delay':
      await delay(fault.ms);
      return 'handler';
  }
}
