/**
 * createFile's `type` becomes the content part's Content-Type through a Blob, and a Blob drops a
 * type with any character outside printable ASCII (the File API's rule): `text/plaïn` or one with a
 * line break was uploaded as application/octet-stream while the `type` field claimed otherwise, and
 * a number was sent as its digits. Such a type is now an InvalidRequestError naming `type`, before sending.
 */
import { describe, expect, it } from 'vitest';
import { createFile } from '../../src/replicate/index.js';
import { bad, expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('createFile: a type a Blob cannot carry is refused', () => {
  for (const type of [5, 'text/plaïn', 'text/plain\r\nx-evil: 1', 'text/plain\u0000']) {
    it(`type ${JSON.stringify(type)}`, async () => {
      for (const content of ['x', new Blob(['x'], { type: 'text/plain' })]) {
        const err = await expectRefused(fx.rs.server, () => createFile(fx.client, { content, filename: 'a.txt', type: bad(type) }), /^type$/);
        expect(err.message).toMatch(/^replicate\.files\.create: type must be/);
      }
    });
  }

  it('a printable-ASCII type with parameters is sent as given', async () => {
    const f = await createFile(fx.client, { content: 'x', filename: 'a.txt', type: 'text/csv; header=present' });
    expect(f.content_type).toMatch(/^text\/csv; ?header=present$/);
  });
});
