/**
 * Differential: the wire requests of modelwire/openai and of the official `openai` client for the
 * same calls, on the same loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatCompletion, createCompletion, createEmbedding, deleteModel, listModels, retrieveModel } from '../../src/openai/index.js';
import { json, sse, type RecordedRequest, type TestHandler } from '../helpers/test-server.js';
import { float32ToBase64 } from '../helpers/openai-server.js';
import { capture, drain, pairs, startDiffServer, valueOf, type DiffServer, type Pair } from './_differential.js';

let diff: DiffServer;
let all: Pair[];
beforeAll(async () => {
  diff = await startDiffServer();
  all = pairs(diff, { organization: 'org-diff', project: 'proj-diff' });
  diff.answer(routes);
});
afterAll(() => diff.close());

/** The answers of every operation (the tests that change them put them back). */
const routes: TestHandler = async (req, res) => {
    const body = req.body.length ? (req.json() as { stream?: boolean; encoding_format?: string }) : {};
    if (req.path === '/v1/chat/completions' && body.stream) {
      return sse(res, [{ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'hi' }, finish_reason: null }] }, '[DONE]']);
    }
    if (req.path === '/v1/chat/completions') {
      return json(res, 200, { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, finish_reason: 'stop', logprobs: null }] });
    }
    if (req.path === '/v1/completions' && body.stream) {
      return sse(res, [{ id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'hi', finish_reason: null, logprobs: null }] }, '[DONE]']);
    }
    if (req.path === '/v1/completions') {
      return json(res, 200, { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'hi', finish_reason: 'stop', logprobs: null }] });
    }
    if (req.path === '/v1/embeddings') {
      const embedding = body.encoding_format === 'base64' ? float32ToBase64(new Float32Array([0.5, -1])) : [0.5, -1];
      return json(res, 200, { object: 'list', model: 'e', data: [{ object: 'embedding', index: 0, embedding }], usage: { prompt_tokens: 1, total_tokens: 1 } });
    }
    if (req.path === '/v1/models') return json(res, 200, { object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'o' }] });
    if (req.path.startsWith('/v1/models/')) return json(res, 200, { id: decodeURIComponent(req.path.slice(11)), object: 'model', created: 1, owned_by: 'o' });
    json(res, 404, { error: { message: 'no route', type: 'invalid_request_error', param: null, code: null } });
};

