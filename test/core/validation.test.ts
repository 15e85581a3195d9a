import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import {
  ResponseValidationError,
  createClient,
  request,
  validate,
  validateAsync,
  type InferOutput,
  type StandardSchemaV1, loggingMiddleware } from '../../src/index.js';
import { json, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { API_KEY, LeakScanner, TRANSPORTS, rejectionOf } from './_support.js';

const leaks = new LeakScanner();
const startServer = startTestServerPerTest();
let server: TestServer | undefined;

const Model = z.object({ id: z.string(), n: z.number(), tags: z.array(z.object({ k: z.string() })) });
type ModelT = { id: string; n: number; tags: { k: string }[] };

/** Serves whatever body the test put in `bodies[path]`. */
function serve(bodies: Record<string, unknown>): Promise<TestServer> {
  return startServer((req, res) => (req.path in bodies ? json(res, 200, bodies[req.path]) : json(res, 404, { error: 'no route' })));
}

describe.each(TRANSPORTS)('validated results over %s', (_name, makeTransport) => {
  const good = { id: 'a', n: 1, tags: [{ k: 'x', extraInner: 1 }], extra: true };
  const bad = { id: 'a', n: 1, tags: [{ k: 'x' }, { k: 7 }] };

  function client(validation?: 'strict' | 'passthrough' | 'off') {
    return createClient({ baseURL: server!.url, apiKey: API_KEY, transport: makeTransport(), middleware: [loggingMiddleware(leaks.logger())], ...(validation ? { validation } : {}) });
  }

  it('strict (the default) strips unknown fields, nested ones included', async () => {
    server = await serve({ '/good': good });
    const c = client();
    expect(c.validation).toBe('strict');
    const out = await request(c, { method: 'GET', path: '/good', schema: Model, operation: 'test.strict' });
    expect(out).toEqual({ id: 'a', n: 1, tags: [{ k: 'x' }] });
    expect(out).not.toHaveProperty('extra');
    expectTypeOf(out).toEqualTypeOf<ModelT>();
  });

  it('passthrough keeps unknown fields once the value passed', async () => {
    server = await serve({ '/good': good, '/bad': bad });
    const c = client('passthrough');
    expect(await request(c, { method: 'GET', path: '/good', schema: Model, operation: 'test.pass' })).toEqual(good);
    const err = (await rejectionOf(request(c, { method: 'GET', path: '/bad', schema: Model, operation: 'test.pass' }), leaks)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
  });

  it('off skips the check entirely', async () => {
    server = await serve({ '/bad': bad });
    expect(await request(client('off'), { method: 'GET', path: '/bad', schema: Model, operation: 'test.off' })).toEqual(bad);
  });

  it('the mode can be overridden per call', async () => {
    server = await serve({ '/good': good, '/bad': bad });
    const c = client('strict');
    expect(await request(c, { method: 'GET', path: '/bad', schema: Model, operation: 'test.o' }, { validation: 'off' })).toEqual(bad);
    expect(await request(c, { method: 'GET', path: '/good', schema: Model, operation: 'test.o' }, { validation: 'passthrough' })).toEqual(good);
  });

  it('a schema mismatch is a ResponseValidationError with the issue path and the raw body', async () => {
    server = await serve({ '/bad': bad });
    const err = (await rejectionOf(request(client(), { method: 'GET', path: '/bad', schema: Model, operation: 'test.mismatch' }), leaks)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.code).toBe('response_validation');
    expect(err.operation).toBe('test.mismatch');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]!.path).toEqual(['tags', 1, 'k']);
    expect(err.message).toContain('tags.1.k');
    expect(err.message).toContain('test.mismatch');
    expect(err.body).toEqual(bad);
    expect(server.count('/bad')).toBe(1); // validation failures are not retried
  });

  it('invalid JSON is a ResponseValidationError keeping the raw text', async () => {
    server = await serve({});
    server.faults.push({ match: '/broken', fault: { kind: 'invalid-json', body: '{"id": "a", ' } });
    const err = (await rejectionOf(request(client(), { method: 'GET', path: '/broken', schema: Model, operation: 'test.json' }), leaks)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.body).toBe('{"id": "a", ');
    expect(err.issues[0]!.path).toEqual([]);
    expect(err.message).toMatch(/JSON/);
    expect(server.count('/broken')).toBe(1);
  });

  it('responseType text and none', async () => {
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello ${req.path}`);
    });
    const c = client();
    const text = await request<string>(c, { method: 'GET', path: '/t', operation: 'test.text', responseType: 'text' });
    expect(text).toBe('hello /t');
    expect(await request(c, { method: 'GET', path: '/n', operation: 'test.none', responseType: 'none' })).toBeUndefined();
    expect(server.count()).toBe(2);
  });

  it('zod/mini and valibot schemas validate over the wire and infer their output types', async () => {
    server = await serve({ '/good': good, '/bad': bad });
    const c = client();
    const Mini = zm.object({ id: zm.string(), n: zm.number(), tags: zm.array(zm.object({ k: zm.string() })) });
    const Vali = v.object({ id: v.string(), n: v.number(), tags: v.array(v.object({ k: v.string() })) });
    const a = await request(c, { method: 'GET', path: '/good', schema: Mini, operation: 'test.mini' });
    const b = await request(c, { method: 'GET', path: '/good', schema: Vali, operation: 'test.vali' });
    expectTypeOf(a).toEqualTypeOf<ModelT>();
    expectTypeOf(b).toEqualTypeOf<ModelT>();
    expect(a).toEqual({ id: 'a', n: 1, tags: [{ k: 'x' }] });
    expect(b).toEqual({ id: 'a', n: 1, tags: [{ k: 'x' }] });
    for (const schema of [Mini, Vali] as StandardSchemaV1<unknown, ModelT>[]) {
      const err = (await rejectionOf(request(c, { method: 'GET', path: '/bad', schema, operation: 'test.lib' }), leaks)) as ResponseValidationError;
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect(err.issues[0]!.path).toEqual(['tags', 1, 'k']);
    }
  });

  it('a transforming schema returns the transformed output in strict mode', async () => {
    server = await serve({ '/good': good });
    const Upper = z.object({ id: z.string().transform((s) => s.toUpperCase()), n: z.number() });
    const out = await request(client(), { method: 'GET', path: '/good', schema: Upper, operation: 'test.tx' });
    expectTypeOf(out).toEqualTypeOf<{ id: string; n: number }>();
    expect(out).toEqual({ id: 'A', n: 1 });
  });
});

describe('validate / validateAsync', () => {
  it('InferOutput gives the schema output type', () => {
    expectTypeOf<InferOutput<typeof Model>>().toEqualTypeOf<ModelT>();
    const Vali = v.object({ a: v.pipe(v.string(), v.transform(Number)) });
    expectTypeOf<InferOutput<typeof Vali>>().toEqualTypeOf<{ a: number }>();
  });

  it('validate refuses an async schema with a clear error; validateAsync accepts it', async () => {
    const AsyncSchema = z.object({ id: z.string() }).refine(async (x) => x.id !== 'no');
    expect(() => validate(AsyncSchema, { id: 'a' }, 'strict', 'op')).toThrow(/asynchronous/);
    await expect(validateAsync(AsyncSchema, { id: 'a', extra: 1 }, 'strict', 'op')).resolves.toEqual({ id: 'a' });
    const err = await rejectionOf(validateAsync(AsyncSchema, { id: 'no' }, 'strict', 'op'), leaks);
    expect(err).toBeInstanceOf(ResponseValidationError);
    await expect(validateAsync(AsyncSchema, { id: 'no' }, 'off')).resolves.toEqual({ id: 'no' });
  });

  it('issue paths with {key} segments (Standard Schema PathSegment) are flattened', () => {
    const schema: StandardSchemaV1<unknown, never> = {
      '~standard': { version: 1, vendor: 'test', validate: () => ({ issues: [{ message: 'nope', path: [{ key: 'a' }, 2, 'b'] }] }) },
    };
    try {
      validate(schema, {}, 'strict');
      throw new Error('should have thrown');
    } catch (err) {
      leaks.error(err);
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).issues[0]!.path).toEqual(['a', 2, 'b']);
    }
  });
});

it('no error or log line produced in this file contains the API key', () => {
  leaks.assertClean(API_KEY, 10);
});
