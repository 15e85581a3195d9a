/**
 * `requestParsed`: the call of an operation that reads its own answer (an OIP inference). It must
 * behave exactly like `request` with `parse`: same chain, same retries, same status errors, and the
 * reader runs inside the call's deadline with the call's signal.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, TimeoutError, createClient, request, type RequestSpec, type WireResponse } from '../../src/index.js';
import { requestParsed } from '../../src/core/client.js';
import { readText } from '../../src/core/response.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

/** A spec whose parse reads the body as text and records the signal it was handed. */
function spec(seen: AbortSignal[]): RequestSpec<string> & { parse: (res: WireResponse, signal: AbortSignal) => Promise<string> } {
  return {
    method: 'POST',
    path: '/p',
    body: { x: 1 },
    operation: 'test.parsed',
    idempotent: true,
    parse: (res, signal) => {
      seen.push(signal);
      return readText(res, signal, 'test.parsed');
    },
  };
}

describe.each(TRANSPORTS)('requestParsed over %s', (_name, makeTransport) => {
  const client = (url: string) => createClient({ baseURL: url, apiKey: API_KEY, transport: makeTransport(), retry: { initialDelayMs: 1 } });

  it('answers like request with parse: 503 retried, then the reader gets the final body', async () => {
    server = await startServer((req, res) => json(res, 200, { n: server!.count('/p') }));
    const c = client(server.url);
    for (const run of [requestParsed, request] satisfies ReadonlyArray<typeof requestParsed>) {
      server.reset();
      server.faults.push({ match: '/p', fault: { kind: 'status', status: 503 } });
      const seen: AbortSignal[] = [];
      expect(await run(c, spec(seen))).toBe('{"n":2}');
      expect(server.count('/p')).toBe(2);
      expect(seen).toHaveLength(1); // the failed attempt never reached the reader
      expect(seen[0]!.aborted).toBe(false);
    }
  });

  it('a status error is an APIError and the reader is not called', async () => {
    server = await startServer((req, res) => json(res, 404, { error: 'no such model' }));
    const seen: AbortSignal[] = [];
    const err = (await rejectionOf(requestParsed(client(server.url), spec(seen)), leaks)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('test.parsed failed with HTTP 404: no such model');
    expect(seen).toEqual([]);
  });

  it('a body that stalls while the reader reads ends in TimeoutError at the call deadline, and the reader saw the abort', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    server.faults.push({ match: '/p', fault: { kind: 'stall-body' } });
    const seen: AbortSignal[] = [];
    const err = (await rejectionOf(requestParsed(client(server.url), spec(seen), { timeoutMs: 250 }), leaks)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(250);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBe(err);
  });

  it('leaks no credential', () => leaks.assertClean());
});
