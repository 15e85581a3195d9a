/**
 * verifyWebhook says precisely what is off in two cases a deployment hits in practice:
 * - an empty secret (an unset environment variable read as '') is reported as a missing secret,
 *   not as a secret that is "not valid base64", which would send the operator hunting for a typo;
 * - an entry of `webhook-signature` is `<version>,<base64>`: an entry without the comma is not a
 *   v1 signature even when it starts with "v1", so the header is reported as holding no v1 signature.
 * Signatures come from node:crypto, independent of the code under test.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const ID = 'msg_7f3a';
const BODY = '{"id":"p1","status":"succeeded"}';
const SIG = createHmac('sha256', KEY).update(`${ID}.${TS}.`).update(BODY).digest('base64');
const headers = (signature: string) => ({ 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': signature });

describe('verifyWebhook: an empty secret', () => {
  it('is reported as missing, not as bad base64', async () => {
    const err = await rejectionAs(verifyWebhook({ headers: headers(`v1,${SIG}`), body: BODY }, '', { now: NOW }), WebhookVerificationError);
    expect(err.message).toMatch(/secret is missing/);
    expect(err.message).not.toMatch(/base64/);
  });
});

describe('verifyWebhook: signature entries without a comma', () => {
  // "v1A" decodes as base64 by itself: only the missing comma makes it no v1 signature
  for (const entry of ['v1A', 'v1Z', 'v10']) {
    it(`${JSON.stringify(entry)} is no v1 signature`, async () => {
      const err = await rejectionAs(verifyWebhook({ headers: headers(entry), body: BODY }, SECRET, { now: NOW }), WebhookVerificationError);
      expect(err.message).toMatch(/no v1 signature/);
    });
  }

  it('does not stop a well-formed entry after it from matching', async () => {
    await expect(verifyWebhook({ headers: headers(`v1A v1,${SIG}`), body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });
});
