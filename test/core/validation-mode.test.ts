/**
 * Option checks: a validation mode that is not one of the three is refused (client and call), and
 * so is a retry budget with a NaN setting (as from `Number(process.env.X)` of an unset X).
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient, createRetryBudget, request, type ValidationMode } from '../../src/index.js';
import * as z from 'zod/mini';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('validation mode is checked', () => {
  it('createClient refuses an unknown validation mode', () => {
    expect(() => createClient({ baseURL: 'http://127.0.0.1:1', validation: 'none' as ValidationMode })).toThrow(InvalidRequestError);
  });

  it('refuses a mode that only reads as one when turned into a string (["off"], a String object)', () => {
    for (const mode of [['off'], new String('strict')]) {
      expect(() => createClient({ baseURL: 'http://127.0.0.1:1', validation: mode as unknown as ValidationMode })).toThrow(InvalidRequestError);
    }
  });

  it('a call refuses an unknown validation mode instead of silently validating strictly', async () => {
    const server = await startServer((_req, res) => json(res, 200, { id: 1 }));
    const client = createClient({ baseURL: server.url });
    let err: unknown;
    try {
      await request(client, { method: 'GET', path: '/x', schema: z.object({ id: z.string() }), operation: 'audit.get' }, { validation: 'Off' as ValidationMode });
    } catch (e) {
      err = e;
    }
    // before the fix: ResponseValidationError after the request was sent (the 'Off' mode was read as 'strict')
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('validation');
  });
});

describe('a retry budget with a NaN setting', () => {
  it('is refused, naming the setting (it used to allow no retry, in silence)', () => {
    for (const [path, options] of [
      ['capacity', { capacity: Number.NaN }],
      ['refillPerSuccess', { capacity: 1, refillPerSuccess: Number.NaN }],
    ] as const) {
      expect(() => createRetryBudget(options)).toThrow(InvalidRequestError);
      expect(() => createRetryBudget(options)).toThrow(path);
    }
  });
});
