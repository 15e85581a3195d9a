/**
 * A multipart form cannot carry a line break in a name as given: FormData rewrites a lone LF or CR
 * in the spec's `filename` field as CRLF, and the content part's filename as `%0A`/`%0D`. A name
 * with one was uploaded and stored under another name than the one given; it is now refused, naming
 * `filename`, before the body is sent. Other characters (quotes, backslashes, tabs, non-ASCII) go
 * through unchanged in the `filename` field.
 */
import { describe, expect, it } from 'vitest';
import { createFile } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
/** The `filename` field of the last upload, as it went over the wire. */
const sentFilename = () => /name="filename"\r\n\r\n([\s\S]*?)\r\n--/.exec(fx.rs.server.requests.filter((r) => r.path === '/v1/files').at(-1)!.text())?.[1];

describe('createFile: a filename with a line break', () => {
  for (const filename of ['a\nb.txt', 'a\rb.txt', 'a\r\nb.txt', 'report.txt\n']) {
    it(`refuses ${JSON.stringify(filename)} before sending`, async () => {
      const err = await expectRefused(fx.rs.server, () => createFile(fx.client, { content: 'x', filename }), /^filename$/);
      expect(err.message).toMatch(/line break/);
    });
  }

  it('sends quotes, a backslash, a tab and non-ASCII as given', async () => {
    const filename = 'a "quoted"\\\tnamé 文件.txt';
    await createFile(fx.client, { content: 'x', filename });
    expect(sentFilename()).toBe(filename);
  });
});
