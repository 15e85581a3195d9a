/**
 * Differential: errors and retries of modelwire and the official `replicate` 1.4 client on the same
 * injected answers: Replicate's problem-details bodies for each status, non-JSON and empty bodies,
 * 429 with Retry-After, and which requests each client sends again (attempts by server count).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { APIError, AuthenticationError, ConnectionError, BadRequestError, ConflictError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, UnprocessableEntityError, type RetryEvent } from '../../src/index.js';
import { rejectionOf, TRANSPORTS, useDifferential } from './_differential.js';
import { ON_DENO } from '../helpers/runtime.js';

const d = useDifferential();
const VERSION = 'a'.repeat(56) + '5c7d5dc6';

const problem = (status: number) => ({ title: `Title ${status}`, detail: `Detail of ${status} for this call`, status });
const CLASSES: Record<number, new (...a: never[]) => APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
  502: InternalServerError,
  503: InternalServerError,
};

describe.each(TRANSPORTS)('differential errors (modelwire over %s)', (transport) => {
  const path = '/v1/predictions/p-missing';
  const get = (retry = true) => ({
    official: () => d.official().predictions.get('p-missing'),
    modelwire: () => d.modelwire(transport, retry ? {} : { retry: false }).predictions.get('p-missing'),
  });

  it.each(Object.keys(CLASSES).map(Number))('GET answered %i with problem details: both fail with the detail; the official client retries 429/5xx five times, modelwire 408/409/429/5xx twice (its default)', async (status) => {
    const calls = get();
    d.rs.server.faults.push({ match: path, fault: { kind: 'status', status, body: problem(status), headers: { 'content-type': 'application/problem+json' } }, times: Infinity });
    try {
      const before = d.rs.server.count(path);
      const o = await rejectionOf(calls.official());
      const mid = d.rs.server.count(path);
      const m = await rejectionOf(calls.modelwire());
      const after = d.rs.server.count(path);
      expect(o.name).toBe('ApiError');
      expect(o.message).toContain(`failed with status ${status}`);
      expect(o.message).toContain(JSON.stringify(problem(status))); // the whole body, verbatim
      expect(m).toBeInstanceOf(CLASSES[status]!);
      expect((m as APIError).status).toBe(status);
      expect(m.message).toBe(`replicate.predictions.get failed with HTTP ${status}: Detail of ${status} for this call`);
      expect(mid - before).toBe(status === 429 || status >= 500 ? 6 : 1);
      expect(after - mid).toBe(status === 429 || status >= 500 || status === 409 ? 3 : 1);
    } finally {
      d.rs.server.faults.clear();
    }
  });

  it('a non-JSON (HTML) and an empty error body: both fail with the status; modelwire without inventing a detail', async () => {
    for (const body of ['<html><body>Bad gateway</body></html>', '']) {
      d.rs.server.faults.push({ match: path, fault: { kind: 'status', status: 404, body, headers: { 'content-type': body ? 'text/html' : 'application/json' } }, times: 2 });
      const o = await rejectionOf(get().official());
      const m = await rejectionOf(get().modelwire());
      expect(o.message).toContain(`failed with status 404 Not Found: ${body}.`);
      expect(m).toBeInstanceOf(NotFoundError);
      expect(m.message).toMatch(/^replicate\.predictions\.get failed with HTTP 404/);
      if (!body) expect(m.message).toBe('replicate.predictions.get failed with HTTP 404');
    }
  });

  it('a create answered 429 with Retry-After: both send it again and succeed (the official client at once, ignoring the hint; modelwire after it)', async () => {
    d.rs.setModel(() => ({ output: 'ok', sync: true }));
    const createPath = '/v1/models/acme/echo/predictions';
    const events: RetryEvent[] = [];
    for (const who of ['official', 'modelwire'] as const) {
      d.rs.server.faults.push({ match: createPath, fault: { kind: 'status', status: 429, body: problem(429), headers: { 'retry-after': '1' } } });
      const before = d.rs.server.count(createPath);
      const p =
        who === 'official'
          ? await d.official().predictions.create({ model: 'acme/echo', input: {} })
          : await d.modelwire(transport, { onRetry: (e) => events.push(e) }).predictions.create({ model: 'acme/echo', input: {} });
      expect(p.id).toBeTruthy();
      expect(d.rs.server.count(createPath) - before).toBe(2);
    }
    expect(events).toHaveLength(1);
    expect(events[0]!.delayMs).toBe(1000);
  });

  it('a create answered 5xx is sent once by both (no blind repeat of billable work)', async () => {
    const createPath = '/v1/predictions';
    d.rs.server.faults.push({ match: createPath, fault: { kind: 'status', status: 503, body: problem(503) }, times: Infinity });
    try {
      const a = d.rs.server.count(createPath);
      await rejectionOf(d.official().predictions.create({ version: VERSION, input: {} }));
      const b = d.rs.server.count(createPath);
      expect(await rejectionOf(d.modelwire(transport).predictions.create({ version: VERSION, input: {} }))).toBeInstanceOf(InternalServerError);
      expect([b - a, d.rs.server.count(createPath) - b]).toEqual([1, 1]);
    } finally {
      d.rs.server.faults.clear();
    }
  });

  it('a create whose connection breaks after its body was sent: the official client sends it again and again (six times, six possible predictions); modelwire once, then ConnectionError', async () => {
    const createPath = '/v1/models/acme/echo/predictions';
    d.rs.server.faults.push({ match: createPath, fault: { kind: 'reset-after-body' }, times: Infinity });
    try {
      const a = d.rs.server.count(createPath);
      await rejectionOf(d.official().predictions.create({ model: 'acme/echo', input: {} }));
      const b = d.rs.server.count(createPath);
      const m = await rejectionOf(d.modelwire(transport).predictions.create({ model: 'acme/echo', input: {} }));
      expect(m).toBeInstanceOf(ConnectionError);
      expect((m as ConnectionError).requestMayHaveReachedServer).toBe(true);
      // under Deno its fetch re-sends the official client's creates on its own as well (docs/core.md, "The safety rule")
      expect(d.rs.server.count(createPath) - b).toBe(1);
      if (ON_DENO) expect(b - a).toBeGreaterThanOrEqual(6);
      else expect(b - a).toBe(6);
    } finally {
      d.rs.server.faults.clear();
    }
  });

  it('a GET whose connection breaks: both retry it (a read is safe to repeat), the official client five times, modelwire twice', async () => {
    d.rs.server.faults.push({ match: path, fault: { kind: 'reset-before-response' }, times: Infinity });
    try {
      const a = d.rs.server.count(path);
      await rejectionOf(get().official());
      const b = d.rs.server.count(path);
      expect(await rejectionOf(get().modelwire())).toBeInstanceOf(ConnectionError);
      expect([b - a, d.rs.server.count(path) - b]).toEqual([6, 3]);
    } finally {
      d.rs.server.faults.clear();
    }
  });

  it('a cancel answered 5xx: sent once by the official client (a POST), retried by modelwire (cancelling twice changes nothing)', async () => {
    d.rs.setModel(() => ({ steps: 10_000 }));
    const p = await d.official().predictions.create({ version: VERSION, input: {} });
    const cancelPath = `/v1/predictions/${p.id}/cancel`;
    d.rs.server.faults.push({ match: cancelPath, fault: { kind: 'status', status: 503, body: problem(503) }, times: 2 });
    const a = d.rs.server.count(cancelPath);
    await rejectionOf(d.official().predictions.cancel(p.id));
    const b = d.rs.server.count(cancelPath);
    const canceled = await d.modelwire(transport).predictions.cancel(p.id);
    expect([b - a, d.rs.server.count(cancelPath) - b]).toEqual([1, 2]);
    expect(canceled.status).toBe('canceled');
  });

  it('the API token: the official ApiError carries it (its request\'s Authorization header); no form of the modelwire error does', async () => {
    d.rs.server.faults.push({ match: path, fault: { kind: 'status', status: 401, body: problem(401) }, times: 2 });
    const o = (await rejectionOf(get().official())) as Error & { request: Request };
    const m = await rejectionOf(get().modelwire());
    expect(o.request.headers.get('authorization')).toBe(`Bearer ${d.rs.token}`);
    for (const text of [m.message, String(m), m.stack ?? '', JSON.stringify(m), inspect(m, { depth: 10, showHidden: true })]) expect(text).not.toContain(d.rs.token);
  });
});
