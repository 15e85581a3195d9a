/**
 * A refusal's message says which field was wrong (docs/core.md: errors name the option or field),
 * not only its `path`: a message is what a log line or an uncaught error shows. Checked for a
 * header value, a query value, the schema, a body JSON cannot carry, the validation mode and a
 * baseURL (which is quoted when it carries no `@`, so the user sees what was given).
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, buildUrl, createClient, request, type Transport, type ValidationMode } from '../../src/index.js';
import { rejectionAs, thrownAs } from './_support.js';

const transport: Transport = async () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
const client = createClient({ baseURL: 'http://127.0.0.1:1', transport, retry: false });

const refusalOf = (p: Promise<unknown>): Promise<InvalidRequestError> => rejectionAs(p, InvalidRequestError);

it('a per-call header that is no string names the header', async () => {
  const err = await refusalOf(request(client, { method: 'GET', path: '/m', operation: 'test.h' }, { headers: { 'X-Team': {} as unknown as string } }));
  expect(err.message).toContain('headers.X-Team');
  expect(err.path).toBe('headers.X-Team');
});

it('a query value that is an object names the key', () => {
  const err = thrownAs(() => buildUrl(client, '/m', { filter: { a: 1 } as unknown as string }), InvalidRequestError);
  expect(err.message).toContain('query.filter');
});

it('a schema that is no Standard Schema is named in the message', async () => {
  const err = await refusalOf(request(client, { method: 'GET', path: '/m', operation: 'test.s', schema: { parse: () => 1 } as never }));
  expect(err.message).toMatch(/schema/);
  expect(err.operation).toBe('test.s');
});

it('a body JSON cannot carry names the body and the reason', async () => {
  const err = await refusalOf(request(client, { method: 'POST', path: '/m', operation: 'test.b', body: { n: 10n } }));
  expect(err.path).toBe('body');
  expect(err.message).toMatch(/body/);
  expect(err.message).toMatch(/BigInt/);
});

it('an unknown validation mode is named with the value given', async () => {
  const err = await refusalOf(request(client, { method: 'GET', path: '/m', operation: 'test.v' }, { validation: 'lenient' as ValidationMode }));
  expect(err.path).toBe('validation');
  expect(err.message).toMatch(/validation/);
  expect(err.message).toContain('lenient');
});

it('a baseURL without an @ is quoted in its refusal; one with an @ is not', () => {
  const messageOf = (baseURL: string): string => {
    try {
      createClient({ baseURL });
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected a refusal');
  };
  expect(messageOf('ftp://files.example.test/v1')).toContain('ftp://files.example.test/v1');
  const withAt = messageOf('https:user:sk-at-5e1@api.example.test');
  expect(withAt).not.toContain('sk-at-5e1');
  expect(withAt).toMatch(/@/);
});
