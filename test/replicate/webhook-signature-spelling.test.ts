/**
 * A webhook signature is compared as the base64 text it is sent as, like the Standard Webhooks
 * libraries: a signature decoded before the comparison also passed in other spellings of the same
 * 32 bytes (the last character's two unused low bits changed, the padding left out), so a changed
 * signature header still verified. Found by test/replicate/webhooks.property.test.ts.
 */
import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook } from '../../src/replicate/index.js';

const KEY = Buffer.from('a fixed webhook signing key, 32b');
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = String(NOW / 1000);
const BODY = '{"id":"p1","status":"succeeded"}';
const SIG = createHmac('sha256', KEY).update(`msg_1.${TS}.${BODY}`).digest('base64'); // 43 characters and '='

const verify = (signature: string) => verifyWebhook({ headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': TS, 'webhook-signature': `v1,${signature}` }, body: BODY }, SECRET, { now: NOW });

it('the signature as sent verifies', async () => {
  await expect(verify(SIG)).resolves.toEqual({ id: 'msg_1', timestamp: NOW / 1000 });
});

it('the same bytes spelt with other unused low bits in the last character do not verify', async () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const last = alphabet.indexOf(SIG[42]!);
  const other = alphabet[(last & ~3) | ((last + 1) & 3)]!; // same top 4 bits, other low 2 bits
  const respelt = `${SIG.slice(0, 42)}${other}=`;
  expect(Buffer.from(respelt, 'base64')).toEqual(Buffer.from(SIG, 'base64')); // the same bytes
  await expect(verify(respelt)).rejects.toThrow(WebhookVerificationError); // before the fix: verified
});

it('the signature without its padding does not verify', async () => {
  await expect(verify(SIG.replace(/=+$/, ''))).rejects.toThrow(WebhookVerificationError); // before the fix: verified
});
