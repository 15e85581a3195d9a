import { describe, expect, it } from 'vitest';
import { InternalServerError, createClient, request, type RetryEvent } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { TRANSPORTS } from './_support.js';

const startServer = startTestServerPerTest();
let server: TestServer | undefined;

describe.each(TRANSPORTS)('refusedBeforeWork (%s)', (_name, makeTransport) => {
  const spec = { method: 'POST', path: '/create', body: { a: 1 }, operation: 'test.create', refusedBeforeWork: [429] } as const;

  it('a POST refused with a declared status is repeated after the server hint', async () => {
    server = await startServer((req, res) => json(res, 201, { ok: true }));
    server.faults.push({ match: '/create', fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '20' } } });
    const events: RetryEvent[] = [];
    const client = createClient({ baseURL: server.url, transport: makeTransport(), onRetry: (e) => events.push(e) });
    expect(await request(client, spec)).toEqual({ ok: true });
    expect(server.count('/create')).toBe(2);
    expect(events).toMatchObject([{ status: 429, delayMs: 20, delaySource: 'server' }]);
  });

  it('other retryable statuses of the same POST are still never repeated', async () => {
    server = await startServer((req, res) => json(res, 201, { ok: true }));
    server.faults.push({ match: '/create', fault: { kind: 'status', status: 503 } });
    const client = createClient({ baseURL: server.url, transport: makeTransport(), retry: { initialDelayMs: 1 } });
    await expect(request(client, spec)).rejects.toBeInstanceOf(InternalServerError);
    expect(server.count('/create')).toBe(1);
  });
});
