/**
 * The optional fields whose types now take an explicit `undefined` (test/exact-optional-inputs.test.ts)
 * read it as not given at run time, as the types say: the default applies, nothing `undefined` is
 * sent. Against a loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, loggingMiddleware, request, shapeSchema, Stream } from '../src/index.js';
import { createOipClient } from '../src/oip/index.js';
import { createChatCompletion, streamChatCompletion } from '../src/openai/index.js';
import { json, sse, startTestServer, type TestServer } from './helpers/test-server.js';

const CHUNK = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] };
const COMPLETION = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path === '/chat/completions' && (req.json() as { stream?: boolean }).stream) return sse(res, [CHUNK, '[DONE]']);
    if (req.path === '/chat/completions') return json(res, 200, COMPLETION);
    return json(res, 200, { ok: true });
  });
});
afterAll(() => server.close());

describe('an explicit undefined is not given', () => {
  it('authHeader.prefix: the key goes without a prefix', async () => {
    server.reset();
    const client = createClient({ baseURL: server.url, apiKey: 'k-123456', authHeader: { name: 'x-api-key', prefix: undefined } });
    await request(client, { method: 'GET', path: '/x', operation: 'x' });
    expect(server.requests[0]!.headers['x-api-key']).toBe('k-123456');
  });

  it('loggingMiddleware({ debug: undefined }): the logger is taken and a success, which goes to debug, is not logged', async () => {
    server.reset();
    const lines: string[] = [];
    const push = (message: string): void => void lines.push(message);
    const quiet = createClient({ baseURL: server.url, middleware: [loggingMiddleware({ debug: undefined, info: undefined, error: undefined, warn: push })] });
    expect(await request(quiet, { method: 'GET', path: '/x', operation: 'x.get' })).toEqual({ ok: true });
    expect(lines).toEqual([]);
    const verbose = createClient({ baseURL: server.url, middleware: [loggingMiddleware({ debug: push, warn: undefined })] });
    await request(verbose, { method: 'GET', path: '/x', operation: 'x.get' });
    expect(lines).toEqual(['x.get answered 200']);
  });

  it('toReadableStream({ done }): the final event is [DONE]', async () => {
    const values = async function* (): AsyncGenerator<number> {
      yield 1;
      yield 2;
    };
    const text = await new Response(Stream.fromIterable(values()).toReadableStream({ done: undefined })).text();
    expect(text).toBe('data: 1\n\ndata: 2\n\ndata: [DONE]\n\n');
  });

  it("createOipClient(core, { binary }): JSON both ways", () => {
    const oip = createOipClient(createClient({ baseURL: server.url }), { binary: undefined });
    expect(oip.binary).toBeUndefined();
  });

  it('shapeSchema({ object, loose }): unknown keys are dropped', () => {
    const schema = shapeSchema({ object: { a: 'string' }, loose: undefined });
    expect(schema['~standard'].validate({ a: 'x', b: 1 })).toEqual({ value: { a: 'x' } });
  });

  it('streamChatCompletion({ stream }): streams', async () => {
    server.reset();
    const client = createClient({ baseURL: server.url });
    const stream = await streamChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: undefined });
    const texts: unknown[] = [];
    for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content);
    expect(texts).toEqual(['hi']);
    expect(server.requests[0]!.json()).toMatchObject({ stream: true });
  });

  it('file parts and web_search_options: the undefined fields are not sent', async () => {
    server.reset();
    const client = createClient({ baseURL: server.url });
    await createChatCompletion(client, {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1', filename: undefined, file_data: undefined } }] }],
      web_search_options: { user_location: { type: 'approximate', approximate: { city: 'Paris', country: undefined } } },
    });
    const body = server.requests[0]!.json() as Record<string, unknown>;
    expect(body['messages']).toEqual([{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }]);
    expect(body['web_search_options']).toEqual({ user_location: { type: 'approximate', approximate: { city: 'Paris' } } });
    server.reset();
    await createChatCompletion(client, { model: 'm', messages: [{ role: 'user', content: 'x' }], web_search_options: undefined });
    expect(server.requests[0]!.json()).not.toHaveProperty('web_search_options');
  });
});
