import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, request } from '../../src/core/client.js';
import { createCircuitBreaker, type CircuitStateChange } from '../../src/core/circuit-breaker.js';
import {
  AbortError,
  APIError,
  BadRequestError,
  CircuitOpenError,
  ConnectionError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/core/errors.js';
import { isFailoverError, withFallback, type FallbackEvent, type FallbackTarget } from '../../src/core/fallback.js';
import { createOnnxRuntime, type OnnxRuntime } from '../../src/onnx/index.js';
import type { InferenceRequest, InferenceResponse, InferOptions, OipTarget } from '../../src/oip/types.js';
import { mlpReference } from '../../scripts/model-weights.js';
import { requestStream, type Stream } from '../../src/core/stream.js';
import { createOpenAIClient, type ChatCompletion, type ChatCompletionChunk, type OpenAIClient } from '../../src/openai/index.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

const modelRepository = fileURLToPath(new URL('../../models', import.meta.url));

/** A minimal remote target over the core client: POST /v2/models/<m>/infer, JSON tensors. */
function remoteTarget(baseURL: string): Pick<OipTarget, 'infer' | 'ready'> {
  const client = createClient({ baseURL, retry: false, timeoutMs: 2_000 });
  return {
    async infer(model: string, req: InferenceRequest, options?: InferOptions): Promise<InferenceResponse> {
      const body = { inputs: req.inputs.map((t) => ({ name: t.name, datatype: t.datatype, shape: t.shape, data: Array.from(t.data as ArrayLike<number>) })) };
      const res = await request<{ model_name: string; outputs: Array<{ name: string; datatype: 'FP32'; shape: number[]; data: number[] }> }>(
        client,
        { method: 'POST', path: `/v2/models/${encodeURIComponent(model)}/infer`, body, operation: 'oip.infer', idempotent: true },
        options,
      );
      return { model_name: res.model_name, outputs: res.outputs.map((o) => ({ ...o, data: Float32Array.from(o.data) })) };
    },
    async ready(model: string): Promise<boolean> {
      await request(client, { method: 'GET', path: `/v2/models/${encodeURIComponent(model)}/ready`, operation: 'oip.models.ready', responseType: 'none' });
      return true;
    },
  };
}

const x = Float32Array.of(0.5, -1, 2, 0.25);
const mlpRequest = (): InferenceRequest => ({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: x }] });

let server: TestServer;
let local: OnnxRuntime;
let remote: Pick<OipTarget, 'infer' | 'ready'>;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path === '/v2/models/mlp/infer') {
      const data = Array.from(mlpReference(x, 1)).map((v) => v + 1); // remote answers differ by +1 so the source is visible in the data
      return json(res, 200, { model_name: 'mlp', outputs: [{ name: 'probs', datatype: 'FP32', shape: [1, 3], data }] });
    }
    if (req.path === '/v2/models/mlp/ready') return json(res, 200, {});
    json(res, 404, { error: `no route ${req.path}` });
  });
  local = createOnnxRuntime({ modelRepository });
  // the session is made here, so a short per-call deadline below never has to cover its creation
  await local.load('mlp');
  remote = remoteTarget(server.url);
});
afterAll(async () => {
  await server.close();
  await local.dispose();
});
afterEach(() => server.reset());

function clocked(options: { failureThreshold?: number; cooldownMs?: number } = {}) {
  let t = 0;
  const changes: CircuitStateChange[] = [];
  const breaker = createCircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, ...options, now: () => t, onStateChange: (c) => changes.push(c) });
  return { breaker, changes, advance: (ms: number) => (t += ms) };
}

type Target = Pick<OipTarget, 'infer' | 'ready'>;

