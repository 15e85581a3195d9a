// Two copies of modelwire in one process (the ESM and the CJS build, which Node loads side by side
// when an app requires 'modelwire' in one place and imports it in another): a client made by one
// copy used with the other copy's operation gives its errors the attempts its retry policy made.
// Regression: each copy kept the attempts of a retried answer in a registry of its own, so the
// operation's copy found none and a status error after three attempts said attempts: 1. Real HTTP
// on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, request } from '../../src/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, secondCopy } from './_support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const retry = { maxRetries: 2, initialDelayMs: 1, jitter: 0 };
/** A schema that wants { a: 1 }. */
const shape = { '~standard': { version: 1, vendor: 'test', validate: (v: unknown) => ((v as { a?: unknown }).a === 1 ? { value: v } : { issues: [{ message: 'a must be 1', path: ['a'] }] }) } } as const;

describe("a client of one copy of modelwire used with the other copy's request()", () => {
  it.each([
    ['this copy client, the other copy request', true],
    ['the other copy client, this copy request', false],
  ])('%s: a status error after retries says how many attempts were made', async (_name, oursMakes) => {
    server = await startTestServer((_req, res) => json(res, 503, {}));
    const copy = await secondCopy();
    const [make, send] = oursMakes ? [createClient, copy.request] : [copy.createClient, request];
    const client = make({ baseURL: server.url, retry });
    const err = (await rejectionOf(send(client, { method: 'GET', path: '/r', operation: 'test.get' }))) as { name: string; status: number; attempts: number };
    expect(server.count('/r')).toBe(3);
    expect([err.name, err.status, err.attempts]).toEqual(['InternalServerError', 503, 3]);
  });

  it.each([
    ['this copy client, the other copy request', true],
    ['the other copy client, this copy request', false],
  ])('%s: an answer refused by its schema after a retry says 2 attempts', async (_name, oursMakes) => {
    server = await startTestServer((_req, res) => (server!.count('/r') === 1 ? json(res, 503, {}) : json(res, 200, { a: 2 })));
    const copy = await secondCopy();
    const [make, send] = oursMakes ? [createClient, copy.request] : [copy.createClient, request];
    const client = make({ baseURL: server.url, retry });
    const err = (await rejectionOf(send(client, { method: 'GET', path: '/r', operation: 'test.get', schema: shape }))) as { name: string; attempts: number };
    expect([err.name, err.attempts]).toEqual(['ResponseValidationError', 2]);
  });
});
