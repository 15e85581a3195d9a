/**
 * safeUrl (src/core/transport-fetch.ts), which puts URLs into error messages and log lines: for any
 * URL with user info and a query, as the WHATWG URL parser reads it, the result holds neither the
 * password, the user name nor any query value, and keeps the host, the path and the query's names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../src/index.js';
import { props } from '../helpers/property.js';

/** Text made of characters that mark it (capitals never appear in host, path or names here). */
const marked = (mark: string) => fc.string({ unit: fc.constantFrom('q', 'z', '1', '!', '$', ':', '@', '%40', ';', '='), minLength: 3, maxLength: 10 }).map((s) => `${mark}${s}`);

const url = fc.record({
  user: fc.option(marked('U'), { nil: undefined }),
  password: fc.option(marked('P'), { nil: undefined }),
  host: fc.constantFrom('api.example.com', '127.0.0.1:8080', 'x.io'),
  path: fc.array(fc.constantFrom('v1', 'models', 'a@b', 'm:1', '%2F'), { maxLength: 3 }),
  query: fc.array(fc.tuple(fc.constantFrom('key', 'cursor', 'sig', 'a'), marked('V')), { maxLength: 3 }),
});

describe('safeUrl', () => {
  it('hides user info and query values of any URL, keeping host, path and query names', () => {
    fc.assert(
      fc.property(url, (u) => {
        const userinfo = u.user !== undefined || u.password !== undefined ? `${u.user ?? ''}${u.password !== undefined ? `:${u.password}` : ''}@` : '';
        const text = `https://${userinfo}${u.host}/${u.path.join('/')}${u.query.length ? `?${u.query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
        const parsed = new URL(text); // the reference: what a client sends, and where
        const out = safeUrl(text);
        // user names, passwords and query values start with U, P and V, which nothing else here holds
        expect(out, `${text} -> ${out}`).not.toMatch(/[UPV]/);
        expect(out.startsWith(`https://${parsed.host}${parsed.pathname}`), `${text} -> ${out}`).toBe(true);
        expect([...new URL(out).searchParams.keys()]).toEqual([...parsed.searchParams.keys()]);
      }),
      props(0x5afe, 1000),
    );
  });
});
