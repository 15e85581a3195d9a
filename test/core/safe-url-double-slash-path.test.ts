/**
 * safeUrl hides the user info of the authority only: a path with a `//segment@…` in it (a mirror's
 * `/proxy//user@host/…`, an id with an @ after an empty segment) used to lose that segment's text up
 * to its @, as if it were user info, so APIError.url, ConnectionError messages and log lines named
 * a path the request never had.
 */
import { expect, it } from 'vitest';
import { safeUrl } from '../../src/index.js';

it.each([
  ['https://x.io/mirror//user@host/v1/models', 'https://x.io/mirror//user@host/v1/models'],
  ['https://x.io/a//b@c?key=s3cret', 'https://x.io/a//b@c?key=…'],
  ['http://127.0.0.1:8000//x@y/infer', 'http://127.0.0.1:8000//x@y/infer'],
  ['https://x.io/a#frag//u@v', 'https://x.io/a#frag//u@v'],
])('a path with //…@ is kept as it is: %s', (url, safe) => {
  expect(safeUrl(url)).toBe(safe);
});

it('the authority user info is still hidden when the path has //…@ too', () => {
  expect(safeUrl('https://u:p@x.io/a//b@c')).toBe('https://x.io/a//b@c');
  expect(safeUrl('https://user:pa@ss@x.io//u@v?k=1')).toBe('https://x.io//u@v?k=…');
  expect(safeUrl('HTTP://tok@x.io/a//b@c')).toBe('HTTP://x.io/a//b@c');
});
