/**
 * One credential may contain another (an API key, and a call header whose value starts with it): the
 * shorter one was scrubbed first, so the rest of the longer one stayed in the error
 * (`[redacted]-second-credential`). Secrets are now scrubbed longest first. Found by
 * test/core/secrets.property.test.ts (the props helper's report).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, createClient, request } from '../../src/index.js';
import { scrub } from '../../src/core/redact.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { textsOf } from './_leak.js';
import { TRANSPORTS } from './_support.js';

let server: TestServer;
afterEach(() => server?.close());

it('scrub replaces a secret that contains another one whole, whatever their order', () => {
  expect(scrub('got abcd1234-second-credential', ['abcd1234', 'abcd1234-second-credential'])).toBe('got [redacted]');
  expect(scrub('got abcd1234-second-credential and abcd1234', ['abcd1234-second-credential', 'abcd1234'])).toBe('got [redacted] and [redacted]');
});

describe.each(TRANSPORTS)('a credential that contains the API key, over %s', (_name, makeTransport) => {
  it('is scrubbed whole from the error when the server echoes it', async () => {
    server = await startTestServer((req, res) => json(res, 401, { error: { message: `invalid key ${String(req.headers['x-api-key'])}` } }));
    const client = createClient({ baseURL: server.url, apiKey: 'abcd1234', transport: makeTransport(), retry: false });
    const err = await request(client, { method: 'GET', path: '/x', operation: 'test.nested' }, { headers: { 'x-api-key': 'abcd1234-second-credential' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as Error).message).toContain('invalid key [redacted]');
    expect(textsOf(err).filter((t) => t.includes('second-credential'))).toEqual([]);
  });
});
