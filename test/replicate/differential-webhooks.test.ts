/**
 * Differential: webhook verification, the official `validateWebhook` (replicate 1.4) against
 * modelwire's `verifyWebhook` on the same inputs. Where they agree the test says so; where they do
 * not, modelwire is the stricter one and the reason is in docs/replicate.md ("Differences from the
 * official client"). Signatures come from node:crypto (`signWebhook` of the loopback server).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { validateWebhook } from 'replicate';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook, type WebhookRequest } from '../../src/replicate/index.js';
import { signWebhook } from '../helpers/replicate-server.js';

const KEY = randomBytes(32).toString('base64');
const SECRET = `whsec_${KEY}`;
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z, given to modelwire as `now` (the official client checks no time)
const TS = NOW / 1000;
const ID = 'msg_2b3c4d';
const BODY = JSON.stringify({ id: 'p1', status: 'succeeded', output: ['https://replicate.delivery/x.png'] });

function headers(o: { id?: string; ts?: number | string; body?: string; sig?: string } = {}): Record<string, string> {
  const id = o.id ?? ID;
  const ts = o.ts ?? TS;
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': o.sig ?? signWebhook(SECRET, id, Number(ts), o.body ?? BODY) };
}

type Verdict = 'valid' | 'invalid' | `error: ${string}`;

/** What each verifier says about one webhook: accepted, rejected (false / WebhookVerificationError) or another error. */
async function verdicts(req: { headers: Record<string, string> | Headers; body: unknown }, secret = SECRET): Promise<{ official: Verdict; modelwire: Verdict }> {
  let official: Verdict;
  try {
    official = (await validateWebhook(req as never, secret)) ? 'valid' : 'invalid';
  } catch (err) {
    official = `error: ${(err as Error).message}`;
  }
  let modelwire: Verdict;
  try {
    await verifyWebhook(req as WebhookRequest, secret, { now: NOW });
    modelwire = 'valid';
  } catch (err) {
    modelwire = err instanceof WebhookVerificationError ? 'invalid' : `error: ${(err as Error).message}`;
  }
  return { official, modelwire };
}

describe('differential webhooks: where both agree', () => {
  it('a valid webhook, as a plain object and as fetch Headers: both accept', async () => {
    expect(await verdicts({ headers: headers(), body: BODY })).toEqual({ official: 'valid', modelwire: 'valid' });
    expect(await verdicts({ headers: new Headers(headers()), body: BODY })).toEqual({ official: 'valid', modelwire: 'valid' });
  });

  it('a tampered body, id or timestamp, or another secret: both refuse', async () => {
    const sig = headers()['webhook-signature'];
    for (const req of [
      { headers: headers(), body: BODY.replace('succeeded', 'failed') },
      { headers: { ...headers(), 'webhook-id': 'msg_other' }, body: BODY },
      { headers: { ...headers(), 'webhook-timestamp': String(TS + 1) }, body: BODY },
      { headers: headers({ sig: `v1,${'A'.repeat(43)}=` }), body: BODY },
    ]) {
      expect(await verdicts(req)).toEqual({ official: 'invalid', modelwire: 'invalid' });
    }
    expect(await verdicts({ headers: headers({ sig }), body: BODY }, `whsec_${randomBytes(32).toString('base64')}`)).toEqual({ official: 'invalid', modelwire: 'invalid' });
  });

  it('several space-separated signatures (key rotation): both accept when any one matches, in any position', async () => {
    const good = headers()['webhook-signature']!;
    const bad = `v1,${randomBytes(32).toString('base64')}`;
    for (const sig of [`${bad} ${good}`, `${good} ${bad}`, `${bad} ${bad} ${good}`]) {
      expect(await verdicts({ headers: headers({ sig }), body: BODY })).toEqual({ official: 'valid', modelwire: 'valid' });
    }
    expect(await verdicts({ headers: headers({ sig: `${bad} ${bad}` }), body: BODY })).toEqual({ official: 'invalid', modelwire: 'invalid' });
  });

  it('the secret with or without its "whsec_" prefix: both accept', async () => {
    expect(await verdicts({ headers: headers(), body: BODY }, KEY)).toEqual({ official: 'valid', modelwire: 'valid' });
  });

  it('a body given as bytes (Uint8Array): both accept', async () => {
    expect(await verdicts({ headers: headers(), body: new TextEncoder().encode(BODY) })).toEqual({ official: 'valid', modelwire: 'valid' });
  });
});

