/**
 * verifyWebhook needs WebCrypto's `crypto.subtle`, which a browser exposes only in a secure context
 * (https, localhost) and some embedded runtimes leave out. Without it the call died with a bare
 * TypeError ("Cannot read properties of undefined (reading 'importKey')"); it is now a
 * WebhookVerificationError saying what is missing, so a handler's catch treats it like any failure.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(TS), 'webhook-signature': `v1,${createHmac('sha256', KEY).update(`msg_1.${TS}.{}`).digest('base64')}` };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('verifyWebhook without WebCrypto', () => {
  for (const [label, crypto] of [['crypto without subtle (an insecure browser page)', {}], ['no crypto at all', undefined]] as const) {
    it(label, async () => {
      vi.stubGlobal('crypto', crypto);
      const err = await rejectionAs(verifyWebhook({ headers, body: '{}' }, SECRET, { now: NOW }), WebhookVerificationError);
      expect(err.message).toMatch(/crypto\.subtle/);
      expect(err.message).not.toContain(KEY.toString('base64'));
    });
  }

  it('verifies once WebCrypto is back', async () => {
    await expect(verifyWebhook({ headers, body: '{}' }, SECRET, { now: NOW })).resolves.toEqual({ id: 'msg_1', timestamp: TS });
  });
});
