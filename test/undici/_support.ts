/** Shared set-up of the undici transport tests. */
import { readFileSync } from 'node:fs';
import type { WireRequest } from '../../src/index.js';

/** A GET request as the core hands it to a transport, with `extra` fields over it. */
export const wireRequest = (url: string, operation: string, extra: Partial<WireRequest> = {}): WireRequest => ({
  method: 'GET',
  url,
  headers: {},
  signal: new AbortController().signal,
  idempotent: true,
  operation,
  attempt: 1,
  ...extra,
});

/** A file of test/undici/fixtures/tls (test-only CA, server and client certificates; its README says how they were made). */
export const tlsFixture = (name: 'ca.crt' | 'server.crt' | 'server.key' | 'client.crt' | 'client.key'): Buffer =>
  readFileSync(new URL(`./fixtures/tls/${name}`, import.meta.url));
