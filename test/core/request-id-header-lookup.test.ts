/**
 * requestIdOf (middleware.ts): the server's request id is looked up in `x-request-id`,
 * `request-id`, `x-amzn-requestid`, `x-baseten-request-id`, `cf-ray`, `x-trace-id`, in that order; an empty value is no id.
 * It is the id APIError.requestId, logs and requestIdMiddleware report.
 */
import { expect, it } from 'vitest';
import { requestIdOf } from '../../src/index.js';

it('finds the id under each header the platforms use', () => {
  for (const name of ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-baseten-request-id', 'cf-ray', 'x-trace-id']) {
    expect(requestIdOf(new Headers({ [name]: `id-of-${name}`, 'x-other': 'no' }))).toBe(`id-of-${name}`);
  }
  expect(requestIdOf(new Headers({ 'x-other': 'no' }))).toBeUndefined();
});

it('takes the first header of the list when several are present, skipping empty ones', () => {
  const all = { 'x-trace-id': 't', 'cf-ray': 'c', 'x-amzn-requestid': 'a', 'request-id': 'r', 'x-request-id': 'x' };
  expect(requestIdOf(new Headers(all))).toBe('x');
  expect(requestIdOf(new Headers({ ...all, 'x-request-id': '' }))).toBe('r');
  expect(requestIdOf(new Headers({ 'x-trace-id': 't', 'cf-ray': 'c', 'x-amzn-requestid': 'a', 'x-baseten-request-id': 'b' }))).toBe('a');
  expect(requestIdOf(new Headers({ 'x-trace-id': 't', 'cf-ray': 'c', 'x-baseten-request-id': 'b' }))).toBe('b');
  expect(requestIdOf(new Headers({ 'x-trace-id': 't', 'cf-ray': 'c' }))).toBe('c');
});
