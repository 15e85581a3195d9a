/**
 * createClient refusing a baseURL never quotes a credential, however the user-info is spelled.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, createClient } from '../../src/index.js';
import { textsOf } from './_leak.js';
import { thrownBy } from './_support.js';

const KEY = 'sk-audit-baseurl-userinfo-77';

describe('createClient rejecting a baseURL with credentials', () => {
  it('does not quote the password of https:user:KEY@host', () => {
    expect(new URL(`https:user:${KEY}@api.example.com/v1`).password).toBe(KEY);
    const err = thrownBy(() => createClient({ baseURL: `https:user:${KEY}@api.example.com/v1` }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  });

  it('does not quote any part of a password that contains @', () => {
    const password = `pre@${KEY}`;
    expect(decodeURIComponent(new URL(`https://user:${password}@api.example.com/v1`).password)).toBe(password);
    const err = thrownBy(() => createClient({ baseURL: `https://user:${password}@api.example.com/v1` }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  });
});

describe('createClient rejecting a baseURL that is not a string', () => {
  // a URL object is refused (the option is a string), but its text was quoted whole, credentials and query included
  it('does not quote the credentials or query values of a URL object', () => {
    for (const baseURL of [new URL(`https://user:${KEY}@api.example.com/v1`), new URL(`https://api.example.com/v1?key=${KEY}`)]) {
      const err = thrownBy(() => createClient({ baseURL: baseURL as unknown as string }));
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as Error).message).toMatch(/baseURL must/);
      expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
    }
  });
});
