/**
 * Under Deno, whose fetch re-sends a request when its kept-alive connection is reset (even after the
 * server read it), fetchTransport gives a request that must not be repeated a connection of its own:
 * a `Deno.createHttpClient({ poolMaxIdlePerHost: 0 })` client, made once per transport. The real
 * check runs in Deno itself (the runtime matrix's core.no_resend); here the branch's logic, with a
 * stand-in `Deno` global and a recording fetch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../src/index.js';
import type { WireRequest } from '../../src/core/types.js';
import { ON_DENO } from '../helpers/runtime.js';

const created: unknown[] = [];
const sent: Array<RequestInit & { client?: unknown }> = [];
const recordingFetch: typeof fetch = (_url, init) => {
  sent.push(init as RequestInit);
  return Promise.resolve(new Response('{}'));
};
const wire = (extra: Partial<WireRequest>): WireRequest => ({ method: 'POST', url: 'http://127.0.0.1:1/x', headers: {}, signal: new AbortController().signal, idempotent: false, operation: 'test.deno', attempt: 1, ...extra });

/** A stand-in `Deno` global; by default its createHttpClient records each client it makes. */
function withDeno(
  createHttpClient = (options: unknown): unknown => {
    const client = { options };
    created.push(client);
    return client;
  },
): void {
  (globalThis as { Deno?: unknown }).Deno = { createHttpClient };
}

// under Deno itself the stand-in would replace the real global: the runtime matrix checks it there
describe.skipIf(ON_DENO)('fetchTransport under Deno', () => {
  afterEach(() => {
    delete (globalThis as { Deno?: unknown }).Deno;
    created.length = 0;
    sent.length = 0;
  });

  it('sends a request that must not be repeated with an unpooled client, made once per transport', async () => {
    withDeno();
    const transport = fetchTransport({ fetch: recordingFetch });
    await transport(wire({}));
    await transport(wire({ method: 'PATCH' }));
    expect(created).toEqual([{ options: { poolMaxIdlePerHost: 0 } }]);
    expect(sent.map((init) => init.client)).toEqual([created[0], created[0]]);
  });

  it('leaves idempotent requests (safe method, declared idempotent, idempotency key) on the pool', async () => {
    withDeno();
    const transport = fetchTransport({ fetch: recordingFetch });
    await transport(wire({ method: 'GET', idempotent: true }));
    await transport(wire({ method: 'POST', idempotent: true }));
    expect(created).toEqual([]);
    expect(sent.map((init) => 'client' in init)).toEqual([false, false]);
  });

  it('sends a call that asked for no retries (retry: false) with the unpooled client, idempotent or not', async () => {
    withDeno();
    const transport = fetchTransport({ fetch: recordingFetch });
    await transport(wire({ method: 'GET', idempotent: true, noRetry: true }));
    expect(created).toHaveLength(1);
    expect(sent[0]!.client).toBe(created[0]);
  });

  it('uses an init.client of the caller as given', async () => {
    withDeno();
    const mine = { mine: true };
    const transport = fetchTransport({ fetch: recordingFetch, init: { client: mine } as RequestInit });
    await transport(wire({}));
    expect(created).toEqual([]);
    expect(sent[0]!.client).toBe(mine);
  });

  it('a Deno host whose createHttpClient throws: the request goes out on the shared pool, and it is not asked again', async () => {
    let asked = 0;
    withDeno(() => {
      asked++;
      throw new Error('not supported here');
    });
    const transport = fetchTransport({ fetch: recordingFetch });
    await transport(wire({}));
    await transport(wire({}));
    expect(asked).toBe(1);
    expect(sent.map((init) => init.client)).toEqual([undefined, undefined]);
  });

  it('outside Deno, sends no client field', async () => {
    const transport = fetchTransport({ fetch: recordingFetch });
    await transport(wire({}));
    expect(sent.map((init) => 'client' in init)).toEqual([false]);
  });
});
