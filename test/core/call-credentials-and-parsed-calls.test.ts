/**
 * Per-call pieces of request() (client.ts send/callSecrets/requestParsed):
 * - a call that passes its own credential header still scrubs the client's key: an error body that
 *   echoes both shows neither;
 * - a spec with `parse` refuses an unknown validation mode before anything is sent, like any call;
 * - an error from a client without retries carries `attempts: 1`;
 * - a status below 200 from a transport is no success.
 */
import { expect, it } from 'vitest';
import { APIError, ConnectionError, InvalidRequestError, createClient, request, type Transport, type ValidationMode, type WireRequest } from '../../src/index.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { textsOf } from './_leak.js';

const CLIENT_KEY = 'sk-client-key-71c2';
const CALL_KEY = 'sk-call-token-9d04';

it('an error body echoing the client key and a per-call credential shows neither', async () => {
  const transport: Transport = async (req: WireRequest) =>
    new Response(JSON.stringify({ error: `bad auth ${req.headers.authorization} and ${req.headers['x-call-token']}` }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  const client = createClient({ baseURL: 'http://127.0.0.1:1', apiKey: CLIENT_KEY, transport, retry: false });
  const err = await request(client, { method: 'GET', path: '/m', operation: 'test.secrets' }, { headers: { 'x-call-token': CALL_KEY } }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(APIError);
  const texts = textsOf(err).join('\n');
  expect(texts).toContain('bad auth');
  expect(texts).not.toContain(CLIENT_KEY);
  expect(texts).not.toContain(CALL_KEY);
});

it('a spec with parse refuses an unknown validation mode before sending', async () => {
  let sent = 0;
  const transport: Transport = async () => {
    sent++;
    return new Response('x', { status: 200 });
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false });
  const spec = { method: 'GET' as const, path: '/m', operation: 'test.parsed', parse: async () => 'parsed' };
  const err = await request(client, spec, { validation: 'lenient' as ValidationMode }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toBe('validation');
  expect(sent).toBe(0);
  expect(await request(client, spec, { validation: 'off' })).toBe('parsed');
});

it('a failed call of a client without retries reports one attempt', async () => {
  const client = createClient({ baseURL: await closedServerUrl(), retry: false });
  const err = await request(client, { method: 'GET', path: '/m', operation: 'test.attempts' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as ConnectionError).attempts).toBe(1);
});

it('a status below 200 from a transport is an APIError, not a result', async () => {
  const transport: Transport = async () => {
    const res = new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });
    return { status: 199, headers: res.headers, body: res.body, text: () => res.text(), arrayBuffer: () => res.arrayBuffer() };
  };
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false });
  const err = await request(client, { method: 'GET', path: '/m', operation: 'test.status' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(APIError);
  expect((err as APIError).status).toBe(199);
});