describe('differential webhooks: where modelwire is stricter (security first)', () => {
  it('a correctly signed but old or future timestamp (a replay): the official client accepts it; modelwire refuses beyond its 300 s tolerance', async () => {
    for (const ts of [TS - 3600, TS + 3600, TS - 86_400 * 365]) {
      expect(await verdicts({ headers: headers({ ts }), body: BODY })).toEqual({ official: 'valid', modelwire: 'invalid' });
    }
    expect(await verdicts({ headers: headers({ ts: TS - 300 }), body: BODY })).toEqual({ official: 'valid', modelwire: 'valid' });
  });

  it('a signature labelled with another scheme ("v2,", "v1a,") that is the v1 HMAC: the official client ignores the label and accepts; modelwire reads only v1', async () => {
    const b64 = headers()['webhook-signature']!.slice(3);
    for (const label of ['v2', 'v1a', 'x']) {
      expect(await verdicts({ headers: headers({ sig: `${label},${b64}` }), body: BODY })).toEqual({ official: 'valid', modelwire: 'invalid' });
    }
  });

  it('a parsed body: the official client re-serialises it (accepting it when the bytes happen to match); modelwire refuses anything but the raw body', async () => {
    expect(await verdicts({ headers: headers(), body: JSON.parse(BODY) })).toEqual({ official: 'valid', modelwire: 'invalid' });
    const spaced = '{"id": "p1", "status": "succeeded"}';
    expect(await verdicts({ headers: headers({ body: spaced }), body: JSON.parse(spaced) })).toEqual({ official: 'invalid', modelwire: 'invalid' });
  });

  it('a timestamp that is not a plain number of seconds (signed as such): the official client accepts it; modelwire refuses', async () => {
    for (const ts of ['1767225600.0', ' 1767225600', '0x6955b900']) {
      const sig = `v1,${createHmac('sha256', Buffer.from(KEY, 'base64')).update(`${ID}.${ts}.${BODY}`).digest('base64')}`;
      expect(await verdicts({ headers: { ...headers(), 'webhook-timestamp': ts, 'webhook-signature': sig }, body: BODY })).toEqual({ official: 'valid', modelwire: 'invalid' });
    }
  });
});

describe('differential webhooks: where modelwire accepts what the official client cannot read', () => {
  it('header names in another case in a plain object: the official client finds no headers and throws; modelwire matches them case-insensitively (HTTP header names are)', async () => {
    const upper = Object.fromEntries(Object.entries(headers()).map(([k, v]) => [k.replace(/(^|-)w|(^|-)i|(^|-)t|(^|-)s/g, (x) => x.toUpperCase()), v]));
    expect(Object.keys(upper)).toEqual(['Webhook-Id', 'Webhook-Timestamp', 'Webhook-Signature']);
    expect(await verdicts({ headers: upper, body: BODY })).toEqual({ official: 'error: Missing required webhook headers', modelwire: 'valid' });
  });

  it('an empty body that is correctly signed: the official client throws (it reads "" as no request); modelwire verifies it', async () => {
    expect(await verdicts({ headers: headers({ body: '' }), body: '' })).toEqual({ official: 'error: Missing required webhook headers', modelwire: 'valid' });
  });

  it('a secret that is not base64: the official client throws a DOMException; modelwire a WebhookVerificationError', async () => {
    const v = await verdicts({ headers: headers(), body: BODY }, 'whsec_not*base64!');
    expect(v.modelwire).toBe('invalid');
    expect(v.official).toMatch(/^error: /);
  });
});

describe('differential webhooks: a fetch Request', () => {
  it('the official client reads a Request\'s body stream itself; modelwire takes the body you read (so the stream is not consumed behind your back) and refuses a stream with a typed error', async () => {
    const req = () => new Request('http://127.0.0.1/hook', { method: 'POST', headers: headers(), body: BODY });
    expect(await validateWebhook(req() as never, SECRET)).toBe(true);
    const r = req();
    await expect(verifyWebhook(r as unknown as WebhookRequest, SECRET, { now: NOW })).rejects.toBeInstanceOf(WebhookVerificationError);
    expect(r.bodyUsed).toBe(false);
    const r2 = req();
    await expect(verifyWebhook({ headers: r2.headers, body: await r2.text() }, SECRET, { now: NOW })).resolves.toEqual({ id: ID, timestamp: TS });
  });
});
