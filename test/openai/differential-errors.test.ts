/**
 * Differential: error answers. Each status with an OpenAI error body, non-JSON and empty bodies,
 * and the retry decisions (statuses, wait hints, `x-should-retry`, resets) of modelwire/openai and
 * of the official `openai` client on the same server.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../../src/index.js';
import { createRetryBudget } from '../../src/index.js';
import { createChatCompletion, listModels } from '../../src/openai/index.js';
import { json, type TestHandler } from '../helpers/test-server.js';
import { capture, errorOf, KEY, pairs, startDiffServer, type DiffServer, type Pair } from './_differential.js';
import { ON_DENO } from '../helpers/runtime.js';

let diff: DiffServer;
let all: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  all = pairs(diff, { maxRetries: 2 });
});
afterEach(() => diff.server.faults.clear());
afterAll(() => diff.close());

const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };
const CHAT = '/v1/chat/completions';

const CLASSES: Record<number, [new (...a: never[]) => unknown, new (...a: never[]) => unknown]> = {
  400: [OpenAI.BadRequestError, BadRequestError],
  401: [OpenAI.AuthenticationError, AuthenticationError],
  403: [OpenAI.PermissionDeniedError, PermissionDeniedError],
  404: [OpenAI.NotFoundError, NotFoundError],
  409: [OpenAI.ConflictError, ConflictError],
  422: [OpenAI.UnprocessableEntityError, UnprocessableEntityError],
  429: [OpenAI.RateLimitError, RateLimitError],
  500: [OpenAI.InternalServerError, InternalServerError],
  502: [OpenAI.InternalServerError, InternalServerError],
  503: [OpenAI.InternalServerError, InternalServerError],
};
const STATUSES = Object.keys(CLASSES).map(Number);
/** What both clients treat as worth another attempt, absent `x-should-retry`. */
const RETRYABLE = new Set([409, 429, 500, 502, 503]);

/** Answers every request with `status` (and a success for nothing). */
function failWith(status: number, body: string | object | undefined, headers: Record<string, string> = {}): TestHandler {
  return (_req, res) => {
    if (typeof body === 'object') return json(res, status, body, { 'x-request-id': `req_${status}`, ...headers });
    res.writeHead(status, { 'x-request-id': `req_${status}`, ...(body === undefined ? {} : { 'content-type': 'text/html' }), ...headers });
    res.end(body);
  };
}

const openAIError = (status: number) => ({ error: { message: `Problem ${status} with the request`, type: 'invalid_request_error', param: 'messages', code: `code_${status}` } });

