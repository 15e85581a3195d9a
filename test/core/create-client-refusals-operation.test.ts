/**
 * Every refusal of createClient names its operation: the ones it makes itself (a baseURL, a
 * `logger` option, a key or auth prefix that is no header value, middleware that is no array)
 * carry `operation: 'createClient'` like those of its option checks (a misspelt name, a number
 * out of range), in the error and in its toJSON(); they once carried none.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, createClient, type ClientOptions } from '../../src/index.js';
import { thrownAs } from './_support.js';

const refusalOf = (options: unknown): InvalidRequestError => thrownAs(() => createClient(options as ClientOptions), InvalidRequestError);

it.each([
  ['baseURL', { baseURL: 'ftp://files.example.test' }],
  ['baseURL', undefined],
  ['logger', { baseURL: 'http://127.0.0.1:1', logger: console }],
  ['apiKey', { baseURL: 'http://127.0.0.1:1', apiKey: 'sk-line\nbreak' }],
  ['authHeader.prefix', { baseURL: 'http://127.0.0.1:1', apiKey: 'k', authHeader: { name: 'x-api-key', prefix: 'a\nb' } }],
  ['middleware', { baseURL: 'http://127.0.0.1:1', middleware: () => undefined }],
  ['timeoutMS', { baseURL: 'http://127.0.0.1:1', timeoutMS: 5 }],
])('%s: operation createClient, in the error and its toJSON()', (path, options) => {
  const err = refusalOf(options);
  expect(err.path).toBe(path);
  expect(err.message).toMatch(new RegExp(`^createClient: ${path.replace('.', '\\.')} `));
  expect(err.operation).toBe('createClient');
  expect(err.toJSON()).toMatchObject({ operation: 'createClient', code: 'invalid_request' });
});
