/**
 * `POST /files` (spec ../shared/specs/replicate/openapi.json, `files.create`): "`filename`: The
 * filename (required, ≤ 255 bytes, valid UTF-8)". createFile checks the name before uploading, but
 * counts UTF-16 code units, not UTF-8 bytes: a 200-character accented name (400 bytes) passes and
 * the whole body (up to 100 MB) is uploaded for Replicate to refuse. A name with a lone surrogate
 * (not valid UTF-8) is not refused either: FormData silently writes U+FFFD in its place, so the file
 * is stored under another name than the one given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createFile } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const box = {} as { server: TestServer };
beforeAll(async () => {
  // answers every upload with a plausible file, so a name that slips through is accepted, not masked
  box.server = await startTestServer((req, res) => json(res, 201, { id: `f${req.index}`, size: req.body.length, urls: { get: 'https://api.replicate.com/v1/files/f' } }));
});
afterAll(() => box.server.close());
const client = () => createClient({ baseURL: box.server.url, retry: false });

async function refusal(call: () => Promise<unknown>): Promise<{ error: unknown; sent: string[] }> {
  const before = box.server.requests.length;
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, sent: box.server.requests.slice(before).map((r) => `${r.method} ${r.path}`) };
}

describe('createFile: filename limits per the spec (≤ 255 bytes of valid UTF-8), checked before the upload', () => {
  it('refuses a 200-character name of 2-byte characters (400 UTF-8 bytes) before sending anything', async () => {
    const name = 'é'.repeat(200);
    expect(new TextEncoder().encode(name).length).toBe(400);
    const { error, sent } = await refusal(() => createFile(client(), { content: new Uint8Array(1024), filename: name }));
    expect(sent).toEqual([]);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).path).toBe('filename');
  });

  it('refuses the same limit on a File whose own name is too long in bytes', async () => {
    const file = new File([new Uint8Array(8)], `${'日本'.repeat(50)}.png`, { type: 'image/png' }); // 104 characters, 304 bytes
    const { error, sent } = await refusal(() => createFile(client(), { content: file }));
    expect(sent).toEqual([]);
    expect((error as InvalidRequestError | undefined)?.path).toBe('filename');
  });

  it('still accepts a 255-byte ASCII name and a short non-ASCII one', async () => {
    for (const filename of ['a'.repeat(255), 'café.png']) {
      const { error, sent } = await refusal(() => createFile(client(), { content: 'x', filename }));
      expect(error).toBeUndefined();
      expect(sent).toEqual(['POST /files']);
      const rec = box.server.requests.at(-1)!;
      expect(rec.text()).toContain(`name="filename"\r\n\r\n${filename}\r\n`);
    }
  });

  it('refuses a name that is not valid UTF-8 (a lone surrogate) instead of uploading it as U+FFFD', async () => {
    const name = 'photo-\uD83D.png'; // half of an emoji
    const { error, sent } = await refusal(() => createFile(client(), { content: 'x', filename: name }));
    const uploadedAs = sent.length ? /name="filename"\r\n\r\n([^\r]*)\r\n/.exec(box.server.requests.at(-1)!.text())?.[1] : undefined;
    expect({ sent, uploadedAs }).toEqual({ sent: [], uploadedAs: undefined });
    expect((error as InvalidRequestError | undefined)?.path).toBe('filename');
  });
});
