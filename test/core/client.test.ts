/**
 * `requestParsed`: the call of an operation that reads its own answer (an OIP inference). It must
 * behave exactly like `request` with `parse`: same chain, same retries, same status errors, and the
 * reader runs inside the call's deadline with the call's signal.
 */
import { describe, expect, it } from 'vitest';
import { NotFoundError, TimeoutError, createClient, request, type RequestSpec, type Transport, type WireResponse } from '../../src/index.js';
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
    // The deadline must fire while the reader reads, so the headers must come before it. On a
    // loaded machine they may not: a process that was not scheduled for longer than the deadline
    // runs its expired timer before it reads its socket, and the call then rightly ends before any
    // reader. Such a try shows nothing; it is made again with a longer deadline (each try's server
    // answer stalls until the client lets go, so only the deadline ends it).
    for (const timeoutMs of [250, 2_000, 10_000]) {
      server.faults.push({ match: '/p', fault: { kind: 'stall-body' } });
      const seen: AbortSignal[] = [];
      let answeredInTime = false;
      const inner = makeTransport();
      const transport: Transport = async (req) => {
        const res = await inner(req);
        answeredInTime = !req.signal.aborted;
        return res;
      };
      const c = createClient({ baseURL: server.url, apiKey: API_KEY, transport, retry: { initialDelayMs: 1 } });
      const err = (await rejectionOf(requestParsed(c, spec(seen), { timeoutMs }), leaks)) as TimeoutError;
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.timeoutMs).toBe(timeoutMs);
      if (!answeredInTime) {
        expect(seen).toEqual([]);
        continue;
      }
      expect(seen).toHaveLength(1);
      expect(seen[0]!.aborted).toBe(true);
      expect(seen[0]!.reason).toBe(err);
      return;
    }
    expect.fail('the headers came after the deadline in every try');
  });

  it('leaks no credential', () => leaks.assertClean());
});