describe.each(['fetch', 'undici'] as const)('modelwire (%s transport) vs the official client', (transport) => {
  const pair = (): Pair => all.find((p) => p.transport === transport)!;

  /** The errors and request counts of both clients for one call. */
  async function both(official: () => Promise<unknown>, mw: () => Promise<unknown>) {
    const o = await capture(diff.server, official);
    const m = await capture(diff.server, mw);
    return { o: errorOf(o.outcome) as InstanceType<typeof OpenAI.APIError>, m: errorOf(m.outcome) as APIError, oCount: o.requests.length, mCount: m.requests.length };
  }

  describe.each(STATUSES)('HTTP %i with an OpenAI error body', (status) => {
    it('same error class, status, request id and error fields; retried on the same statuses for a GET', async () => {
      diff.answer(failWith(status, openAIError(status), { 'retry-after-ms': '0' }));
      const { o, m, oCount, mCount } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
      const [officialClass, mwClass] = CLASSES[status]!;
      expect(o).toBeInstanceOf(officialClass);
      expect(m).toBeInstanceOf(mwClass);
      expect(m.status).toBe(o.status);
      expect(m.requestId).toBe(o.requestID);
      expect(m.requestId).toBe(`req_${status}`);
      // the official client lifts code/param/type onto the error; modelwire keeps the body as sent
      expect(m.body).toEqual({ error: o.error });
      expect({ code: o.code, param: o.param, type: o.type }).toEqual({ code: `code_${status}`, param: 'messages', type: 'invalid_request_error' });
      // both messages carry the server's message
      expect(o.message).toBe(`${status} Problem ${status} with the request`);
      expect(m.message).toBe(`openai.models.list failed with HTTP ${status}: Problem ${status} with the request`);
      const attempts = RETRYABLE.has(status) ? 3 : 1;
      expect(oCount).toBe(attempts);
      expect(mCount).toBe(attempts);
      expect(m.attempts).toBe(attempts);
    });

    it('on a chat POST: the official client retries what it retries on a GET; modelwire only a 429', async () => {
      diff.answer(failWith(status, openAIError(status), { 'retry-after-ms': '0' }));
      const { o, m, oCount, mCount } = await both(() => pair().official.chat.completions.create(params), () => createChatCompletion(pair().mw, params));
      expect(m.status).toBe(o.status);
      expect(oCount).toBe(RETRYABLE.has(status) ? 3 : 1);
      expect(mCount).toBe(status === 429 ? 3 : 1);
      expect(m.attempts).toBe(mCount);
    });
  });

  it.each([
    ['text/html', '<html><body>502 Bad Gateway</body></html>'],
    ['text/plain', 'upstream connect error'],
  ])('a non-JSON %s body: both keep the text in the message', async (_type, text) => {
    diff.answer(failWith(502, text, { 'x-should-retry': 'false' }));
    const { o, m } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(o).toBeInstanceOf(OpenAI.InternalServerError);
    expect(m).toBeInstanceOf(InternalServerError);
    expect(o.message).toBe(`502 ${text}`);
    expect(m.message).toBe(`openai.models.list failed with HTTP 502: ${text}`);
    expect(o.error).toBeUndefined();
    expect(m.body).toBe(text);
  });

  it('an empty body: both name the status alone', async () => {
    diff.answer(failWith(503, undefined, { 'x-should-retry': 'false' }));
    const { o, m } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(o.message).toBe('503 status code (no body)');
    expect(m.message).toBe('openai.models.list failed with HTTP 503');
    expect(m.body).toBeUndefined();
    expect(m.requestId).toBe(o.requestID);
  });

  it('no message in the error object: the official client shows the object, modelwire the status', async () => {
    diff.answer(failWith(400, { error: { message: null, type: 'invalid_request_error', param: null, code: 'bad' } }));
    const { o, m } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(o.message).toBe('400 {"message":null,"type":"invalid_request_error","param":null,"code":"bad"}');
    expect(m.message).toBe('openai.models.list failed with HTTP 400');
    expect(m.body).toEqual({ error: o.error });
  });

  it('the key never appears in either error when the server echoes it', async () => {
    diff.answer(failWith(401, { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }));
    const { o, m } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(o.message).toContain(KEY); // the official client repeats what the server said
    expect(JSON.stringify(m)).not.toContain(KEY);
    expect(m.message).not.toContain(KEY);
    expect(String(m.stack)).not.toContain(KEY);
  });

  describe('wait hints and x-should-retry', () => {
    it.each([
      ['retry-after-ms: 0', { 'retry-after-ms': '0' }],
      ['retry-after: 0 (seconds)', { 'retry-after': '0' }],
      ['retry-after as a past HTTP-date', { 'retry-after': new Date(Date.now() - 5000).toUTCString() }],
    ])('a 503 with %s on a GET: both retry', async (_name, headers) => {
      diff.answer(failWith(503, openAIError(503), headers));
      const { oCount, mCount } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
      expect(oCount).toBe(3);
      expect(mCount).toBe(3);
    });

    it('a 503 with x-should-retry: false: neither retries', async () => {
      diff.answer(failWith(503, openAIError(503), { 'x-should-retry': 'false' }));
      const { oCount, mCount } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
      expect([oCount, mCount]).toEqual([1, 1]);
    });

    it('a 400 with x-should-retry: true on a GET: both retry', async () => {
      diff.answer(failWith(400, openAIError(400), { 'x-should-retry': 'true' }));
      const { oCount, mCount } = await both(() => pair().official.models.list(), () => listModels(pair().mw));
      expect([oCount, mCount]).toEqual([3, 3]);
    });

    it('a 400 or 503 with x-should-retry: true on a chat POST: the official client retries, modelwire does not (no idempotency key)', async () => {
      for (const status of [400, 503]) {
        diff.answer(failWith(status, openAIError(status), { 'x-should-retry': 'true' }));
        const { oCount, mCount } = await both(() => pair().official.chat.completions.create(params), () => createChatCompletion(pair().mw, params));
        expect([oCount, mCount]).toEqual([3, 1]);
      }
    });

    it('with the caller\'s idempotency key, a 503 chat POST is retried by both, and modelwire repeats the key', async () => {
      diff.answer(failWith(503, openAIError(503), { 'retry-after-ms': '0' }));
      const o = await capture(diff.server, () => pair().official.chat.completions.create(params, { idempotencyKey: 'k-1' }));
      const m = await capture(diff.server, () => createChatCompletion(pair().mw, params, { idempotencyKey: 'k-1' }));
      expect([o.requests.length, m.requests.length]).toEqual([3, 3]);
      expect(m.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1', 'k-1']);
      expect(o.requests.map((r) => r.headers['idempotency-key'])).toEqual([undefined, undefined, undefined]);
    });

    it('a 429 with retry-after-ms on a chat POST: both retry; modelwire\'s RateLimitError keeps the hint', async () => {
      diff.answer(failWith(429, openAIError(429), { 'retry-after-ms': '3' }));
      const o = await capture(diff.server, () => pair().official.chat.completions.create(params));
      const m = await capture(diff.server, () => createChatCompletion(pair().mw, params));
      expect([o.requests.length, m.requests.length]).toEqual([3, 3]);
      expect(errorOf(o.outcome)).toBeInstanceOf(OpenAI.RateLimitError);
      expect((errorOf(m.outcome) as RateLimitError).retryAfterMs).toBe(3);
    });
  });

  describe('connection resets on a chat POST', () => {
    it('reset after the body: the official client sends it again, modelwire does not (the server may have done the work)', async () => {
      diff.server.faults.push({ match: CHAT, fault: { kind: 'reset-after-body' }, times: 3 });
      const o = await capture(diff.server, () => pair().official.chat.completions.create(params));
      diff.server.faults.push({ match: CHAT, fault: { kind: 'reset-after-body' }, times: 3 });
      const m = await capture(diff.server, () => createChatCompletion(pair().mw, params));
      if (ON_DENO) {
        // Deno's fetch re-sends such a request on its own as well (docs/core.md, "The safety rule"):
        // the official client's count and outcome depend on it; modelwire's fetch transport avoids it
        expect(o.requests.length).toBeGreaterThanOrEqual(3);
      } else {
        expect(errorOf(o.outcome)).toBeInstanceOf(OpenAI.APIConnectionError);
        expect(o.requests).toHaveLength(3);
      }
      const err = errorOf(m.outcome) as ConnectionError;
      expect(err).toBeInstanceOf(ConnectionError);
      expect(err.requestMayHaveReachedServer).toBe(true);
      expect(m.requests).toHaveLength(1);
    });

    it('reset after the body on a GET: both retry', async () => {
      diff.answer((_req, res) => json(res, 200, { object: 'list', data: [] }));
      diff.server.faults.push({ match: '/v1/models', fault: { kind: 'reset-after-body' } });
      const o = await capture(diff.server, () => pair().official.models.list());
      diff.server.faults.push({ match: '/v1/models', fault: { kind: 'reset-after-body' } });
      const m = await capture(diff.server, () => listModels(pair().mw));
      expect(o.outcome.ok && m.outcome.ok).toBe(true);
      expect([o.requests.length, m.requests.length]).toEqual([2, 2]);
    });
  });

  it('a retry budget: modelwire stops retrying once its budget is spent; the official client has none', async () => {
    diff.answer(failWith(503, openAIError(503), { 'retry-after-ms': '0' }));
    const tight = pairs(diff, { maxRetries: 2, budget: createRetryBudget({ capacity: 2, refillPerSuccess: 0 }) }).find((p) => p.transport === transport)!;
    const o1 = await capture(diff.server, () => tight.official.models.list());
    const o2 = await capture(diff.server, () => tight.official.models.list());
    const m1 = await capture(diff.server, () => listModels(tight.mw));
    const m2 = await capture(diff.server, () => listModels(tight.mw));
    expect([o1.requests.length, o2.requests.length]).toEqual([3, 3]);
    expect([m1.requests.length, m2.requests.length]).toEqual([3, 1]);
  });
});
