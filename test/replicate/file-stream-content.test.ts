/**
 * createFile given a stream (a web ReadableStream, a Node Readable such as fs.createReadStream):
 * docs/replicate.md says a stream is refused and how to pass it (read it into a Blob first), but
 * the refusal only said "got a ReadableStream" (or "got a ReadStream"), with no way forward. It now
 * says the content is a stream and how to read it, names content, sends nothing and leaves the
 * stream unread.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createFile } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('createFile: stream content', () => {
  it('a web ReadableStream or a Node Readable is refused with the way to pass it, and left unread', async () => {
    const posts = () => fx.rs.server.count((r) => r.method === 'POST' && r.path === '/v1/files');
    const before = posts();
    const web = new Blob(['hello']).stream();
    const node = Readable.from([Buffer.from('hello')]);
    for (const content of [web, node]) {
      const err = await rejectionAs(createFile(fx.client, { content: content as never, filename: 'a.txt' }), InvalidRequestError);
      expect(err.path).toBe('content');
      expect(err.message).toMatch(/^replicate\.files\.create: content is a stream/);
      expect(err.message).toContain('await new Response(stream).blob()');
    }
    expect(posts()).toBe(before);
    expect(web.locked).toBe(false);
    // the advice works: the stream read into a Blob uploads
    const f = await createFile(fx.client, { content: await new Response(web).blob(), filename: 'a.txt' });
    expect(f.size).toBe(5);
  });
});
