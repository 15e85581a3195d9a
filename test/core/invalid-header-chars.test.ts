/**
 * A header value no runtime can send (a character past Latin-1, DEL, a control character other
 * than tab) given by the caller is refused before sending: an InvalidRequestError on
 * `headers.<name>`, the value not shown, attempted once, on both transports. Node's fetch rejected
 * the first with a ByteString TypeError and the others with "fetch failed" (cause
 * UND_ERR_INVALID_ARG): a ConnectionError that "may have reached the server", retried with backoff
 * although no attempt could ever be sent. Latin-1 (é) is sent as it is.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, fetchTransport, request, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();
const transports: [string, () => Transport][] = [
  ['fetchTransport', () => fetchTransport()],
  ['undiciTransport', () => undiciTransport()],
];
const values: [string, string][] = [
  ['a character past Latin-1', 'sk-\u2603-value'],
  ['DEL', 'sk-\u007f-value'],
  ['a control character', 'sk-\u0001-value'],
];

describe.each(transports)('%s: a header value that cannot be sent', (_name, transport) => {
  it.each(values)('with %s is an InvalidRequestError on headers.x-trace, never sent', async (_what, value) => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const retries: number[] = [];
    const client = createClient({
      baseURL: server.url,
      transport: transport(),
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      onRetry: (e) => retries.push(e.attempt),
    });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.badHeader' }, { headers: { 'x-trace': value } }));
    expect(server.count()).toBe(0);
    expect(retries).toEqual([]);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('headers.x-trace');
    expect(String((err as Error).message)).not.toContain(value);
    expect(() => createClient({ baseURL: server.url, transport: transport(), headers: { 'x-trace': value } })).toThrow(InvalidRequestError);
  });

  it('with a Latin-1 character and a tab is sent as it is', async () => {
    const server = await startServer((req, res) => json(res, 200, { got: req.headers['x-trace'] }));
    const client = createClient({ baseURL: server.url, transport: transport(), retry: false });
    const answer = await request(client, { method: 'GET', path: '/x', operation: 'test.latin1' }, { headers: { 'x-trace': 'caf\u00e9\tau lait' } });
    // node:http reads header bytes as Latin-1
    expect(answer).toEqual({ got: 'caf\u00e9\tau lait' });
  });
});
