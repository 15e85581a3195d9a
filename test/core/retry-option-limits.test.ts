/**
 * createClient's numeric retry options (docs/core.md: "a number out of range ... is refused by
 * createClient with InvalidRequestError (path = the option)"): maxRetries is a whole number,
 * jitter a fraction from 0 to 1, and every limit is inclusive.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, createClient, type RetryOptions } from '../../src/index.js';

const make = (retry: RetryOptions) => createClient({ baseURL: 'http://127.0.0.1:1', retry });

function pathOfRefusal(retry: RetryOptions): string | undefined {
  try {
    make(retry);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    return (err as InvalidRequestError).path;
  }
  return undefined;
}

it('maxRetries must be a whole number', () => {
  expect(pathOfRefusal({ maxRetries: 1.5 })).toBe('retry.maxRetries');
  expect(pathOfRefusal({ maxRetries: 0 })).toBeUndefined();
  expect(pathOfRefusal({ maxRetries: 3 })).toBeUndefined();
});

it('jitter goes from 0 to 1 inclusive', () => {
  expect(pathOfRefusal({ jitter: 0 })).toBeUndefined();
  expect(pathOfRefusal({ jitter: 1 })).toBeUndefined();
  expect(pathOfRefusal({ jitter: 1.01 })).toBe('retry.jitter');
  expect(pathOfRefusal({ jitter: -0.1 })).toBe('retry.jitter');
});

it('the delays refuse a negative value, naming the option', () => {
  expect(pathOfRefusal({ initialDelayMs: -1 })).toBe('retry.initialDelayMs');
  expect(pathOfRefusal({ maxDelayMs: -1 })).toBe('retry.maxDelayMs');
});
