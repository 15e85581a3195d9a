/**
 * A fetch Request (or its body stream) handed to verifyWebhook is refused, as documented, but the
 * error said "not a parsed object", which sends someone who passed the Request itself looking in the
 * wrong place. It now says the body is a stream and how to pass it, and still leaves the stream unread.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook, type WebhookRequest } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const ID = 'msg_req';
const BODY = '{"id":"p1"}';
const headers = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': `v1,${createHmac('sha256', KEY).update(`${ID}.${TS}.${BODY}`).digest('base64')}` };
const request = () => new Request('http://127.0.0.1/hook', { method: 'POST', headers, body: BODY });

describe('verifyWebhook: a Request or a body stream', () => {
  it('a Request passed whole: says its body is a stream to read first, and leaves it unread', async () => {
    const req = request();
    const err = await rejectionAs(verifyWebhook(req as unknown as WebhookRequest, SECRET, { now: NOW }), WebhookVerificationError);
    expect(err.message).toMatch(/stream/);
    expect(err.message).toMatch(/await req\.text\(\)/);
    expect(err.message).not.toMatch(/parsed object/);
    expect(req.bodyUsed).toBe(false);
  });

  it('a Request whose body was already read: the same advice (the text read is what to pass)', async () => {
    const req = request();
    const text = await req.text();
    const err = await rejectionAs(verifyWebhook(req as unknown as WebhookRequest, SECRET, { now: NOW }), WebhookVerificationError);
    expect(err.message).toMatch(/stream/);
    await expect(verifyWebhook({ headers: req.headers, body: text }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });

  it('a parsed object is still called a parsed object', async () => {
    const err = await rejectionAs(verifyWebhook({ headers, body: JSON.parse(BODY) as never }, SECRET, { now: NOW }), WebhookVerificationError);
    expect(err.message).toMatch(/parsed object/);
  });
});
