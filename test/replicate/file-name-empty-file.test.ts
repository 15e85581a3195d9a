/**
 * createFile's `filename` defaults to a File's own name, else `file` (docs/replicate.md). A File
 * with an empty name has none: a server's `await request.formData()` gives one for a part sent with
 * `filename=""` (Bun's FormData writes that), so a handler passing an uploaded File on was refused
 * with "filename must be 1 to 255 bytes …, got """, naming a filename it never gave. It uploads as
 * `file`; an empty `filename` given explicitly is still refused.
 */
import { expect, it } from 'vitest';
import { createFile } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

it('a File with an empty name uploads under the default name "file"', async () => {
  const file = await createFile(fx.client, { content: new File(['hello'], '', { type: 'text/plain' }) });
  expect(file.name).toBe('file');
  expect(file.size).toBe(5);
  const upload = fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files').at(-1)!;
  const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': String(upload.headers['content-type']) }, body: new Uint8Array(upload.body) }).formData();
  expect(form.get('filename')).toBe('file');
  fx.rs.conformance.assertNoViolations();
});

it('a File with a name keeps it, and an empty filename given explicitly is refused naming filename', async () => {
  expect((await createFile(fx.client, { content: new File(['x'], 'cat.txt') })).name).toBe('cat.txt');
  await expectRefused(fx.rs.server, () => createFile(fx.client, { content: new File(['x'], 'cat.txt'), filename: '' }), /^filename$/);
});
