/**
 * A `shouldFallback` that returns a promise (an `async` one, plain JavaScript: the type says
 * boolean) would read as true, so every error, a 4xx too, would fail over. withFallback refuses it
 * when it answers (src/core/fallback.ts): an InvalidRequestError naming `shouldFallback`, with the
 * source's error as its cause, and the fallback is not asked.
 */
import { expect, it } from 'vitest';
import { BadRequestError, InvalidRequestError } from '../../src/core/errors.js';
import { withFallback } from '../../src/core/fallback.js';
import { bad } from './_misuse.js';

it('an async shouldFallback is refused at its first answer, the source error kept as the cause', async () => {
  let fallbackCalls = 0;
  const primary = {
    infer: async (): Promise<string> => {
      throw new BadRequestError({ status: 400 });
    },
  };
  const fallback = {
    infer: async (): Promise<string> => {
      fallbackCalls++;
      return 'local';
    },
  };
  const target = withFallback(primary, fallback, { shouldFallback: bad(async (e: unknown) => !(e instanceof BadRequestError)) });
  const err = await target.infer().then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect((err as InvalidRequestError).path).toBe('shouldFallback');
  expect((err as Error).message).toContain('must return a boolean');
  expect((err as Error).cause).toBeInstanceOf(BadRequestError);
  expect(fallbackCalls).toBe(0);
});
