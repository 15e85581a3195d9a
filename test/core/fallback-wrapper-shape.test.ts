/**
 * The object withFallback builds (src/core/fallback.ts, docs/fallback.md): the same keys as the
 * primary (its class methods included, nothing from Object.prototype), method paths in FallbackEvent
 * and CircuitOpenError (`models.get`, symbol keys), groups wrapped only when both sides have them,
 * a self-reference or a cycle read as is, methods only the primary has, inputs that are not objects,
 * arguments that are null or undefined, and isFailoverError on an APIError built directly.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/core/circuit-breaker.js';
import { APIError, CircuitOpenError, ConnectionError, InvalidRequestError } from '../../src/core/errors.js';
import { isFailoverError, withFallback, type FallbackEvent } from '../../src/core/fallback.js';

const conn = () => new ConnectionError('refused', { requestMayHaveReachedServer: false });
const down = async (): Promise<string> => {
  throw conn();
};

describe('keys of the wrapper', () => {
  it('has the primary\'s own properties and class methods, enumerable, and nothing else', () => {
    class Remote {
      baseURL = 'http://127.0.0.1:8000';
      async infer(): Promise<string> {
        return 'remote';
      }
    }
    class Local {
      baseURL = 'local';
      async infer(): Promise<string> {
        return 'local';
      }
    }
    const target = withFallback(new Remote(), new Local());
    expect(Object.keys(target)).toEqual(['baseURL', 'infer']);
  });
});

describe('method paths', () => {
  it('FallbackEvent.method names the method: `infer`, `models.get`, `[description]` for a symbol key', async () => {
    const named = Symbol('custom');
    const anonymous = Symbol();
    const events: FallbackEvent[] = [];
    const primary = { infer: down, models: { get: down }, [named]: down, [anonymous]: down };
    const fallback = { infer: async () => 'l', models: { get: async () => 'l' }, [named]: async () => 'l', [anonymous]: async () => 'l' };
    const target = withFallback(primary, fallback, { breaker: { failureThreshold: 100 }, onFallback: (e) => events.push(e) });
    await target.infer();
    await target.models.get();
    await target[named]();
    await target[anonymous]();
    expect(events.map((e) => e.method)).toEqual(['infer', 'models.get', '[custom]', '[symbol]']);
  });

  it('a method only the primary has, with the circuit open, rejects with CircuitOpenError naming the method and the primary', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000, now: () => 1_000 });
    breaker.recordFailure();
    // a same-named property that is no function is no method: the fallback lacks `models.pull()`
    const target = withFallback({ models: { pull: async () => 'remote' } }, { models: { pull: 'not a method' } } as unknown as { models: { pull: () => Promise<string> } }, {
      breaker,
      primaryName: 'triton',
    });
    const err = await target.models.pull().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect((err as CircuitOpenError).operation).toBe('models.pull');
    expect((err as CircuitOpenError).retryAtMs).toBe(6_000);
    expect((err as CircuitOpenError).message).toContain('triton');
    expect((err as CircuitOpenError).message).toContain('models.pull');
  });
});

describe('methods only the primary has', () => {
  it('a failover error is thrown as it is (nothing to fail over to) and counts against the primary', async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1 });
    const error = conn();
    const events: FallbackEvent[] = [];
    const target = withFallback({ extra: async () => Promise.reject(error) }, {} as { extra: () => Promise<never> }, { breaker, onFallback: (e) => events.push(e) });
    await expect(target.extra()).rejects.toBe(error);
    expect(breaker.state).toBe('open');
    expect(events).toEqual([]);
  });
});

describe('groups and other object properties', () => {
  it('a group only the primary has (the fallback lacks it or has null) is read from the primary as it is', () => {
    const models = { get: async () => 'remote' };
    expect(withFallback({ models }, {} as { models: typeof models }).models).toBe(models);
    expect(withFallback({ models }, { models: null } as unknown as { models: typeof models }).models).toBe(models);
  });

  it('null and undefined properties read as they are', () => {
    const target = withFallback({ a: null, b: undefined, run: async () => 1 }, { a: null, b: undefined, run: async () => 2 });
    expect(target.a).toBeNull();
    expect(target.b).toBeUndefined();
    expect(Object.keys(target)).toEqual(['a', 'b', 'run']);
  });

  it('a group with a null prototype is wrapped like a plain one (it fails over)', async () => {
    const group = <T>(get: () => Promise<T>) => Object.assign(Object.create(null) as { get: () => Promise<T> }, { get });
    const target = withFallback({ models: group(down) }, { models: group(async () => 'local') });
    expect(await target.models.get()).toBe('local');
  });

  it('a property that refers back to the primary is read as it is', () => {
    const primary: { self?: unknown; run: () => Promise<number> } = { run: async () => 1 };
    primary.self = primary;
    const fallback: typeof primary = { run: async () => 2 };
    fallback.self = fallback;
    expect(withFallback(primary, fallback).self).toBe(primary);
  });

  it('a cycle between groups does not make withFallback recurse for ever', async () => {
    type Root = { models: { get: () => Promise<string>; root?: Root } };
    const primary: Root = { models: { get: down } };
    primary.models.root = primary;
    const fallback: Root = { models: { get: async () => 'local' } };
    fallback.models.root = fallback;
    const target = withFallback(primary, fallback);
    expect(await target.models.get()).toBe('local');
  });
});

describe('arguments', () => {
  it('a call with null and undefined arguments still fails over, with the same arguments', async () => {
    const seen: unknown[][] = [];
    const target = withFallback(
      { infer: async (_a: null, _b?: undefined): Promise<string> => { throw conn(); } },
      { infer: async (...args: unknown[]) => (seen.push(args), 'local') },
    );
    expect(await target.infer(null, undefined)).toBe('local');
    expect(seen).toEqual([[null, undefined]]);
  });
});

describe('inputs', () => {
  it.each<[string, unknown, unknown]>([
    ['primary', null, {}],
    ['primary', 'remote', {}],
    ['fallback', {}, null],
    ['fallback', {}, 42],
  ])('a %s that is no object is refused with an InvalidRequestError naming it', (which, primary, fallback) => {
    expect(() => withFallback(primary as object, fallback as object)).toThrow(InvalidRequestError);
    expect(() => withFallback(primary as object, fallback as object)).toThrow(which);
  });
});

describe('isFailoverError', () => {
  it('an APIError built directly fails over on 408, 429 and 5xx only', () => {
    const api = (status: number) => new APIError('api_error', { status });
    expect([408, 429, 500, 503, 599].map((s) => isFailoverError(api(s)))).toEqual([true, true, true, true, true]);
    expect([400, 404, 499, 300].map((s) => isFailoverError(api(s)))).toEqual([false, false, false, false]);
  });

  it('is false for what is no modelwire error, even with a status: undefined, null, { status: 503 }', () => {
    expect(isFailoverError(undefined)).toBe(false);
    expect(isFailoverError(null)).toBe(false);
    expect(isFailoverError({ status: 503 })).toBe(false);
  });
});
