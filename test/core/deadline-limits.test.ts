/**
 * The deadline at its limits (src/core/deadline.ts): deadlines and retry delays longer than one
 * timer can wait (2^31 − 1 ms), and an abort or deadline that cuts short the body of an error answer.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError, createClient, request } from '../../src/index.js';
import { MAX_TIMER_MS } from '../../src/core/deadline.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf, within } from './_support.js';

const startServer = startTestServerPerTest();
const leaks = new LeakScanner();

describe.each(TRANSPORTS)('deadline limits over %s', (_name, makeTransport) => {
  it('a deadline longer than one timer can wait (createClient timeoutMs 2^31 ms) does not end the call at once', async () => {
    const server = await startServer((req, res) => void setTimeout(() => json(res, 200, { ok: true }), 50));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), timeoutMs: 2 ** 31 });
    await expect(request(client, { method: 'GET', path: '/slow', operation: 'test.slow' })).resolves.toEqual({ ok: true });
  });

  it('neither does a per-call timeoutMs of 30 days', async () => {
    const server = await startServer((req, res) => void setTimeout(() => json(res, 200, { ok: true }), 50));
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    await expect(request(client, { method: 'GET', path: '/slow', operation: 'test.slow' }, { timeoutMs: 30 * 24 * 3600 * 1000 })).resolves.toEqual({ ok: true });
  });

  it('an abort while the body of an error answer is being read surfaces AbortError, not the status error', async () => {
    const server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/p', fault: { kind: 'stall-body', status: 500, body: '{"error":' } });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const controller = new AbortController();
    const p = request(client, { method: 'POST', path: '/p', body: { a: 1 }, operation: 'test.abort' }, { signal: controller.signal });
    await server.waitForRequests(1);
    await new Promise((r) => setTimeout(r, 50)); // headers and part of the body arrived
    controller.abort();
    const err = await within(rejectionOf(p, leaks), 5000, 'abort');
    expect(err).toBeInstanceOf(AbortError);
  });

  it('a deadline passing while the body of an error answer is being read surfaces TimeoutError', async () => {
    const server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/p', fault: { kind: 'stall-body', status: 500, body: '{"error":' } });
    const client = createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport() });
    const err = await within(rejectionOf(request(client, { method: 'POST', path: '/p', body: { a: 1 }, operation: 'test.deadline' }, { timeoutMs: 300 }), leaks), 5000, 'deadline');
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(300);
  });

  it('leaks no credential', () => leaks.assertClean());
});

describe('retry delays beyond one timer', () => {
  it('createClient refuses a retry delay a timer cannot wait, naming the option', () => {
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', retry: { maxDelayMs: MAX_TIMER_MS + 1 } })).toThrow(
      expect.objectContaining({ code: 'invalid_request', path: 'retry.maxDelayMs' }),
    );
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', retry: { initialDelayMs: MAX_TIMER_MS + 1 } })).toThrow(/retry\.initialDelayMs must be a number from 0 to 2147483647/);
    expect(createClient({ baseURL: 'http://127.0.0.1:1', retry: { maxDelayMs: MAX_TIMER_MS } }).baseURL).toBe('http://127.0.0.1:1');
  });
});
