/**
 * What loggingMiddleware and requestIdMiddleware report (middleware.ts, docs/core.md Middleware):
 * failures (any status from 400, or no response) at warn, answers below 400 at debug; a middleware
 * error that is no ModelwireError is logged as its text; the duration of the attempt; the id
 * requestIdMiddleware sent when the server answers without one; a custom id header in any case,
 * without overwriting an id the call already sets.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, loggingMiddleware, request, requestIdMiddleware, type Logger, type Middleware, type Transport } from '../../src/index.js';

type Line = { level: string; message: string; fields: Record<string, unknown> };

function recorder(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, fields: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** A transport answering each request with the next status of `statuses`, recording the headers sent. */
function answering(statuses: number[], headers: Record<string, string> = {}) {
  const sent: Headers[] = [];
  const transport: Transport = async (req) => {
    sent.push(new Headers(req.headers));
    return new Response(null, { status: statuses[sent.length - 1] ?? 200, headers });
  };
  return { transport, sent };
}

afterEach(() => vi.useRealTimers());

describe('loggingMiddleware', () => {
  it('logs a 400 at warn and a 399 or 204 at debug', async () => {
    const { logger, lines } = recorder();
    const { transport } = answering([204, 399, 400]);
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false, middleware: [loggingMiddleware(logger)] });
    for (let i = 0; i < 3; i++) await request(client, { method: 'GET', path: '/s', operation: 'test.level', responseType: 'response' }).catch(() => undefined);
    expect(lines.map((l) => [l.level, l.fields.status])).toEqual([
      ['debug', 204],
      ['debug', 399],
      ['warn', 400],
    ]);
  });

  it('logs an error thrown further down that is no ModelwireError as its text', async () => {
    const { logger, lines } = recorder();
    const broken: Middleware = () => async () => {
      throw new RangeError('inner middleware broke');
    };
    const client = createClient({ baseURL: 'http://127.0.0.1:1', retry: false, middleware: [loggingMiddleware(logger), broken] });
    await expect(request(client, { method: 'GET', path: '/e', operation: 'test.err' })).rejects.toThrow('inner middleware broke');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    expect(lines[0]!.fields.error).toBe('RangeError: inner middleware broke');
    expect(lines[0]!.fields.status).toBeUndefined();
  });

  it('durationMs is the time the attempt took', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const { logger, lines } = recorder();
    const transport: Transport = async () => {
      vi.setSystemTime(1_000_250);
      return new Response(null, { status: 204 });
    };
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false, middleware: [loggingMiddleware(logger)] });
    await request(client, { method: 'GET', path: '/t', operation: 'test.duration', responseType: 'none' });
    expect(lines[0]!.fields.durationMs).toBe(250);
  });
});

describe('requestIdMiddleware', () => {
  it('reports the id it sent when the server answers without one', async () => {
    const told: unknown[] = [];
    const { transport, sent } = answering([200]);
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, middleware: [requestIdMiddleware({ generate: () => 'client-id-1', onResponse: (i) => told.push(i) })] });
    await request(client, { method: 'GET', path: '/r', operation: 'test.rid', responseType: 'none' });
    expect(sent[0]!.get('x-request-id')).toBe('client-id-1');
    expect(told).toEqual([{ operation: 'test.rid', requestId: 'client-id-1', status: 200 }]);
  });

  it('a custom header name is matched in any case, and an id the call sets is kept', async () => {
    const told: unknown[] = [];
    const { transport, sent } = answering([200, 200]);
    const client = createClient({
      baseURL: 'http://127.0.0.1:1',
      transport,
      middleware: [requestIdMiddleware({ header: 'X-Correlation-Id', generate: () => 'generated', onResponse: (i) => told.push(i.requestId) })],
    });
    await request(client, { method: 'GET', path: '/a', operation: 'test.rid', responseType: 'none' }, { headers: { 'X-Correlation-Id': 'mine' } });
    await request(client, { method: 'GET', path: '/b', operation: 'test.rid', responseType: 'none' });
    expect(sent.map((h) => h.get('x-correlation-id'))).toEqual(['mine', 'generated']);
    expect(sent.map((h) => h.get('x-request-id'))).toEqual([null, null]);
    expect(told).toEqual(['mine', 'generated']);
  });

  it('generates a UUID by default, a fresh one per call', async () => {
    const { transport, sent } = answering([200, 200]);
    const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, middleware: [requestIdMiddleware()] });
    await request(client, { method: 'GET', path: '/u', operation: 'test.rid', responseType: 'none' });
    await request(client, { method: 'GET', path: '/u', operation: 'test.rid', responseType: 'none' });
    const ids = sent.map((h) => h.get('x-request-id'));
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
