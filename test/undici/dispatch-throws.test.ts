/**
 * A dispatcher of the user's whose dispatch() throws (an interceptor added with compose() that
 * refuses a request, a hand-written mock): undici's own dispatchers hand their failures to the
 * handler, but such a throw came out of the transport as it was, an untyped error past the client's
 * error mapping, and left the transport's abort listener on the request's signal. It is a
 * ConnectionError with the thrown error as its `cause`, and nothing stays subscribed.
 */
import { getEventListeners } from 'node:events';
import { Agent, type Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { rejectionAs } from '../core/_support.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

const refusing = (thrown: Error): Dispatcher =>
  new Agent().compose((dispatch) => (opts, handler) => {
    if (opts.path.startsWith('/blocked')) throw thrown;
    return dispatch(opts, handler);
  });

describe('undiciTransport with a dispatcher whose dispatch() throws', () => {
  it('through a client: a ConnectionError with the thrown error as cause, nothing sent', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const thrown = new TypeError('origin not allowed by policy');
    const client = createClient({ baseURL: server.url, transport: undiciTransport({ dispatcher: refusing(thrown) }), retry: false });
    expect(await request(client, { method: 'GET', path: '/open', operation: 'test.throws' })).toEqual({ ok: true });
    const err = await rejectionAs(request(client, { method: 'GET', path: '/blocked', operation: 'test.throws' }), ConnectionError);
    expect(err.cause).toBe(thrown);
    expect(err.operation).toBe('test.throws');
    expect(err.message).toContain('origin not allowed by policy');
    expect(server.requests.map((r) => r.path)).toEqual(['/open']);
  });

  it('used directly with a long-lived signal: rejects typed and leaves no abort listener on the signal', async () => {
    const server = await startServer((_req, res) => json(res, 200, { ok: true }));
    const thrown = new Error('refused by interceptor');
    const transport = undiciTransport({ dispatcher: refusing(thrown) });
    const shutdown = new AbortController().signal;
    for (let i = 0; i < 5; i++) {
      const err = await rejectionAs(transport(wireRequest(`${server.url}/blocked`, 'test.throws', { signal: shutdown })), ConnectionError);
      expect(err.cause).toBe(thrown);
    }
    expect(getEventListeners(shutdown, 'abort')).toHaveLength(0);
  });
});
