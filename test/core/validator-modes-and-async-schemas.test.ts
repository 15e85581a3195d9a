/**
 * validate() (what a stream checks each event with) and validateAsync() in each mode (src/core/schema.ts, docs/core.md
 * "Validated results"): `strict` gives the schema's output, `passthrough` the value itself once it
 * passed (no default filled in, no unknown key dropped), an invalid value is a
 * ResponseValidationError naming the operation and the path, whether the schema carries modelwire's
 * fast check or not; an asynchronous schema is awaited inside a call and refused outside one.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import { InvalidRequestError, ResponseValidationError, createClient, request, validateAsync, validate, type StandardSchemaV1 } from '../../src/index.js';
import { shapeSchema } from '../../src/core/shape.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';
import { thrownBy } from './_support.js';

const startServer = startTestServerPerTest();

type User = { id: string; mode: string };
/** The same schema with modelwire's fast check (a shape) and without it (zod/mini itself). */
const schemas: Array<[string, StandardSchemaV1<unknown, User>]> = [
  ['shapeSchema', shapeSchema<User>({ object: { id: 'string', mode: { default: 'string', value: 'a' } } })],
  ['zod/mini', zm.object({ id: zm.string(), mode: zm._default(zm.string(), 'a') })],
];

describe.each(schemas)('validate() with %s', (_name, schema) => {
  it('strict gives the output (unknown key dropped, default filled in), passthrough the value itself', () => {
    const body = { id: 'u1', extra: 1 };
    expect(validate(schema, body, 'strict', 'users.get')).toStrictEqual({ id: 'u1', mode: 'a' });
    expect(validate(schema, body, 'passthrough', 'users.get')).toBe(body);
    expect(validate(schema, body, 'passthrough')).toBe(body);
    // one schema answers the same for every value, not just the first (a shape's object check learns a key order)
    const check = (value: unknown): unknown => validate(schema, value, 'passthrough');
    const second = { id: 'u2', mode: 'b', more: true };
    expect(check(body)).toBe(body);
    expect(check(second)).toBe(second);
  });

  it('an invalid value is a ResponseValidationError with the operation and the path, in strict and passthrough', () => {
    for (const mode of ['strict', 'passthrough'] as const) {
      const err = thrownBy(() => validate(schema, { id: 7 }, mode, 'users.get')) as ResponseValidationError;
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect(err.operation).toBe('users.get');
      expect(err.issues.map((i) => i.path)).toEqual([['id']]);
      expect(err.body).toEqual({ id: 7 });
    }
  });

  it('off hands back anything unchecked', () => {
    const bad = { id: 7 };
    expect(validate(schema, bad, 'off', 'users.get')).toBe(bad);
    expect(validate(schema, bad, 'off')).toBe(bad);
  });
});

describe('issue paths from any Standard Schema', () => {
  const reporting = (issues: StandardSchemaV1.Issue[]): StandardSchemaV1<unknown, never> => ({
    '~standard': { version: 1, vendor: 'test', validate: () => ({ issues }) },
  });

  it('an issue without a path is at the root; symbol and number segments are kept as they are', () => {
    const sym = Symbol('s');
    const err = thrownBy(() => validate(reporting([{ message: 'bad root' }, { message: 'bad deep', path: [sym, 0, { key: 1 }] }]), {}, 'strict', 'op')) as ResponseValidationError;
    expect(err.issues).toEqual([
      { path: [], message: 'bad root' },
      { path: [sym, 0, 1], message: 'bad deep' },
    ]);
  });
});

describe('asynchronous schemas', () => {
  const Async = z.object({ id: z.string(), mode: z.string().default('a') }).refine(async (u) => u.id !== 'no');

  it('validateAsync: strict gives the output, passthrough the value itself, an invalid value is a ResponseValidationError with its path', async () => {
    const body = { id: 'u1', extra: 1 };
    await expect(validateAsync(Async, body, 'strict', 'op')).resolves.toStrictEqual({ id: 'u1', mode: 'a' });
    await expect(validateAsync(Async, body, 'passthrough', 'op')).resolves.toBe(body);
    const err = await validateAsync(Async, { id: 3 }, 'passthrough', 'users.get').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).operation).toBe('users.get');
    expect((err as ResponseValidationError).issues[0]!.path).toEqual(['id']);
  });

  it('validate() refuses one with an InvalidRequestError at path "schema" naming the operation, whatever the mode but off', () => {
    for (const fn of [() => validate(Async, { id: 'a' }, 'passthrough', 'users.get'), () => validate(Async, { id: 'a' }, 'strict', 'users.get')]) {
      const err = thrownBy(fn) as InvalidRequestError;
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect(err.path).toBe('schema');
      expect(err.operation).toBe('users.get');
      expect(err.message).toContain('users.get');
    }
    expect(validate(Async, { id: 'a' }, 'off')).toEqual({ id: 'a' });
  });

  it('request() awaits one in passthrough mode and hands back the body unchanged; an invalid body is a ResponseValidationError', async () => {
    const server = await startServer((req, res) => json(res, 200, req.path === '/bad' ? { id: 'no' } : { id: 'u1', extra: 1 }));
    const client = createClient({ baseURL: server.url, validation: 'passthrough' });
    await expect(request(client, { method: 'GET', path: '/good', schema: Async, operation: 'users.get' })).resolves.toStrictEqual({ id: 'u1', extra: 1 });
    await expect(request(client, { method: 'GET', path: '/good', schema: Async, operation: 'users.get' }, { validation: 'strict' })).resolves.toStrictEqual({ id: 'u1', mode: 'a' });
    const err = await request(client, { method: 'GET', path: '/bad', schema: Async, operation: 'users.get' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).operation).toBe('users.get');
  });
});
