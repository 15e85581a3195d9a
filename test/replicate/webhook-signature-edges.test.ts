/**
 * verifyWebhook at its edges: the tolerance boundary (exactly `toleranceSeconds` away passes, as in
 * the Standard Webhooks reference), a timestamp that is not a plain number of seconds even when the
 * signature over it is right, a truncated signature, every body and header form the types allow,
 * and the typed error (never a TypeError) for a request or secret of the wrong shape.
 * Signatures come from node:crypto, an implementation independent of the code under test.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook, type WebhookRequest } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const TS = NOW / 1000;
const ID = 'msg_2b3c4d';
const BODY = JSON.stringify({ id: 'p1', status: 'succeeded', output: 'done' });

function sign(id: string, ts: number | string, body: string | Uint8Array, key: Buffer = KEY): string {
  return createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64');
}
function signedHeaders(ts: number | string = TS, id = ID, body: string | Uint8Array = BODY): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sign(id, ts, body)}` };
}

async function rejection(p: Promise<unknown>): Promise<WebhookVerificationError> {
  const err = await rejectionAs(p, WebhookVerificationError);
  expect(err.operation).toBe('replicate.webhooks.verify');
  return err;
}

describe('verifyWebhook: timestamp tolerance boundary', () => {
  it('accepts a timestamp exactly toleranceSeconds old or ahead (default 300), and refuses one second more', async () => {
    for (const ts of [TS - 300, TS + 300]) {
      await expect(verifyWebhook({ headers: signedHeaders(ts), body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: ts });
    }
    expect((await rejection(verifyWebhook({ headers: signedHeaders(TS - 301), body: BODY }, SECRET, { now: NOW }))).message).toMatch(/old/);
    expect((await rejection(verifyWebhook({ headers: signedHeaders(TS + 301), body: BODY }, SECRET, { now: NOW }))).message).toMatch(/ is 301 s in the future/);
  });

  it('with toleranceSeconds 0 accepts only the current second', async () => {
    await expect(verifyWebhook({ headers: signedHeaders(TS), body: BODY }, SECRET, { now: NOW, toleranceSeconds: 0 })).resolves.toEqual({ id: ID, timestamp: TS });
    await rejection(verifyWebhook({ headers: signedHeaders(TS - 1), body: BODY }, SECRET, { now: NOW, toleranceSeconds: 0 }));
    await rejection(verifyWebhook({ headers: signedHeaders(TS + 1), body: BODY }, SECRET, { now: NOW, toleranceSeconds: 0 }));
  });

  it('counts now in whole seconds rounded down (now = 999 ms into a second)', async () => {
    // floor(now / 1000) = TS: 300 s old still passes; 300 s ahead still passes, 301 s ahead does not.
    await expect(verifyWebhook({ headers: signedHeaders(TS - 300), body: BODY }, SECRET, { now: NOW + 999 })).resolves.toBeTruthy();
    await expect(verifyWebhook({ headers: signedHeaders(TS + 300), body: BODY }, SECRET, { now: NOW + 999 })).resolves.toBeTruthy();
    await rejection(verifyWebhook({ headers: signedHeaders(TS + 301), body: BODY }, SECRET, { now: NOW + 999 }));
  });

  it('refuses a negative toleranceSeconds as a check that cannot be made', async () => {
    const e = await rejection(verifyWebhook({ headers: signedHeaders(TS), body: BODY }, SECRET, { now: NOW, toleranceSeconds: -1 }));
    expect(e.message).toMatch(/toleranceSeconds/);
  });
});

describe('verifyWebhook: a timestamp must be plain digits, even when the signature covers it', () => {
  for (const ts of [` ${TS}`, `${TS} `, `+${TS}`, `${TS}.5`, `${TS}x`, `x${TS}`, `0x${TS.toString(16)}`, '']) {
    it(`refuses webhook-timestamp ${JSON.stringify(ts)}`, async () => {
      const e = await rejection(verifyWebhook({ headers: signedHeaders(ts), body: BODY }, SECRET, { now: NOW }));
      expect(e.message).toMatch(/webhook-timestamp/);
    });
  }
});

describe('verifyWebhook: signatures', () => {
  it('refuses a signature that is only a prefix of the right one (lengths differ)', async () => {
    const full = Buffer.from(sign(ID, TS, BODY), 'base64');
    for (const cut of [16, 31, 1]) {
      const h = { ...signedHeaders(), 'webhook-signature': `v1,${full.subarray(0, cut).toString('base64')}` };
      expect((await rejection(verifyWebhook({ headers: h, body: BODY }, SECRET, { now: NOW }))).message).toMatch(/no webhook signature matched/);
    }
    // the right signature with extra bytes after it
    const longer = Buffer.concat([full, Buffer.from([0])]).toString('base64');
    await rejection(verifyWebhook({ headers: { ...signedHeaders(), 'webhook-signature': `v1,${longer}` }, body: BODY }, SECRET, { now: NOW }));
  });

  it('accepts when the matching signature comes first and others follow (a later mismatch does not undo it)', async () => {
    const good = sign(ID, TS, BODY);
    const other = sign(ID, TS, BODY, randomBytes(32));
    const h = { ...signedHeaders(), 'webhook-signature': `v1,${good} v1,${other} v1,%%%not-base64%%%` };
    await expect(verifyWebhook({ headers: h, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('skips a v1 entry that is not base64 and still matches a later one', async () => {
    const h = { ...signedHeaders(), 'webhook-signature': `v1,%%%not-base64%%% v1,${sign(ID, TS, BODY)}` };
    await expect(verifyWebhook({ headers: h, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('reads a signature followed by a comma, as when two header lines were joined with ", " (fetch Headers, proxies)', async () => {
    const good = sign(ID, TS, BODY);
    const other = sign(ID, TS, BODY, randomBytes(32));
    const h = new Headers(signedHeaders());
    h.set('webhook-signature', `v1,${good}`);
    h.append('webhook-signature', `v1,${other}`);
    expect(h.get('webhook-signature')).toBe(`v1,${good}, v1,${other}`);
    await expect(verifyWebhook({ headers: h, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('says when the header holds no usable v1 signature at all', async () => {
    for (const sig of ['v1', `v2,${sign(ID, TS, BODY)}`, 'v1,%%%', `,${sign(ID, TS, BODY)}`]) {
      const e = await rejection(verifyWebhook({ headers: { ...signedHeaders(), 'webhook-signature': sig }, body: BODY }, SECRET, { now: NOW }));
      expect(e.message).toMatch(/no v1 signature/);
    }
  });
});

describe('verifyWebhook: body and header forms', () => {
  it('accepts the raw body as an ArrayBuffer, and as a Uint8Array view into a larger buffer', async () => {
    const bytes = new TextEncoder().encode(BODY);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await expect(verifyWebhook({ headers: signedHeaders(), body: buffer }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    await expect(verifyWebhook({ headers: signedHeaders(), body: padded.subarray(4, 4 + bytes.length) }, SECRET, { now: NOW })).resolves.toBeTruthy();
  });

  it('signs non-ASCII bodies as their UTF-8 bytes', async () => {
    const body = JSON.stringify({ output: 'café — 猫' });
    await expect(verifyWebhook({ headers: signedHeaders(TS, ID, body), body }, SECRET, { now: NOW })).resolves.toBeTruthy();
    await expect(verifyWebhook({ headers: signedHeaders(TS, ID, body), body: new TextEncoder().encode(body) }, SECRET, { now: NOW })).resolves.toBeTruthy();
  });

  it('reads a header given as a one-value array (Node IncomingHttpHeaders style)', async () => {
    const h = signedHeaders();
    const headers = { 'webhook-id': [h['webhook-id']!], 'webhook-timestamp': [h['webhook-timestamp']!], 'webhook-signature': [h['webhook-signature']!, 'v1,AAAA'] };
    await expect(verifyWebhook({ headers, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('tries every signature of a header given as an array (Node headersDistinct), as it does for the same lines in a fetch Headers', async () => {
    const h = signedHeaders();
    // key rotation delivered as two header lines: the valid signature on the second one
    const lines = ['v1,AAAA', h['webhook-signature']!];
    const distinct = { 'webhook-id': [h['webhook-id']!], 'webhook-timestamp': [h['webhook-timestamp']!], 'webhook-signature': lines };
    const fetchHeaders = new Headers({ 'webhook-id': h['webhook-id']!, 'webhook-timestamp': h['webhook-timestamp']! });
    for (const line of lines) fetchHeaders.append('webhook-signature', line);
    await expect(verifyWebhook({ headers: fetchHeaders, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
    await expect(verifyWebhook({ headers: distinct, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('refuses an id or timestamp given as two different lines, as a fetch Headers would', async () => {
    const h = signedHeaders();
    await rejection(verifyWebhook({ headers: { ...h, 'webhook-timestamp': [h['webhook-timestamp']!, String(TS + 1)] }, body: BODY }, SECRET, { now: NOW }));
    await rejection(verifyWebhook({ headers: { ...h, 'webhook-id': [h['webhook-id']!, 'msg_other'] }, body: BODY }, SECRET, { now: NOW }));
  });

  it('finds headers in any case in a plain record, and in a fetch Headers', async () => {
    const h = signedHeaders();
    const mixed = { 'WEBHOOK-ID': h['webhook-id'], 'Webhook-Timestamp': h['webhook-timestamp'], 'webhook-SIGNATURE': h['webhook-signature'] };
    await expect(verifyWebhook({ headers: mixed, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
    await expect(verifyWebhook({ headers: new Headers(mixed as Record<string, string>), body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('treats a header present with an empty value as missing', async () => {
    const e = await rejection(verifyWebhook({ headers: { ...signedHeaders(), 'webhook-id': '' }, body: BODY }, SECRET, { now: NOW }));
    expect(e.message).toMatch(/webhook-id/);
  });
});

describe('verifyWebhook: wrong shapes fail with WebhookVerificationError, not a TypeError', () => {
  it('a missing request, or one without headers', async () => {
    for (const webhook of [undefined, null, 'raw body', { body: BODY }] as unknown as WebhookRequest[]) {
      const e = await rejection(verifyWebhook(webhook, SECRET, { now: NOW }));
      expect(e.message).toMatch(/headers/);
    }
  });

  it('a secret that is not a string, or is only the whsec_ prefix', async () => {
    for (const secret of [undefined, 42, KEY] as unknown as string[]) {
      expect((await rejection(verifyWebhook({ headers: signedHeaders(), body: BODY }, secret, { now: NOW }))).message).toMatch(/secret/);
    }
    expect((await rejection(verifyWebhook({ headers: signedHeaders(), body: BODY }, 'whsec_', { now: NOW }))).message).toMatch(/secret/);
  });

  it('a body that is neither text nor bytes', async () => {
    for (const body of [{ id: 'p1' }, null, undefined, 42] as unknown as string[]) {
      expect((await rejection(verifyWebhook({ headers: signedHeaders(), body }, SECRET, { now: NOW }))).message).toMatch(/raw request body/);
    }
  });
});

describe('verifyWebhook: the secret', () => {
  it('accepts the bare base64 key as well as whsec_<base64>', async () => {
    await expect(verifyWebhook({ headers: signedHeaders(), body: BODY }, KEY.toString('base64'), { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('uses every byte of the key (a key differing only in its last byte does not match)', async () => {
    const other = Buffer.from(KEY);
    other[other.length - 1] = other[other.length - 1]! ^ 1;
    await rejection(verifyWebhook({ headers: signedHeaders(), body: BODY }, `whsec_${other.toString('base64')}`, { now: NOW }));
  });
});
