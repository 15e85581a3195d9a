/**
 * safeUrl drops user info up to the authority's last `@`, as the WHATWG URL parser reads it: a
 * password holding an `@` kept what followed it in the message or log line. Found by
 * test/core/safe-url.property.test.ts.
 */
import { expect, it } from 'vitest';
import { safeUrl } from '../../src/index.js';

it('a password with an @ leaves nothing of itself behind', () => {
  const url = 'https://user:pa@ss-word-91f2@x.io/v1/models?cursor=c2';
  expect(new URL(url).password).toBe('pa%40ss-word-91f2');
  expect(safeUrl(url)).toBe('https://x.io/v1/models?cursor=…'); // before the fix: 'https://ss-word-91f2@x.io/v1/models?cursor=…'
});

it('an @ in the path after the authority is kept', () => {
  expect(safeUrl('https://x.io/v1/users/a@b?k=v')).toBe('https://x.io/v1/users/a@b?k=…');
  expect(safeUrl('https://u:p@x.io/v1/users/a@b')).toBe('https://x.io/v1/users/a@b');
});
