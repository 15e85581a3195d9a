/** Shared set-up of the undici transport tests. */
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
