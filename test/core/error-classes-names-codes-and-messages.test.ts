/**
 * The error classes themselves (docs/core.md "Errors"): each has its documented stable `code` and is
 * named after its class, the fields it is built with are kept, `APIError` without a message still
 * says which status, and a ResponseValidationError's message names the operation and where the
 * body was wrong (the first three issues, then how many more).
 */
import { describe, expect, it } from 'vitest';
import {
  APIError,
  AbortError,
  CircuitOpenError,
  ConnectionError,
  InvalidRequestError,
  LocalModelError,
  ModelwireError,
  ResponseValidationError,
  StreamError,
  TimeoutError,
  WebhookVerificationError,
  isModelwireError,
  type ErrorCode,
} from '../../src/index.js';

describe('errors that are not HTTP statuses', () => {
  const cases: Array<[string, ErrorCode, () => ModelwireError, Record<string, unknown>]> = [
    ['ConnectionError', 'connection', () => new ConnectionError('refused', { requestMayHaveReachedServer: false }), { requestMayHaveReachedServer: false }],
    ['TimeoutError', 'timeout', () => new TimeoutError('late', { timeoutMs: 250 }), { timeoutMs: 250 }],
    ['AbortError', 'aborted', () => new AbortError('stop'), {}],
    ['ResponseValidationError', 'response_validation', () => new ResponseValidationError([{ path: ['a'], message: 'bad' }], { a: 1 }), { body: { a: 1 } }],
    ['StreamError', 'stream', () => new StreamError('cut', { event: { error: 'x' } }), { event: { error: 'x' } }],
    ['InvalidRequestError', 'invalid_request', () => new InvalidRequestError('wrong', { path: 'inputs[0].data' }), { path: 'inputs[0].data' }],
    ['LocalModelError', 'local_model', () => new LocalModelError('no model', { model: 'mlp' }), { model: 'mlp' }],
    ['CircuitOpenError', 'circuit_open', () => new CircuitOpenError('open', { retryAtMs: 1234 }), { retryAtMs: 1234 }],
    ['WebhookVerificationError', 'webhook_verification', () => new WebhookVerificationError('bad signature'), {}],
  ];

  it.each(cases)('%s has code %s, its class name as name, and keeps its own field', (name, code, make, fields) => {
    const err = make();
    expect(err.code).toBe(code);
    expect(err.name).toBe(name);
    expect(String(err).startsWith(`${name}: `)).toBe(true);
    expect(err.toJSON()).toMatchObject({ name, code });
    expect(err).toMatchObject(fields);
    expect(isModelwireError(err)).toBe(true);
  });

  it('name is not an own enumerable field, and can be reassigned like any Error name', () => {
    const err = new TimeoutError('late', { timeoutMs: 1, operation: 'op', attempts: 2 });
    expect(Object.keys(err)).not.toContain('name');
    err.name = 'Renamed';
    expect(err.name).toBe('Renamed');
    expect(err).toBeInstanceOf(TimeoutError); // the brand, not the name, decides instanceof
  });

  it('an AbortError built without a message still says it was aborted', () => {
    expect(new AbortError().message).toMatch(/abort/i);
  });
});

describe('APIError without a message', () => {
  it('says which status it was, and has empty headers when none were given', () => {
    for (const status of [404, 418, 503]) {
      const err = APIError.fromStatus({ status });
      expect(err.message).toContain(String(status));
      expect(err.headers).toEqual({});
    }
  });
});

describe('ResponseValidationError message', () => {
  const issue = (path: PropertyKey[], message: string) => ({ path, message });

  it('starts with the operation, or with "response" when there is none', () => {
    const issues = [issue(['id'], 'Required')];
    expect(new ResponseValidationError(issues, {}, { operation: 'oip.infer' }).message.startsWith('oip.infer ')).toBe(true);
    expect(new ResponseValidationError(issues, {}).message.startsWith('response ')).toBe(true);
  });

  it('names each issue by its dotted path, and the root as (root)', () => {
    const err = new ResponseValidationError([issue(['outputs', 0, 'shape'], 'Expected array'), issue([], 'Expected object')], null, { operation: 'op' });
    expect(err.message).toContain('outputs.0.shape: Expected array; (root): Expected object');
    expect(err.message.endsWith('(root): Expected object')).toBe(true);
  });

  it('shows at most three issues and counts the rest', () => {
    const issues = ['a', 'b', 'c', 'd', 'e'].map((k) => issue([k], `bad ${k}`));
    const three = new ResponseValidationError(issues.slice(0, 3), {}, { operation: 'op' });
    expect(three.message).toContain('a: bad a; b: bad b; c: bad c');
    expect(three.message).not.toMatch(/more/);
    expect(three.message.endsWith('c: bad c')).toBe(true);

    const four = new ResponseValidationError(issues.slice(0, 4), {}, { operation: 'op' });
    expect(four.message).not.toContain('d: bad d');
    expect(four.message).toContain('(+1 more)');

    const five = new ResponseValidationError(issues, {}, { operation: 'op' });
    expect(five.message).toContain('a: bad a; b: bad b; c: bad c (+2 more)');
    expect(five.message).not.toContain('bad d');
    expect(five.message).not.toContain('bad e');
    // every issue is still on the error, and in toJSON
    expect(five.issues).toHaveLength(5);
    expect((five.toJSON().issues as unknown[]).length).toBe(5);
  });
});
