/**
 * Bytes made in another JavaScript realm (a `node:vm` context, an iframe, a Jest test environment,
 * where `await req.arrayBuffer()` returns the host's ArrayBuffer) are still a Uint8Array or an
 * ArrayBuffer: `instanceof` against this realm's constructors misses them. verifyWebhook must verify
 * such a raw body, and createFile must upload it, instead of refusing it as "not a parsed object" or
 * "must be a … Uint8Array …, got a Uint8Array".
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createFile, verifyWebhook } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const ID = 'msg_realm';
const BODY = JSON.stringify({ id: 'p1', status: 'succeeded', output: 'café' });
const headers = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': `v1,${createHmac('sha256', KEY).update(`${ID}.${TS}.${BODY}`).digest('base64')}` };

/** The UTF-8 bytes of `text` in a Uint8Array / ArrayBuffer of a new realm. */
const foreignBytes = (text: string): Uint8Array => {
  const bytes = runInNewContext(`new Uint8Array(${JSON.stringify([...Buffer.from(text)])})`) as Uint8Array;
  expect(bytes instanceof Uint8Array).toBe(false); // really from another realm
  return bytes;
};
const foreignBuffer = (text: string): ArrayBuffer => foreignBytes(text).buffer as ArrayBuffer;

describe('verifyWebhook: a raw body from another realm', () => {
  it('verifies a Uint8Array body', async () => {
    await expect(verifyWebhook({ headers, body: foreignBytes(BODY) }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('verifies an ArrayBuffer body', async () => {
    const body = foreignBuffer(BODY);
    expect(body instanceof ArrayBuffer).toBe(false);
    await expect(verifyWebhook({ headers, body }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('still refuses a tampered foreign body', async () => {
    await expect(verifyWebhook({ headers, body: foreignBytes(`${BODY} `) }, SECRET, { now: NOW })).rejects.toThrow(/no webhook signature matched/);
  });
});

describe('createFile: content from another realm', () => {
  const fx = useReplicate();
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('uploads a Uint8Array byte for byte', async () => {
    const file = await createFile(fx.client, { content: foreignBytes('realm bytes'), filename: 'a.bin' });
    expect(file.size).toBe(11);
    expect(file.checksums?.sha256).toBe(sha256('realm bytes'));
  });

  it('uploads an ArrayBuffer byte for byte', async () => {
    const file = await createFile(fx.client, { content: foreignBuffer('realm buffer'), filename: 'b.bin' });
    expect(file.checksums?.sha256).toBe(sha256('realm buffer'));
  });
});
