import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InternalServerError, StreamError, TimeoutError, type RetryEvent } from '../../src/index.js';
import { accumulateChatStream, createOpenAIClient, type OpenAIClient } from '../../src/openai/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { closedServerUrl } from '../helpers/test-server.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const CHAT = '/v1/chat/completions';
const messages = [{ role: 'user' as const, content: 'Say hello' }];
const params = { model: 'gpt-4o-mini', messages };
const fastRetry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2, jitter: 0 };

let api: OpenAIServer;
let retries: RetryEvent[];
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer({ conformance: true });
});
afterEach(() => {
  expect(api.server.faults.pending()).toBe(0);
  api.server.reset();
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
});

for (const [name, transport] of [['fetch', undefined], ['undici', undiciTransport()]] as const) {
  describe(`creation calls are retried only when safe (${name} transport)`, () => {
    beforeAll(() => {
      openai = createOpenAIClient({ baseURL: api.baseURL, apiKey: 'sk-faults', retry: fastRetry, transport, onRetry: (e) => retries.push(e) });
    });
    afterEach(() => {
      retries = [];
    });
    retries = [];

    it('503 on a POST without an idempotency key: sent once, InternalServerError', async () => {
      api.server.faults.push({ match: CHAT, fault: { kind: 'status', status: 503, body: { error: { message: 'Service Unavailable', type: 'server_error' } } } });
      const err = await openai.chat.completions.create(params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InternalServerError);
      expect((err as InternalServerError).status).toBe(503);
      expect((err as InternalServerError).attempts).toBe(1);
      expect(api.server.count(CHAT)).toBe(1);
    });

    it('503 on a POST with an idempotency key: retried with the same key, then succeeds', async () => {
      api.server.faults.push({ match: CHAT, fault: { kind: 'status', status: 503 } });
      const res = await openai.chat.completions.create(params, { idempotencyKey: 'idem-503' });
      expect(res.choices[0]?.message.content).toBe('Hello! How can I help you today?');
      expect(api.server.count(CHAT)).toBe(2);
      expect(api.server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['idem-503', 'idem-503']);
      expect(retries).toHaveLength(1);
      expect(retries[0]).toMatchObject({ operation: 'openai.chat.completions.create', status: 503 });
    });

    it('503 on GET /models is retried without a key', async () => {
      api.server.faults.push({ match: '/v1/models', fault: { kind: 'status', status: 503 }, times: 2 });
      const list = await openai.models.list();
      expect(list.data.length).toBeGreaterThan(0);
      expect(api.server.count('/v1/models')).toBe(3);
    });

    it('reset after the body on a POST without a key: sent exactly once, ConnectionError', async () => {
      api.server.faults.push({ match: CHAT, fault: { kind: 'reset-after-body' } });
      const err = await openai.chat.completions.create(params).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectionError);
      expect((err as ConnectionError).requestMayHaveReachedServer).toBe(true);
      expect(api.server.count(CHAT)).toBe(1);
      expect(retries).toHaveLength(0);
    });

    it('reset after the body on a POST with a key: retried, succeeds', async () => {
      api.server.faults.push({ match: '/v1/embeddings', fault: { kind: 'reset-after-body' } });
      const res = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }, { idempotencyKey: 'idem-reset' });
      expect(res.data).toHaveLength(1);
      expect(api.server.count('/v1/embeddings')).toBe(2);
      expect(api.server.requests.every((r) => r.headers['idempotency-key'] === 'idem-reset')).toBe(true);
    });

    it('a stream is retried before its first event only with a key; never after it', async () => {
      api.server.faults.push({ match: CHAT, fault: { kind: 'reset-after-body' } });
      const stream = await openai.chat.completions.create({ ...params, stream: true }, { idempotencyKey: 'idem-stream' });
      expect((await accumulateChatStream(stream)).choices[0]?.message.content).toBe('Hello! How can I help you today?');
      expect(api.server.count(CHAT)).toBe(2);

      api.server.reset();
      const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] };
      api.server.faults.push({ match: CHAT, fault: { kind: 'truncated-sse', events: [chunk, chunk] } });
      const broken = await openai.chat.completions.create({ ...params, stream: true }, { idempotencyKey: 'idem-stream-2' });
      const err = await accumulateChatStream(broken).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamError);
      expect(api.server.count(CHAT)).toBe(1);
    });
  });
}

describe('failures before sending and deadlines', () => {
  it('connection refused: a POST is retried (the server never saw it), then ConnectionError', async () => {
    const events: RetryEvent[] = [];
    const dead = createOpenAIClient({ baseURL: `${await closedServerUrl()}/v1`, retry: fastRetry, onRetry: (e) => events.push(e) });
    const err = await dead.chat.completions.create(params).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).requestMayHaveReachedServer).toBe(false);
    expect((err as ConnectionError).attempts).toBe(3);
    expect(events).toHaveLength(2);
  });

  it('the deadline bounds a slow answer', async () => {
    const client = createOpenAIClient({ baseURL: api.baseURL, retry: false });
    api.server.faults.push({ match: CHAT, fault: { kind: 'delay', ms: 400 } });
    const err = await client.chat.completions.create(params, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('an idle stream times out between chunks', async () => {
    const client = createOpenAIClient({ baseURL: api.baseURL, retry: false });
    const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] };
    api.server.faults.push({ match: CHAT, fault: { kind: 'stall-body', headers: { 'content-type': 'text/event-stream' }, body: `data: ${JSON.stringify(chunk)}\n\n` } });
    const stream = await client.chat.completions.create({ ...params, stream: true }, { idleTimeoutMs: 100 });
    const err = await accumulateChatStream(stream).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(100);
  });
});
