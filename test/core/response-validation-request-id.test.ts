/**
 * A ResponseValidationError names the request id of the response that did not match (docs/core.md
 * "Errors"), as an APIError does for a status error and a StreamError for a failed stream: a body
 * that fails its schema, a body that is not JSON, an operation's own `parse` that refuses the
 * answer, a stream event that fails its schema. An id that echoes the API key is redacted, and
 * `toJSON()` carries it.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ResponseValidationError, createClient, request, requestStream, type WireResponse } from '../../src/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, TRANSPORTS, rejectionOf } from './_support.js';

const startServer = startTestServerPerTest();
const Item = z.object({ id: z.string() });

/** A server answering every request with `body` as JSON and the given headers. */
function answering(body: string, headers: Record<string, string>, type = 'application/json') {
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': type, ...headers });
    res.end(body);
  });
}

describe.each(TRANSPORTS)('ResponseValidationError request id over %s', (_name, makeTransport) => {
  const client = (url: string) => createClient({ baseURL: url, apiKey: API_KEY, transport: makeTransport(), retry: false });

  it('a body that fails its schema: the response request id is on the error and in toJSON()', async () => {
    const server = await answering('{"id":5}', { 'x-request-id': 'req_schema' });
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/item', schema: Item, operation: 'test.schema' }))) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]?.path).toEqual(['id']);
    expect(err.requestId).toBe('req_schema');
    expect(err.toJSON()).toMatchObject({ name: 'ResponseValidationError', requestId: 'req_schema', operation: 'test.schema' });
  });

  it('a body that is not JSON: the request id is on the error', async () => {
    const server = await answering('<html>gateway</html>', { 'request-id': 'req_html' });
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/item', schema: Item, operation: 'test.html' }))) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toMatch(/not valid JSON/);
    expect(err.requestId).toBe('req_html');
  });

  it("an operation's own parse that refuses the answer: the request id is on the error", async () => {
    const server = await answering('{"outputs":"none"}', { 'x-request-id': 'req_parse' });
    const parse = async (res: WireResponse) => {
      const body: unknown = JSON.parse(await res.text());
      throw new ResponseValidationError([{ path: ['outputs'], message: 'expected an array' }], body, { operation: 'test.parse' });
    };
    const err = (await rejectionOf(request(client(server.url), { method: 'POST', path: '/infer', body: {}, parse, operation: 'test.parse' }))) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.requestId).toBe('req_parse');
  });

  it('a stream event that fails its schema: the request id is on the error', async () => {
    const server = await answering('data: {"id":"a"}\n\ndata: {"id":2}\n\n', { 'x-request-id': 'req_event' }, 'text/event-stream');
    const stream = await requestStream(client(server.url), { method: 'GET', path: '/s', schema: Item, operation: 'test.event' });
    const seen: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const v of stream) seen.push(v);
      } catch (error) {
        return error as ResponseValidationError;
      }
      throw new Error('the stream ended without an error');
    })();
    expect(seen).toEqual([{ id: 'a' }]);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.requestId).toBe('req_event');
  });

  it('an id that echoes the API key is redacted, on the error and in toJSON()', async () => {
    const server = await answering('{"id":5}', { 'x-request-id': `echo-${API_KEY}` });
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/item', schema: Item, operation: 'test.echo' }))) as ResponseValidationError;
    expect(err.requestId).toBe('echo-[redacted]');
    expect(JSON.stringify(err)).not.toContain(API_KEY);
  });

  it('an id that echoes a credential passed with the call only is redacted too', async () => {
    const token = 'Bearer call-only-token-42';
    const server = await answering('{"id":5}', { 'x-request-id': `echo-${token}` });
    const plain = createClient({ baseURL: server.url, transport: makeTransport(), retry: false });
    const err = (await rejectionOf(
      request(plain, { method: 'GET', path: '/item', schema: Item, operation: 'test.call_secret' }, { headers: { authorization: token } }),
    )) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.requestId).not.toContain('call-only-token-42');
    expect(err.requestId).toMatch(/^echo-/);
  });

  it('a response without a request id leaves it undefined and out of toJSON()', async () => {
    const server = await answering('{"id":5}', {});
    const err = (await rejectionOf(request(client(server.url), { method: 'GET', path: '/item', schema: Item, operation: 'test.none' }))) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.requestId).toBeUndefined();
    expect(Object.keys(err.toJSON())).not.toContain('requestId');
  });
});
