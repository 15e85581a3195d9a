/** Reading whole bodies: bytes and text come back as read; a read that fails becomes a typed error naming the operation. */
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, StreamError } from '../../src/core/errors.js';
import { readBytes, readText } from '../../src/core/response.js';
import type { WireResponse } from '../../src/core/types.js';

function response(read: () => Promise<ArrayBuffer>): WireResponse {
  return {
    status: 200,
    headers: new Headers(),
    body: null,
    arrayBuffer: read,
    text: async () => new TextDecoder().decode(await read()),
  };
}
const signal = new AbortController().signal;
const reset = (): Promise<never> => Promise.reject(Object.assign(new TypeError('terminated'), { cause: new Error('other side closed') }));

describe('readBytes / readText', () => {
  it('return the body as bytes and as text', async () => {
    const res = response(async () => new TextEncoder().encode('héllo').buffer);
    expect(Array.from(await readBytes(res, signal, 'op'))).toEqual(Array.from(new TextEncoder().encode('héllo')));
    expect(await readText(res, signal, 'op')).toBe('héllo');
  });

  it('turn a body that breaks while read into a ConnectionError naming the operation', async () => {
    for (const read of [readBytes, readText]) {
      const err = await read(response(reset), signal, 'files.download').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).message).toMatch(/^files\.download: reading the response body failed/);
    }
  });

  it('report an aborted call as an AbortError, and pass modelwire errors through', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(readBytes(response(reset), ac.signal, 'op')).rejects.toBeInstanceOf(AbortError);
    const own = new StreamError('cut', { operation: 'op' });
    await expect(readBytes(response(() => Promise.reject(own)), { signal }, 'op')).rejects.toBe(own);
  });
});