describe('withFallback over a real HTTP primary and the local ONNX runtime', () => {
  it('answers from the primary while it is healthy, saying so', async () => {
    const events: FallbackEvent[] = [];
    const target = withFallback<Target>(remote, local, { primaryName: 'triton', fallbackName: 'onnx', onFallback: (e) => events.push(e) });
    const res = await target.infer('mlp', mlpRequest());
    expect(res.source).toBe('remote');
    expect(res.sourceName).toBe('triton');
    expect(res.outputs[0]!.data[0]).toBeCloseTo(mlpReference(x, 1)[0]! + 1, 5);
    expect(server.count('/v2/models/mlp/infer')).toBe(1);
    expect(events).toEqual([]);
  });

  it('fails over to the local model on a connection error, and the result says local', async () => {
    const events: FallbackEvent[] = [];
    const dead = remoteTarget('http://127.0.0.1:1'); // nothing listens on port 1
    const target = withFallback<Target>(dead, local, { fallbackName: 'onnx', onFallback: (e) => events.push(e) });
    const res = await target.infer('mlp', mlpRequest());
    expect(res.source).toBe('local');
    expect(res.sourceName).toBe('onnx');
    const want = mlpReference(x, 1);
    for (let i = 0; i < 3; i++) expect(res.outputs[0]!.data[i]).toBeCloseTo(want[i]!, 5);
    expect(events).toHaveLength(1);
    expect(events[0]!.reason).toBe('error');
    expect(events[0]!.error).toBeInstanceOf(ConnectionError);
  });

  it.each([500, 503, 429, 408])('fails over on HTTP %i', async (status) => {
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status, body: { error: 'down' } } });
    const target = withFallback<Target>(remote, local);
    const res = await target.infer('mlp', mlpRequest());
    expect(res.source).toBe('local');
    expect(server.count('/v2/models/mlp/infer')).toBe(1);
  });

  it.each([400, 401, 403, 404, 409, 422])('never fails over on HTTP %i: the request itself was wrong', async (status) => {
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status, body: { error: 'bad' } } });
    const events: FallbackEvent[] = [];
    const { breaker } = clocked({ failureThreshold: 1 });
    const target = withFallback<Target>(remote, local, { breaker, onFallback: (e) => events.push(e) });
    const err = await target.infer('mlp', mlpRequest()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(status);
    expect(events).toEqual([]);
    expect(breaker.state).toBe('closed'); // the endpoint answered: not a failure
  });

  it('fails over on a response timeout', async () => {
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 1_000 } });
    const events: FallbackEvent[] = [];
    const target = withFallback<Target>(remote, local, { onFallback: (e) => events.push(e) });
    const res = await target.infer('mlp', mlpRequest(), { timeoutMs: 100 });
    expect(res.source).toBe('local');
    expect(events[0]!.error).toBeInstanceOf(TimeoutError);
  });

  it('opens the circuit after consecutive failures; while open the primary gets no request at all; one probe after the cool-down closes it', async () => {
    const { breaker, changes, advance } = clocked({ failureThreshold: 2, cooldownMs: 1_000 });
    const events: FallbackEvent[] = [];
    const target = withFallback<Target>(remote, local, { breaker, onFallback: (e) => events.push(e) });
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status: 503 }, times: 2 });
    expect((await target.infer('mlp', mlpRequest())).source).toBe('local');
    expect((await target.infer('mlp', mlpRequest())).source).toBe('local');
    expect(breaker.state).toBe('open');
    expect(server.count('/v2/models/mlp/infer')).toBe(2);

    for (let i = 0; i < 5; i++) expect((await target.infer('mlp', mlpRequest())).source).toBe('local');
    expect(server.count('/v2/models/mlp/infer')).toBe(2); // no network I/O while open
    expect(server.connectionCount()).toBeGreaterThan(0);
    expect(events.slice(2).every((e) => e.reason === 'circuit-open')).toBe(true);

    advance(1_000);
    const probe = await target.infer('mlp', mlpRequest());
    expect(probe.source).toBe('remote');
    expect(server.count('/v2/models/mlp/infer')).toBe(3);
    expect(breaker.state).toBe('closed');
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('lets exactly one half-open probe reach the primary when calls arrive together', async () => {
    const { breaker, advance } = clocked({ failureThreshold: 1, cooldownMs: 500 });
    const target = withFallback<Target>(remote, local, { breaker });
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status: 500 } });
    await target.infer('mlp', mlpRequest());
    expect(breaker.state).toBe('open');
    advance(500);
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'delay', ms: 50 } });
    const results = await Promise.all(Array.from({ length: 5 }, () => target.infer('mlp', mlpRequest())));
    expect(results.map((r) => r.source).sort()).toEqual(['local', 'local', 'local', 'local', 'remote']);
    expect(server.count('/v2/models/mlp/infer')).toBe(2);
    expect(breaker.state).toBe('closed');
  });

  it('a failed probe re-opens the circuit', async () => {
    const { breaker, changes, advance } = clocked({ failureThreshold: 1, cooldownMs: 100 });
    const target = withFallback<Target>(remote, local, { breaker });
    server.faults.push({ match: '/v2/models/mlp/infer', fault: { kind: 'status', status: 502 }, times: 2 });
    await target.infer('mlp', mlpRequest());
    advance(100);
    expect((await target.infer('mlp', mlpRequest())).source).toBe('local');
    expect(changes.map((c) => `${c.to}:${c.reason}`)).toEqual(['open:1 consecutive failures', 'half-open:cool-down elapsed', 'open:probe failed']);
  });

  it('throws CircuitOpenError for a method the fallback lacks while the circuit is open', async () => {
    const { breaker } = clocked({ failureThreshold: 1 });
    const primary = { ...remote, extra: async () => 'remote-only' };
    const fallback = { ...local } as unknown as typeof primary;
    const target = withFallback(primary, fallback, { breaker });
    breaker.recordFailure();
    const err = await target.extra().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).retryAtMs).toBe(1_000);
  });

  it('never fails over on InvalidRequestError, ResponseValidationError or AbortError', async () => {
    const errors = [
      new InvalidRequestError('bad shape', { path: 'inputs[0].shape' }),
      new ResponseValidationError([{ path: ['outputs'], message: 'required' }], {}),
      new AbortError(),
    ];
    for (const error of errors) {
      let localCalls = 0;
      const primary = { infer: async (): Promise<InferenceResponse> => { throw error; } };
      const fallback = { infer: async (): Promise<InferenceResponse> => { localCalls++; return { model_name: 'm', outputs: [] }; } };
      await expect(withFallback(primary, fallback).infer()).rejects.toBe(error);
      expect(localCalls).toBe(0);
    }
  });

  it('an aborted half-open probe frees the probe slot instead of closing or re-opening', async () => {
    const { breaker, advance } = clocked({ failureThreshold: 1, cooldownMs: 10 });
    const primary = { infer: async (): Promise<string> => { throw new AbortError(); } };
    const target = withFallback(primary, { infer: async () => 'local' }, { breaker });
    breaker.recordFailure();
    advance(10);
    await expect(target.infer()).rejects.toBeInstanceOf(AbortError);
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
  });
});

