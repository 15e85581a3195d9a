/**
 * createFile builds the multipart upload from every content form its type allows (Blob, File,
 * Uint8Array, ArrayBuffer, string), with the content type and file name the caller meant:
 * `type` overrides a Blob's own type, a File's own name is the default filename, then `file`.
 * downloadFile refuses incomplete signed-URL parameters before sending, naming the one that is wrong.
 * The fake Replicate parses the multipart body with the platform's own FormData parser.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createFile, deleteFile, downloadFile, getFile } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { ON_BUN } from '../helpers/runtime.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

const uploads = () => fx.rs.server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');
const lastUpload = () => uploads().at(-1)!;
/** The value of a plain (non-file) multipart field of the last upload. */
function field(name: string): string | undefined {
  const m = new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(lastUpload().text());
  return m?.[1];
}

/** An InvalidRequestError with a path (each caller checks which), nothing sent. */
const refused = (call: () => Promise<unknown>): Promise<InvalidRequestError> => expectRefused(fx.rs.server, call, /^/);

describe('createFile: content type', () => {
  it('type overrides the type of a Blob', async () => {
    const f = await createFile(fx.client, { content: new Blob(['<svg/>'], { type: 'text/plain' }), filename: 'a.svg', type: 'image/svg+xml' });
    expect(f.content_type).toBe('image/svg+xml');
    expect(f.size).toBe(6); // the content itself, not an empty re-wrap
    expect(f.checksums?.sha256).toBe(createHash('sha256').update('<svg/>').digest('hex'));
    expect(field('type')).toBe('image/svg+xml');
  });

  it("a Blob keeps its own type when no type is given, or the same one is", async () => {
    for (const type of [undefined, 'image/png']) {
      const f = await createFile(fx.client, { content: new Blob([new Uint8Array([137, 80])], { type: 'image/png' }), filename: 'a.png', type });
      expect(f.content_type).toBe('image/png');
      expect(field('type')).toBe('image/png');
    }
  });

  it('a Blob without a type is sent as application/octet-stream', async () => {
    const f = await createFile(fx.client, { content: new Blob(['x']), filename: 'x.bin' });
    expect(f.content_type).toBe('application/octet-stream');
    expect(field('type')).toBe('application/octet-stream');
  });

  it('type applies to bytes and text content too', async () => {
    const bytes = await createFile(fx.client, { content: new Uint8Array([1, 2, 3]), filename: 'a.wav', type: 'audio/wav' });
    expect(bytes.content_type).toBe('audio/wav');
    const text = await createFile(fx.client, { content: '{"a":1}', filename: 'a.json', type: 'application/json' });
    // the part's header is the Blob's type, which Bun's Blob gives a charset; the spec's field is the type asked for
    expect(text.content_type).toMatch(ON_BUN ? /^application\/json(;charset=utf-8)?$/ : /^application\/json$/);
    expect(field('type')).toBe('application/json');
  });
});

describe('createFile: content forms', () => {
  it('uploads an ArrayBuffer byte for byte', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    const f = await createFile(fx.client, { content: bytes.buffer, filename: 'raw.bin' });
    expect(f.size).toBe(bytes.length);
    expect(f.checksums?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(f.content_type).toBe('application/octet-stream');
  });

  it('refuses missing params or content of another kind, with path content, before sending', async () => {
    for (const params of [undefined, null, 'hello']) {
      expect((await refused(() => createFile(fx.client, params as never))).path).toBe('content');
    }
    for (const content of [undefined, 42, { bytes: [1] }, [1, 2]]) {
      expect((await refused(() => createFile(fx.client, { content: content as never, filename: 'x' }))).path).toBe('content');
    }
  });
});

