/**
 * verifyWebhook (src/replicate/webhooks.ts) against a signer written here from the Standard
 * Webhooks definition (HMAC-SHA256 of `${id}.${timestamp}.${body}` with the key after `whsec_`,
 * sent as `v1,<base64>`): for any key, id, timestamp within tolerance and body (string, Uint8Array,
 * ArrayBuffer), what is signed verifies; any single changed byte of the body, the id, the timestamp
 * or the signature text makes it fail, and the error never holds the secret.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook } from '../../src/replicate/index.js';
import { props } from '../helpers/property.js';

const NOW = 1_790_000_000_000;

const headerText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 30 });
const message = fc.record({
  key: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  prefixed: fc.boolean(),
  id: headerText,
  skew: fc.integer({ min: -300, max: 300 }),
  body: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.uint8Array({ maxLength: 60 })),
  bodyAs: fc.constantFrom('string', 'bytes', 'buffer'),
  others: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 2 }), // other (rotated) keys' signatures
});
type Message = typeof message extends fc.Arbitrary<infer M> ? M : never;

function signed(m: Message): { headers: Record<string, string>; body: string | Uint8Array | ArrayBuffer; bodyBytes: Buffer; secret: string } {
  const timestamp = String(Math.floor(NOW / 1000) + m.skew);
  const bodyBytes = typeof m.body === 'string' ? Buffer.from(m.body, 'utf8') : Buffer.from(m.body);
  const mac = createHmac('sha256', Buffer.from(m.key)).update(`${m.id}.${timestamp}.`).update(bodyBytes).digest('base64');
  const signatures = [...m.others.map((o) => `v1,${Buffer.from(o).toString('base64')}`), `v1,${mac}`].join(' ');
  const body = m.bodyAs === 'string' && typeof m.body === 'string' ? m.body : m.bodyAs === 'buffer' ? new Uint8Array(bodyBytes).buffer : new Uint8Array(bodyBytes);
  const secret = `${m.prefixed ? 'whsec_' : ''}${Buffer.from(m.key).toString('base64')}`;
  return { headers: { 'webhook-id': m.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures }, body, bodyBytes, secret };
}

/** A printable ASCII character other than `c` (a header stays a valid header). */
const otherChar = (c: string, pick: number): string => {
  const code = 0x21 + ((c.charCodeAt(0) - 0x21 + 1 + (pick % 93)) % 94);
  return String.fromCharCode(code);
};

describe('verifyWebhook against a Standard Webhooks signer', () => {
  it('what is signed verifies, with the id and timestamp returned', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const w = signed(m);
        expect(await verifyWebhook({ headers: w.headers, body: w.body }, w.secret, { now: NOW })).toEqual({ id: m.id, timestamp: Number(w.headers['webhook-timestamp']) });
      }),
      props(0x3eb1, 300),
    );
  });

  it('one changed byte of the body, id, timestamp or signature fails, with no secret in the error', async () => {
    const change = fc.record({ what: fc.constantFrom('body', 'webhook-id', 'webhook-timestamp', 'webhook-signature'), at: fc.nat(), pick: fc.nat() });
    await fc.assert(
      fc.asyncProperty(message, change, async (m, c) => {
        const w = signed(m);
        let body: string | Uint8Array | ArrayBuffer = w.body;
        const headers = { ...w.headers };
        if (c.what === 'body') {
          const bytes = Buffer.concat([w.bodyBytes]);
          if (bytes.length === 0) body = new Uint8Array([c.pick % 256]);
          else {
            const i = c.at % bytes.length;
            bytes[i] = bytes[i]! ^ (1 + (c.pick % 255));
            body = new Uint8Array(bytes);
          }
        } else {
          // the signature header: only the matching (last) signature is changed
          const text = headers[c.what]!;
          const from = c.what === 'webhook-signature' ? text.lastIndexOf(' ') + 4 : 0;
          const i = from + (c.at % (text.length - from));
          const replacement = c.what === 'webhook-timestamp' ? String((Number(text[i]) + 1 + (c.pick % 9)) % 10) : otherChar(text[i]!, c.pick);
          headers[c.what] = text.slice(0, i) + replacement + text.slice(i + 1);
        }
        const error = await verifyWebhook({ headers, body }, w.secret, { now: NOW }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${c.what} ${JSON.stringify(headers[c.what] ?? '')}`).toBeInstanceOf(WebhookVerificationError);
        const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
        expect(text).not.toContain(w.secret.replace(/^whsec_/, ''));
      }),
      props(0x3eb2, 500),
    );
  });
});