describe('results are tagged without mutation', () => {
  it('copies a frozen plain-object result and leaves the original untouched', async () => {
    const original = Object.freeze({ model_name: 'm', outputs: Object.freeze([]) });
    const target = withFallback({ get: async () => original }, { get: async () => original });
    const res = await target.get();
    expect(res).not.toBe(original);
    expect(res).toEqual({ model_name: 'm', outputs: [], source: 'remote', sourceName: 'primary' });
    expect(JSON.parse(JSON.stringify(res))).toMatchObject({ source: 'remote' });
    expect('source' in original).toBe(false);
    expect(Object.isFrozen(original)).toBe(true);
  });

  it('copies arrays with non-enumerable source fields; primitives and void pass through', async () => {
    const list = [{ name: 'a' }];
    const target = withFallback(
      { list: async () => list, ready: async () => true, load: async (): Promise<void> => {} },
      { list: async () => [], ready: async () => false, load: async (): Promise<void> => {} },
    );
    const l = await target.list();
    expect(l).toEqual(list);
    expect(l).not.toBe(list);
    expect(l.source).toBe('remote');
    expect(Object.keys(l)).toEqual(['0']);
    expect(await target.ready()).toBe(true);
    expect(await target.load()).toBeUndefined();
  });

  it('wraps class-instance results in a read-through proxy (methods still work)', async () => {
    class Box {
      #v = 41;
      value() { return this.#v + 1; }
    }
    const target = withFallback({ make: async () => new Box() }, { make: async () => new Box() });
    const box = await target.make();
    expect(box.value()).toBe(42);
    expect(box.source).toBe('remote');
  });

  it('wraps nested method groups (models.get) and keeps plain properties readable', async () => {
    const primary = { baseURL: 'http://remote', models: { get: async (name: string) => ({ name, where: 'remote' }) } };
    const fallback = { baseURL: 'local', models: { get: async (name: string) => ({ name, where: 'local' }) } };
    const target = withFallback(primary, fallback, { breaker: { failureThreshold: 1 } });
    expect(target.baseURL).toBe('http://remote');
    const m = await target.models.get('mlp');
    expect(m).toMatchObject({ name: 'mlp', where: 'remote', source: 'remote' });
    primary.models.get = async () => { throw new ConnectionError('refused', { requestMayHaveReachedServer: false }); };
    // the wrapper bound the original function at creation, so rebuild to see the change
    const target2 = withFallback(primary, fallback);
    expect(await target2.models.get('mlp')).toMatchObject({ where: 'local', source: 'local', sourceName: 'fallback' });
  });

  it('is assignable to the wrapped interface (same typed API)', () => {
    const wrapped: FallbackTarget<OipTarget> = withFallback<OipTarget>(local, local);
    const asTarget: OipTarget = wrapped;
    expect(typeof asTarget.infer).toBe('function');
    expect(typeof wrapped.get).toBe('function');
    // symbol-keyed methods are wrapped too, so the wrapper of a full runtime is still a runtime
    const both = withFallback(local, local);
    const asRuntime: OnnxRuntime = both;
    expect(typeof asRuntime[Symbol.asyncDispose]).toBe('function');
    expect(asRuntime.modelRepository).toBe(local.modelRepository);
  });
});

// Regression (audit6), checked by `npx tsc -p tsconfig.json --noEmit` (vitest does not type-check):
// FallbackTarget mapped each method with `T[K] extends (...args: infer A) => infer R`, which keeps
// only the last overload and erases type parameters, so an OpenAI client with an OpenAI-compatible
// fallback lost its stream overload, parse's schema inference and embeddings' base64 overload, and
// the wrapper was not assignable to OpenAIClient.
describe('FallbackTarget types', () => {
  it('keeps overloads and generic methods, and is assignable to the wrapped interface', () => {
    const typesOnly = async (): Promise<void> => {
      const primary = createOpenAIClient({ apiKey: 'k' });
      const fallback = createOpenAIClient({ baseURL: 'http://127.0.0.1:8000/v1' });
      const target = withFallback<OpenAIClient>(primary, fallback);
      const messages = [{ role: 'user' as const, content: 'x' }];

      const stream = await target.chat.completions.create({ model: 'm', messages, stream: true });
      expectTypeOf(stream).toMatchTypeOf<Stream<ChatCompletionChunk>>();
      expectTypeOf(stream.source).toEqualTypeOf<'remote' | 'local'>();
      const completion = await target.chat.completions.create({ model: 'm', messages });
      expectTypeOf(completion).toMatchTypeOf<ChatCompletion>();
      expectTypeOf(completion.sourceName).toEqualTypeOf<string>();

      // generic: the call keeps its type parameters (the result has source/sourceName at run time only)
      const parsed = await target.chat.completions.parse({ model: 'm', messages, schema: v.object({ city: v.string() }), jsonSchema: {} });
      expectTypeOf(parsed.choices[0]!.message.parsed).toEqualTypeOf<{ city: string } | null>();

      const packed = await target.embeddings.create({ model: 'm', input: 'x', encoding_format: 'base64' });
      expectTypeOf(packed.data[0]!.embedding).toEqualTypeOf<Float32Array>();
      const floats = await target.embeddings.create({ model: 'm', input: 'x' });
      expectTypeOf(floats.data[0]!.embedding).toEqualTypeOf<number[]>();

      const models = await target.models.list();
      expectTypeOf(models.source).toEqualTypeOf<'remote' | 'local'>();

      const asClient: OpenAIClient = target; // "FallbackTarget<T> is assignable to T"
      void asClient;
    };
    void typesOnly;
    // a plain method keeps its one signature, with the source in its result
    expectTypeOf<FallbackTarget<OipTarget>['infer']>().toEqualTypeOf<
      (model: string, request: InferenceRequest, options?: InferOptions) => Promise<InferenceResponse & { readonly source: 'remote' | 'local'; readonly sourceName: string }>
    >();
  });
});

describe('streams fail over only before their first item', () => {
  async function* failing(after: number): AsyncGenerator<number> {
    for (let i = 0; i < after; i++) yield i;
    throw new ConnectionError('stream dropped', { requestMayHaveReachedServer: true });
  }
  async function* fine(): AsyncGenerator<number> {
    yield 100;
    yield 101;
  }

  it('fails over when the stream fails before its first item', async () => {
    const target = withFallback({ stream: async () => failing(0) }, { stream: async () => fine() });
    const s = await target.stream();
    expect(s.source).toBe('local');
    const got: number[] = [];
    for await (const v of s) got.push(v);
    expect(got).toEqual([100, 101]);
  });

  it('does not fail over after the first item: the error reaches the consumer', async () => {
    const target = withFallback({ stream: async () => failing(2) }, { stream: async () => fine() });
    const s = await target.stream();
    expect(s.source).toBe('remote');
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of s) got.push(v);
      })(),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(got).toEqual([0, 1]);
  });
});

