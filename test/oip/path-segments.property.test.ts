/**
 * Model names and versions in OIP paths (src/oip/connection.ts modelPath, via core pathSegment): any
 * name the SDK accepts becomes exactly one path segment that a real URL parser decodes back to the
 * name (no `/`, `?`, `#`, `%` or dot segment can move the request to another endpoint); a name it
 * cannot put in a URL is refused with a typed error naming the field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { modelPath } from '../../src/oip/index.js';
import { props } from '../helpers/property.js';

const tricky = fc.constantFrom('/', '?', '#', '%', '%2F', '.', '..', ' ', '\\', '@', ':', ';', '+', '&', '=', 'é', '\u6f22', '\ud83d\ude00', '\u0000', '\n');
const name = fc.oneof(
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 5 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), // any code point
  fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 0xd800, max: 0xdfff })).map(([s, c]) => s + String.fromCharCode(c)), // a lone surrogate
);

describe('OIP model paths', () => {
  it('a name and version become one segment each, decoded back by the URL parser', () => {
    fc.assert(
      fc.property(name, fc.option(name, { nil: undefined }), (model, version) => {
        let path: string;
        try {
          path = modelPath(model, version);
        } catch (error) {
          // refused: only what cannot be one segment (empty, '.', '..') or be put in a URL (a lone surrogate)
          expect(error, `${JSON.stringify(model)} ${JSON.stringify(version)}`).toBeInstanceOf(InvalidRequestError);
          expect((error as InvalidRequestError).path).toMatch(/^(model|version)$/);
          const bad = (s: string | undefined) => s !== undefined && (/^\.{0,2}$/.test(s) || /\p{Cs}/u.test(s));
          expect(bad(model) || bad(version)).toBe(true);
          return;
        }
        const url = new URL(`http://127.0.0.1:1/base${path}/infer`);
        const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
        expect(segments).toEqual(['base', 'v2', 'models', model, ...(version ? ['versions', version] : []), 'infer']);
        expect(url.search + url.hash).toBe('');
      }),
      props(0x9a7, 2000),
    );
  });
});
