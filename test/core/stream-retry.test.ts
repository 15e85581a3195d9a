/**
 * The retry of a stream's open (before its first event)
 * runs its own loop in requestStream, outside the retry middleware, and does not follow the policy
 * the docs describe for every retry.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, requestStream, type ClientOptions, type RetryEvent } from '../../src/index.js';
import { sse, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf, within } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('stream open retries follow the retry policy over %s', (_name, makeTransport) => {
  let server: TestServer;
  const events: RetryEvent[] = [];
  async function setup(extra: Partial<ClientOptions> = {}) {
    events.length = 0;
    server = await startServer((_req, res) => sse(res, [{ n: 1 }, '[DONE]']));
    return createClient({ baseURL: server.url, apiKey: API_KEY, transport: makeTransport(), onRetry: (e) => events.push(e), ...extra });
  }
  const spec = { method: 'GET', path: '/events', operation: 'test.stream-retry' } as const;

  // docs/core.md "Streams": "everything before it (including a connection dropped before any event)
  // is retried under the policy"; RetryOptions.maxRetries: "Retries after the first attempt".
  it('maxRetries bounds all the requests of a stream open (a 503 and a drop before the first event count together)', async () => {
    const client = await setup({ retry: { maxRetries: 1, initialDelayMs: 1, jitter: 0 } });
    for (const fault of [
      { kind: 'status', status: 503 },
      { kind: 'truncated-sse', events: [] },
      { kind: 'status', status: 503 },
      { kind: 'truncated-sse', events: [] },
    ] as const) server.faults.push({ match: '/events', fault });
    await rejectionOf(within(requestStream(client, spec), 10_000, 'stream open'), leaks).catch(() => undefined);
    // 1 attempt + 1 retry: 2 requests (before the fix 4: each open's send retried again on its own)
    expect(server.count('/events')).toBe(2);
  });

  // issue #2: "Every attempt and delay is observable through a hook."
  it('a retry of a stream dropped before its first event is reported to onRetry', async () => {
    const client = await setup({ retry: { maxRetries: 2, initialDelayMs: 1, jitter: 0 } });
    server.faults.push({ match: '/events', fault: { kind: 'truncated-sse', events: [] } });
    const stream = await within(requestStream(client, spec), 10_000, 'stream open');
    const values: unknown[] = [];
    for await (const v of stream) values.push(v);
    expect(values).toEqual([{ n: 1 }]);
    expect(server.count('/events')).toBe(2);
    // the request is repeated after a wait, and the hook sees it
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operation: 'test.stream-retry', attempt: 1 });
    expect(events[0]!.error).toBeInstanceOf(ConnectionError);
  });

  // docs/core.md "Retries and the safety rule": "The deadline bounds the loop: a retry whose wait
  // would pass the deadline is not attempted." For a plain request the failure surfaces at once.
  it('a stream retry whose backoff would pass the deadline is not waited for: the connection error surfaces', async () => {
    const client = await setup({ retry: { maxRetries: 2, initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 } });
    server.faults.push({ match: '/events', fault: { kind: 'truncated-sse', events: [] } });
    const err = await rejectionOf(within(requestStream(client, spec, { timeoutMs: 1500 }), 10_000, 'stream open'), leaks);
    // before the fix: it slept the 60 s backoff until the 1.5 s deadline and threw TimeoutError
    expect(err).toBeInstanceOf(ConnectionError);
    expect(server.count('/events')).toBe(1);
  });
});

it('no error produced in this file contains the API key', () => {
  leaks.assertClean();
});