describe('isFailoverError', () => {
  it('classifies errors', () => {
    expect(isFailoverError(new ConnectionError('x', { requestMayHaveReachedServer: false }))).toBe(true);
    expect(isFailoverError(new TimeoutError('x', { timeoutMs: 1 }))).toBe(true);
    expect(isFailoverError(new RateLimitError({ status: 429 }))).toBe(true);
    expect(isFailoverError(new InternalServerError({ status: 503 }))).toBe(true);
    expect(isFailoverError(APIError.fromStatus({ status: 408 }))).toBe(true);
    expect(isFailoverError(new CircuitOpenError('open', { retryAtMs: 0 }))).toBe(true);
    expect(isFailoverError(new BadRequestError({ status: 400 }))).toBe(false);
    expect(isFailoverError(new NotFoundError({ status: 404 }))).toBe(false);
    expect(isFailoverError(new InvalidRequestError('x'))).toBe(false);
    expect(isFailoverError(new AbortError())).toBe(false);
    expect(isFailoverError(new Error('plain'))).toBe(false);
  });
});

describe('core Streams over real SSE', () => {
  function streamTarget(baseURL: string) {
    const client = createClient({ baseURL, retry: false, timeoutMs: 2_000 });
    return { events: (): Promise<Stream<{ n: number }>> => requestStream<{ n: number }>(client, { method: 'GET', path: '/events', operation: 'test.events' }) };
  }
  const localEvents = { events: async (): Promise<AsyncIterable<{ n: number }>> => (async function* () { yield { n: -1 }; })() };

  it('fails over when the SSE stream dies before its first event; not after', async () => {
    server.setHandler(async (req, res) => {
      if (req.path === '/events') return sse(res, [{ n: 1 }, { n: 2 }, '[DONE]']);
      json(res, 404, { error: 'no route' });
    });
    try {
      const target = withFallback(streamTarget(server.url) as unknown as typeof localEvents, localEvents);
      // healthy: the remote stream (a core Stream, already primed) keeps its methods and says remote
      const ok = await target.events();
      expect(ok.source).toBe('remote');
      const got: number[] = [];
      for await (const e of ok) got.push(e.n);
      expect(got).toEqual([1, 2]);

      // dies before the first event -> local
      server.faults.push({ match: '/events', fault: { kind: 'truncated-sse', events: [] } });
      const early = await target.events();
      expect(early.source).toBe('local');
      const local: number[] = [];
      for await (const e of early) local.push(e.n);
      expect(local).toEqual([-1]);

      // dies after the first event -> the consumer sees the error, no failover
      server.faults.push({ match: '/events', fault: { kind: 'truncated-sse', events: [{ n: 7 }] } });
      const late = await target.events();
      expect(late.source).toBe('remote');
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const e of late) seen.push(e.n);
        })(),
      ).rejects.toThrow();
      expect(seen).toEqual([7]);
    } finally {
      server.setHandler((req, res) => json(res, 404, { error: `no route ${req.path}` }));
    }
  });
});

