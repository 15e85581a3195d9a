/**
 * withFallback (src/core/fallback.ts) when no source answers: the error thrown is the last source's,
 * its class and fields as they were, and a modelwire error carries `fallbackEvents`, the events the
 * call reported to onFallback (each source left behind, its error or its open circuit), so the
 * primary's failure can be seen without a hook. It is a copy: the error a source threw is never
 * changed (a source may throw one error to several calls). toJSON() and util.inspect show the
 * events through each error's safe view; no credential appears.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { BadRequestError, ConnectionError, InternalServerError, LocalModelError, ModelwireError } from '../../src/core/errors.js';
import { withFallback, type FallbackEvent } from '../../src/core/fallback.js';
import { createOpenAIClient, type OpenAIClient } from '../../src/openai/index.js';
import { useOpenAIServers, type OpenAIServer } from '../helpers/openai-server.js';
import { rejectionOf } from './_support.js';

const KEY = 'sk-fallback-errors-51d0-SECRET';
const LIST = '/v1/models';

let primary: OpenAIServer;
let replica: OpenAIServer;
let last: OpenAIServer;
useOpenAIServers(3, { apiKey: KEY }, (s) => ([primary, replica, last] = s as [OpenAIServer, OpenAIServer, OpenAIServer]));

const openai = (s: OpenAIServer): OpenAIClient => createOpenAIClient({ baseURL: s.baseURL, apiKey: KEY, retry: false });
const fail = (s: OpenAIServer, status: number, message: string) =>
  s.server.faults.push({ match: LIST, fault: { kind: 'status', status, body: { error: { message: `${message} (key ${KEY})` } } } });

describe('the error of a call no source answered', () => {
  it("is the last source's, and carries the primary's error in fallbackEvents", async () => {
    const seen: FallbackEvent[] = [];
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica), { primaryName: 'vllm', fallbackName: 'openai', onFallback: (e) => seen.push(e) });
    fail(primary, 503, 'primary overloaded');
    fail(replica, 503, 'replica overloaded');
    const err = await rejectionOf(target.models.list());
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).message).toContain('replica overloaded');
    const events = (err as ModelwireError).fallbackEvents!;
    expect(events).toEqual(seen);
    expect(events).toMatchObject([{ method: 'models.list', reason: 'error', from: 'vllm', to: 'openai' }]);
    expect(events[0]!.error).toBeInstanceOf(InternalServerError);
    expect((events[0]!.error as Error).message).toContain('primary overloaded');
  });

  it("when the fallback's error is one the request caused (a 400), that one is thrown with the primary's", async () => {
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica));
    fail(primary, 502, 'bad gateway');
    fail(replica, 400, 'no such thing');
    const err = await rejectionOf(target.models.list());
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).status).toBe(400);
    expect((err as ModelwireError).fallbackEvents!.map((e) => [e.from, e.to, (e.error as InternalServerError).status])).toEqual([['primary', 'fallback', 502]]);
  });

  it('a chain names every source left behind: an open circuit, then an error', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    breaker.recordFailure();
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica), openai(last), { breaker, fallbacks: [{ name: 'replica' }, { name: 'last' }] });
    fail(replica, 503, 'replica overloaded');
    fail(last, 500, 'last broken');
    const err = await rejectionOf(target.models.list());
    expect((err as InternalServerError).status).toBe(500);
    expect((err as ModelwireError).fallbackEvents!.map((e) => [e.reason, e.from, e.to])).toEqual([
      ['circuit-open', 'primary', 'replica'],
      ['error', 'replica', 'last'],
    ]);
    expect(primary.server.count(LIST)).toBe(0);
  });

  it('toJSON() and util.inspect show the events through safe views, and no credential', async () => {
    const target = withFallback<OpenAIClient>(openai(primary), openai(replica));
    fail(primary, 503, 'primary overloaded');
    fail(replica, 503, 'replica overloaded');
    const err = (await rejectionOf(target.models.list())) as InternalServerError;
    const json = err.toJSON();
    expect(json).toMatchObject({ name: 'InternalServerError', status: 503, fallbackEvents: [{ method: 'models.list', reason: 'error', from: 'primary', to: 'fallback', error: { name: 'InternalServerError', status: 503 } }] });
    const text = [JSON.stringify(err), inspect(err, { depth: 8 }), String(err), err.stack].join('\n');
    expect(text).toContain('primary overloaded');
    expect(text).toContain('replica overloaded');
    expect(text).not.toContain(KEY);
  });
});

describe('the error a source threw is never changed', () => {
  it('one error thrown to two calls: each call gets its own copy with its own events, the original has none', async () => {
    const shared = new ConnectionError('down', { requestMayHaveReachedServer: false });
    let n = 0;
    const target = withFallback(
      { get: async (): Promise<string> => { throw new ConnectionError(`primary call ${++n}`, { requestMayHaveReachedServer: false }); } },
      { get: async (): Promise<string> => { throw shared; } },
    );
    const [a, b] = (await Promise.all([rejectionOf(target.get()), rejectionOf(target.get())])) as [ConnectionError, ConnectionError];
    for (const e of [a, b]) {
      expect(e).toBeInstanceOf(ConnectionError);
      expect(e).not.toBe(shared);
      expect([e.message, e.stack, e.code, e.requestMayHaveReachedServer]).toEqual([shared.message, shared.stack, shared.code, shared.requestMayHaveReachedServer]);
    }
    expect([a.fallbackEvents![0]!.error, b.fallbackEvents![0]!.error].map((e) => (e as Error).message).sort()).toEqual(['primary call 1', 'primary call 2']);
    expect(shared.fallbackEvents).toBeUndefined();
    expect(Object.keys(a)).toEqual(Object.keys(shared));
  });

  it("an error of no modelwire class (a TypeError, your own subclass of one) is thrown as it is (onFallback has the others)", async () => {
    class OwnError extends LocalModelError {
      readonly #detail = 'kept';
      get detail(): string {
        return this.#detail;
      }
    }
    for (const own of [new TypeError('not ours'), new OwnError('ours')]) {
      const target = withFallback({ get: async (): Promise<string> => { throw new ConnectionError('down', { requestMayHaveReachedServer: false }); } }, { get: async (): Promise<string> => { throw own; } });
      expect(await rejectionOf(target.get())).toBe(own);
    }
  });

  it('a nested withFallback: the outer events come first, then the inner ones', async () => {
    const down = (m: string) => async (): Promise<string> => { throw new ConnectionError(m, { requestMayHaveReachedServer: false }); };
    const inner = withFallback({ get: down('b') }, { get: down('c') }, { primaryName: 'b', fallbackName: 'c' });
    const outer = withFallback({ get: down('a') }, inner, { primaryName: 'a', fallbackName: 'inner' });
    const err = (await rejectionOf(outer.get())) as ConnectionError;
    expect(err.message).toBe('c');
    expect(err.fallbackEvents!.map((e) => [e.from, e.to, (e.error as Error).message])).toEqual([
      ['a', 'inner', 'a'],
      ['b', 'c', 'b'],
    ]);
  });
});
