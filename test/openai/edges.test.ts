/**
 * modelwire/openai at its edges: a stream answered with JSON, retry safety of billable POSTs
 * (x-should-retry, an empty idempotency key), client options, model ids as one path segment.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelwireError, ResponseValidationError } from '../../src/index.js';
import { accumulateChatStream, createOpenAIClient } from '../../src/openai/index.js';
import { json, startTestServer, type TestHandler, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let handler: TestHandler = (_req, res) => json(res, 404, { error: { message: 'no route' } });
beforeAll(async () => {
  server = await startTestServer((req, res) => handler(req, res));
});
afterEach(() => server.reset());
afterAll(() => server.close());

const fastRetry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2, jitter: 0 };
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const openai = () => createOpenAIClient({ baseURL: `${server.url}/v1`, apiKey: 'sk-test-key-0001', retry: fastRetry });
const completion = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }] };

describe('streamed chat completion answered with a JSON body instead of SSE', () => {
  // A gateway/proxy (or a server that does not stream) answers `stream: true` with HTTP 200 and an
  // application/json error object. docs/openai.md: errors reported by the server surface as typed
  // errors (StreamError for in-stream errors); it was silently swallowed (a stream with zero chunks,
  // and accumulateChatStream returned `choices: []`).
  it('a 200 JSON error body rejects instead of yielding an empty stream', async () => {
    handler = (_req, res) => json(res, 200, { error: { message: 'The model is overloaded', type: 'server_error', code: 'overloaded' } });
    const outcome = openai()
      .chat.completions.create({ ...params, stream: true })
      .then((stream) => accumulateChatStream(stream));
    await expect(outcome).rejects.toBeInstanceOf(ModelwireError);
  });

  // Same root cause: a server that ignores `stream: true` answers a full chat.completion as JSON;
  // the caller gets an "empty" completion (no choices, no id) with no error, losing the reply.
  it('a 200 JSON (non-SSE) completion is not turned into an empty, successful stream', async () => {
    handler = (_req, res) => json(res, 200, completion);
    const outcome = openai()
      .chat.completions.create({ ...params, stream: true })
      .then((stream) => accumulateChatStream(stream))
      .then(
        (final) => final.choices.length,
        (err: unknown) => (err instanceof ModelwireError ? 'typed error' : err),
      );
    // either the reply is delivered or a typed error says what happened; never silent emptiness
    expect([1, 'typed error']).toContain(await outcome);
  });
});

describe('retry safety of creation POSTs', () => {
  // docs/openai.md "Retries and safety": a creation call "is repeated only in two cases" (an
  // idempotency key, or a failure provably before the server received the request); "a 5xx ...
  // surfaces as a typed error after one attempt". A 500 response proves the request reached the
  // server, yet an `x-should-retry: true` header makes the SDK send the billable POST 3 times
  // without any idempotency key (the core treats the header as overriding the safety rule, while
  // docs/core.md says it only overrides the *status* rule).
  it('x-should-retry: true does not repeat a chat completion that has no idempotency key', async () => {
    handler = (_req, res) => json(res, 500, { error: { message: 'server error', type: 'server_error' } }, { 'x-should-retry': 'true' });
    const err = await openai().chat.completions.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelwireError);
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it('a 429 (refused before any work) is retried for a chat completion, a stream and an embedding, without a key', async () => {
    let n = 0;
    handler = (req, res) => {
      if (n++ % 2 === 0) return json(res, 429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after-ms': '1' });
      if (req.path.endsWith('/embeddings')) return json(res, 200, { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5] }], model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } });
      return json(res, 200, completion);
    };
    const c = openai();
    expect((await c.chat.completions.create(params)).choices[0]?.message.content).toBe('Hello');
    expect((await c.embeddings.create({ model: 'm', input: 'x' })).data[0]?.embedding).toEqual([0.5]);
    expect(server.count('/v1/chat/completions')).toBe(2);
    expect(server.count('/v1/embeddings')).toBe(2);
  });

  // An empty idempotency key is sent as `idempotency-key: ` (which servers treat as no key), but
  // the SDK still counts the call as retry-safe and repeats the POST. It should be rejected up
  // front (InvalidRequestError) or at least not make the call retryable.
  it('an empty idempotencyKey does not make a billable POST retryable', async () => {
    handler = (_req, res) => json(res, 503, { error: { message: 'unavailable', type: 'server_error' } });
    await openai().chat.completions.create(params, { idempotencyKey: '' }).catch(() => undefined);
    expect(server.count('/v1/chat/completions')).toBeLessThanOrEqual(1);
  });
});

describe('createOpenAIClient options', () => {
  // docs/openai.md: createOpenAIClient "sets idempotency-key as the idempotency header". The option
  // type allows `idempotencyHeader?: string | undefined`, and undefined options (baseURL, headers)
  // fall back to defaults elsewhere; but an explicit `idempotencyHeader: undefined` (e.g. from
  // spreading a config object) overrides the default, so every idempotencyKey call throws
  // "idempotencyKey needs idempotencyHeader".
  it('idempotencyHeader: undefined keeps the idempotency-key default', async () => {
    handler = (_req, res) => json(res, 200, completion);
    const client = createOpenAIClient({ baseURL: `${server.url}/v1`, idempotencyHeader: undefined, retry: fastRetry });
    const res = await client.chat.completions.create(params, { idempotencyKey: 'k-1' });
    expect(res.choices[0]?.message.content).toBe('Hello');
    expect(server.requests[0]?.headers['idempotency-key']).toBe('k-1');
  });
});

describe('model ids as one path segment', () => {
  // docs/openai.md: "The model id is URL-encoded, so `meta-llama/Llama-3.1-8B-Instruct` becomes one
  // path segment." encodeURIComponent leaves '.' and '..' alone, and URL resolution turns
  // `/v1/models/..` into `/v1/` and `/v1/models/.` into `/v1/models/`: deleteModel('..') sends
  // DELETE /v1/ and retrieveModel('.') hits the list endpoint. Such ids must be rejected
  // (InvalidRequestError) or kept as a segment under /v1/models/.
  it('"." and ".." never escape /v1/models/{id}', async () => {
    handler = (_req, res) => json(res, 200, { id: 'x', object: 'model', deleted: true });
    const client = openai();
    await client.models.delete('..').catch(() => undefined);
    await client.models.retrieve('.').catch(() => undefined);
    for (const r of server.requests) expect(r.path).toMatch(/^\/v1\/models\/[^/]+$/);
  });
});

describe('an answer with no content', () => {
  const noContent: TestHandler = (_req, res) => {
    res.writeHead(204);
    res.end();
  };

  it('a 204 to a chat completion is a ResponseValidationError, not an undefined completion', async () => {
    handler = noContent;
    const err = await openai()
      .chat.completions.create(params)
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).message).toMatch(/expected object, received undefined/);
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it("with validation 'off' it passes through as undefined, as the mode promises", async () => {
    handler = noContent;
    const off = createOpenAIClient({ baseURL: `${server.url}/v1`, apiKey: 'sk-test-key-0001', validation: 'off' });
    await expect(off.chat.completions.create(params)).resolves.toBeUndefined();
  });
});