describe('createFile: file name', () => {
  it("uses a File's own name when no filename is given", async () => {
    const f = await createFile(fx.client, { content: new File(['hi'], 'notes.txt', { type: 'text/plain' }) });
    expect(f.name).toBe('notes.txt');
    expect(field('filename')).toBe('notes.txt');
  });

  it("an explicit filename wins over the File's own name", async () => {
    const f = await createFile(fx.client, { content: new File(['hi'], 'notes.txt'), filename: 'renamed.txt' });
    expect(f.name).toBe('renamed.txt');
    expect(field('filename')).toBe('renamed.txt');
  });

  it('names content without a name "file"', async () => {
    const f = await createFile(fx.client, { content: new Uint8Array([1]) });
    expect(f.name).toBe('file');
    expect(field('filename')).toBe('file');
  });

  it('refuses an empty filename or one that is not a string, with path filename, before sending', async () => {
    for (const filename of ['', 42, { toString: () => 'x' }]) {
      expect((await refused(() => createFile(fx.client, { content: 'x', filename: filename as never }))).path).toBe('filename');
    }
  });

  it('accepts a name that starts with U+FEFF (valid UTF-8; not taken for a byte order mark)', async () => {
    await createFile(fx.client, { content: 'x', filename: '\uFEFFbom.txt' });
    expect(field('filename')).toBe('\uFEFFbom.txt');
  });

  it('refuses a 256-byte name (the limit is 255 bytes)', async () => {
    expect((await refused(() => createFile(fx.client, { content: 'x', filename: 'a'.repeat(256) }))).path).toBe('filename');
  });
});

describe('createFile: metadata', () => {
  it('sends no metadata part when none is given', async () => {
    const f = await createFile(fx.client, { content: 'x', filename: 'x.txt' });
    expect(lastUpload().text()).not.toContain('name="metadata"');
    expect(f.metadata).toEqual({});
  });

  it('sends metadata as a JSON part, an empty object included', async () => {
    for (const metadata of [{ job: 42, tags: ['a'], nested: { ok: true } }, {}]) {
      const f = await createFile(fx.client, { content: 'x', filename: 'x.txt', metadata });
      // an object part of multipart/form-data is JSON by default (OpenAPI encoding), and says so
      // Bun's Blob adds ;charset=utf-8 to a JSON type
      expect(lastUpload().text()).toMatch(/name="metadata"; filename="blob"\r\nContent-Type: application\/json(;charset=utf-8)?\r\n/i);
      expect(f.metadata).toEqual(metadata);
    }
  });
});

describe('downloadFile: signed URL parameters', () => {
  it('sends owner, expiry and signature as query parameters', async () => {
    const f = await createFile(fx.client, { content: 'payload', filename: 'p.txt' });
    const bytes = await downloadFile(fx.client, f.id, { owner: 'acme', expiry: 1767225600, signature: 's/ig+n=' });
    expect(new TextDecoder().decode(bytes)).toBe('payload');
    const rec = fx.rs.server.requests.at(-1)!;
    expect(rec.path).toBe(`/v1/files/${f.id}/download`);
    expect(Object.fromEntries(rec.query)).toEqual({ owner: 'acme', expiry: '1767225600', signature: 's/ig+n=' });
    expect(rec.headers.accept).toBe('application/octet-stream');
  });

  it('refuses a missing or empty owner or signature, and an expiry that is not an integer, naming it, before sending', async () => {
    const good = { owner: 'acme', expiry: 1767225600, signature: 'c2ln' };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, owner: undefined }, 'owner'],
      [{ ...good, owner: '' }, 'owner'],
      [{ ...good, signature: undefined }, 'signature'],
      [{ ...good, signature: '..' }, 'signature'],
      [{ ...good, expiry: undefined }, 'expiry'],
      [{ ...good, expiry: '1767225600' }, 'expiry'],
      [{ ...good, expiry: 1767225600.5 }, 'expiry'],
      [{ ...good, expiry: Number.NaN }, 'expiry'],
    ];
    cases.push([undefined as never, 'owner'], [null as never, 'owner']);
    for (const [params, path] of cases) {
      const e = await refused(() => downloadFile(fx.client, 'f1', params as never));
      expect(e.path).toBe(path);
      expect(e.operation).toBe('replicate.files.download');
    }
  });

  it('refuses an id that is empty, "." or "..", naming id, for get, delete and download', async () => {
    for (const id of ['', '.', '..']) {
      expect((await refused(() => getFile(fx.client, id))).path).toBe('id');
      expect((await refused(() => deleteFile(fx.client, id))).path).toBe('id');
      expect((await refused(() => downloadFile(fx.client, id, { owner: 'acme', expiry: 1, signature: 's' }))).path).toBe('id');
    }
  });
});
