/**
 * verifyWebhook checks its options as every operation does: a misspelt option (`toleranceSecs: 60`)
 * would otherwise leave the default 300 s replay window in place, wider than the caller asked for,
 * and `null` would fail with a TypeError. Both are refused with an InvalidRequestError naming the
 * option, before any signature is checked. Signatures come from node:crypto.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { verifyWebhook, type VerifyWebhookOptions } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000 - 120; // two minutes old: inside the default window, outside a 60 s one
const BODY = '{"id":"p1"}';
const HEADERS = {
  'webhook-id': 'msg_1',
  'webhook-timestamp': String(TS),
  'webhook-signature': `v1,${createHmac('sha256', KEY).update(`msg_1.${TS}.${BODY}`).digest('base64')}`,
};

describe('verifyWebhook options', () => {
  it('a misspelt option is refused (path names it), not ignored for the default tolerance', async () => {
    const options = { now: NOW, toleranceSecs: 60 } as VerifyWebhookOptions;
    const err = await rejectionAs(verifyWebhook({ headers: HEADERS, body: BODY }, SECRET, options), InvalidRequestError);
    expect(err.path).toBe('toleranceSecs');
    expect(err.message).toMatch(/toleranceSeconds/);
    expect(err.message).not.toContain(SECRET.slice(6));
  });

  it('null options and a toleranceSeconds that is not a number are refused with InvalidRequestError', async () => {
    const nullErr = await rejectionAs(verifyWebhook({ headers: HEADERS, body: BODY }, SECRET, null as unknown as VerifyWebhookOptions), InvalidRequestError);
    expect(nullErr.path).toBe('options');
    const textErr = await rejectionAs(
      verifyWebhook({ headers: HEADERS, body: BODY }, SECRET, { now: NOW, toleranceSeconds: '60' as unknown as number }),
      InvalidRequestError,
    );
    expect(textErr.path).toBe('toleranceSeconds');
  });

  it('the correctly spelt options still verify, and the tolerance still applies', async () => {
    await expect(verifyWebhook({ headers: HEADERS, body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: 'msg_1', timestamp: TS });
    await expect(verifyWebhook({ headers: HEADERS, body: BODY }, SECRET, { now: NOW, toleranceSeconds: 60 })).rejects.toThrow(/120 s old/);
  });
});