it('a base URL with a trailing slash: both request the same paths', async () => {
  const slashed = pairs({ ...diff, baseURL: `${diff.baseURL}/` });
  for (const pair of slashed) {
    const a = await capture(diff.server, () => pair.official.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    const b = await capture(diff.server, () => createChatCompletion(pair.mw, { model: 'm', messages: [{ role: 'user', content: 'x' }] }));
    const c = await capture(diff.server, () => pair.official.models.retrieve('m'));
    const d = await capture(diff.server, () => retrieveModel(pair.mw, 'm'));
    expect([a, b, c, d].map((x) => x.requests.map((r) => r.path))).toEqual([['/v1/chat/completions'], ['/v1/chat/completions'], ['/v1/models/m'], ['/v1/models/m']]);
  }
});

/** What both clients must agree on in a request. */
function wire(r: RecordedRequest): Record<string, unknown> {
  return {
    method: r.method,
    path: r.path,
    query: [...r.query.entries()],
    body: r.body.length ? r.json() : undefined,
    contentType: r.headers['content-type'],
    authorization: r.headers.authorization,
    organization: r.headers['openai-organization'],
    project: r.headers['openai-project'],
  };
}

const messages = [{ role: 'user' as const, content: 'Hi' }];
const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
const chatParams = { model: 'gpt-4o-mini', messages, temperature: 0.2, seed: 7, tools, tool_choice: 'auto' as const, stop: ['\n'], user: 'u-1', metadata: { a: 'b' } };

describe.each(['fetch', 'undici'] as const)('modelwire (%s transport) vs the official client', (transport) => {
  const pair = (): Pair => all.find((p) => p.transport === transport)!;

  /** Runs both calls, one after the other, and returns their single requests. */
  async function both(official: () => Promise<unknown>, mw: () => Promise<unknown>): Promise<[RecordedRequest, RecordedRequest]> {
    const a = await capture(diff.server, official);
    const b = await capture(diff.server, mw);
    valueOf(a.outcome);
    valueOf(b.outcome);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
    return [a.requests[0]!, b.requests[0]!];
  }

  it('chat completion (JSON): same method, path, body, content-type, bearer key, org and project', async () => {
    const [o, m] = await both(() => pair().official.chat.completions.create(chatParams), () => createChatCompletion(pair().mw, chatParams));
    expect(wire(m)).toEqual(wire(o));
    expect(wire(m)).toMatchObject({ method: 'POST', path: '/v1/chat/completions', contentType: 'application/json', authorization: 'Bearer sk-diff-0123456789abcdef', organization: 'org-diff', project: 'proj-diff' });
    expect(o.headers.accept).toBe('application/json');
    expect(m.headers.accept).toBe('application/json');
  });

  it('chat completion (stream): same body with stream: true; both ask for JSON or an event stream', async () => {
    const params = { ...chatParams, stream: true as const, stream_options: { include_usage: true } };
    const [o, m] = await both(
      async () => drain(await pair().official.chat.completions.create(params)),
      async () => drain(await createChatCompletion(pair().mw, params)),
    );
    expect(wire(m)).toEqual(wire(o));
    expect((m.json() as { stream: boolean }).stream).toBe(true);
    // the official client always sends `accept: application/json`; modelwire names the event stream it asks for
    expect(o.headers.accept).toBe('application/json');
    expect(m.headers.accept).toMatch(/text\/event-stream/);
  });

  it('legacy completion, JSON and streamed: same requests', async () => {
    const params = { model: 'gpt-3.5-turbo-instruct', prompt: ['a', 'b'], max_tokens: 4, echo: false, suffix: null };
    const [o, m] = await both(() => pair().official.completions.create(params), () => createCompletion(pair().mw, params));
    expect(wire(m)).toEqual(wire(o));
    const streamed = { ...params, stream: true as const };
    const [os, ms] = await both(
      async () => drain(await pair().official.completions.create(streamed)),
      async () => drain(await createCompletion(pair().mw, streamed)),
    );
    expect(wire(ms)).toEqual(wire(os));
  });

  it('embeddings with encoding_format float: same request', async () => {
    const params = { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' as const, dimensions: 2 };
    const [o, m] = await both(() => pair().official.embeddings.create(params), () => createEmbedding(pair().mw, params));
    expect(wire(m)).toEqual(wire(o));
  });

  it('embeddings with encoding_format base64: same request', async () => {
    const params = { model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64' as const };
    const [o, m] = await both(() => pair().official.embeddings.create(params), () => createEmbedding(pair().mw, params));
    expect(wire(m)).toEqual(wire(o));
  });

  it('embeddings without encoding_format: the official client asks for base64 (and decodes it), modelwire sends the params as given', async () => {
    const params = { model: 'text-embedding-3-small', input: 'a' };
    const [o, m] = await both(() => pair().official.embeddings.create(params), () => createEmbedding(pair().mw, params));
    expect(o.json()).toEqual({ ...params, encoding_format: 'base64' });
    expect(m.json()).toEqual(params);
  });

  it('models list and retrieve: same GETs, no body, no content-type, no idempotency key', async () => {
    const [o, m] = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(wire(m)).toEqual(wire(o));
    const [or, mr] = await both(() => pair().official.models.retrieve('org/model:v1'), () => retrieveModel(pair().mw, 'org/model:v1'));
    // the same id: both encode the slash; modelwire also percent-encodes the colon (encodeURIComponent), which a
    // server decodes to the same path parameter
    expect({ ...wire(mr), path: decodeURIComponent(mr.path) }).toEqual({ ...wire(or), path: decodeURIComponent(or.path) });
    expect(or.path).toBe('/v1/models/org%2Fmodel:v1');
    expect(mr.path).toBe('/v1/models/org%2Fmodel%3Av1');
    for (const r of [o, m, or, mr]) {
      expect(r.method).toBe('GET');
      expect(r.headers['idempotency-key']).toBeUndefined();
    }
  });

  it('idempotency-key on POSTs: the official client (6.30.1) sends none, not even the caller\'s; modelwire sends the caller\'s only', async () => {
    const [o, m] = await both(() => pair().official.chat.completions.create(chatParams), () => createChatCompletion(pair().mw, chatParams));
    expect(o.headers['idempotency-key']).toBeUndefined();
    expect(m.headers['idempotency-key']).toBeUndefined();
    const [ok, mk] = await both(
      () => pair().official.chat.completions.create(chatParams, { idempotencyKey: 'idem-1' }),
      () => createChatCompletion(pair().mw, chatParams, { idempotencyKey: 'idem-1' }),
    );
    expect(Object.keys(ok.headers).filter((h) => /idempot/i.test(h))).toEqual([]);
    expect(mk.headers['idempotency-key']).toBe('idem-1');
  });

  it('models delete: the same DELETE, no body; both retry it on a 503 (repeating a delete cannot duplicate work)', async () => {
    const deleted = { id: 'ft:m', object: 'model', deleted: true };
    let n = 0;
    diff.answer((_req, res) => (n++ % 2 === 0 ? json(res, 503, { error: { message: 'busy', type: 'server_error', param: null, code: null } }, { 'retry-after-ms': '0' }) : json(res, 200, deleted)));
    const retrying = pairs(diff, { maxRetries: 1, organization: 'org-diff', project: 'proj-diff' }).find((p) => p.transport === transport)!;
    const o = await capture(diff.server, () => retrying.official.models.delete('ft:m'));
    const m = await capture(diff.server, () => deleteModel(retrying.mw, 'ft:m'));
    diff.answer(routes);
    expect(valueOf(m.outcome)).toEqual(valueOf(o.outcome));
    expect([o.requests.length, m.requests.length]).toEqual([2, 2]);
    const [or, mr] = [o.requests[1]!, m.requests[1]!];
    expect({ ...wire(mr), path: decodeURIComponent(mr.path) }).toEqual({ ...wire(or), path: decodeURIComponent(or.path) });
    expect(mr.method).toBe('DELETE');
    expect(mr.body.length).toBe(0);
  });

  it.each(['ft:gpt-4o-mini:acme::abc', 'meta-llama/Llama-3.1-8B-Instruct', 'a b', 'a#b', 'a?b=c', 'a%2Fb', 'modèle-ü', 'a+b@c', '..x', 'a\\b'])(
    'model id %j: both request the same id (the decoded path segment)',
    async (id) => {
      const [o, m] = await both(() => pair().official.models.retrieve(id), () => retrieveModel(pair().mw, id));
      const segment = (r: RecordedRequest): string => decodeURIComponent(r.path.slice('/v1/models/'.length));
      expect(segment(m)).toBe(id);
      expect(segment(o)).toBe(id);
      expect(m.query.size).toBe(0);
      expect(o.query.size).toBe(0);
    },
  );

  it('per-call headers: both send them, and a per-call authorization or organization replaces the client\'s', async () => {
    const headers = { 'x-trace': 't-1', authorization: 'Bearer sk-other-call-key', 'openai-organization': 'org-call' };
    const [o, m] = await both(() => pair().official.models.list({ headers }), () => listModels(pair().mw, { headers }));
    for (const r of [o, m]) {
      expect(r.headers['x-trace']).toBe('t-1');
      expect(r.headers.authorization).toBe('Bearer sk-other-call-key');
      expect(r.headers['openai-organization']).toBe('org-call');
      expect(r.headers['openai-project']).toBe('proj-diff');
    }
  });

  it('user-agent-like headers: the official client sends x-stainless-*; modelwire sends none of them', async () => {
    const [o, m] = await both(() => pair().official.models.list(), () => listModels(pair().mw));
    expect(o.headers['user-agent']).toBe('OpenAI/JS 6.30.1');
    expect(o.headers['x-stainless-retry-count']).toBe('0');
    expect(Object.keys(m.headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
  });
});
