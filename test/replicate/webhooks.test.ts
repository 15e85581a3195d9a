import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { PredictionSchema, getDefaultWebhookSecret, run, verifyWebhook } from '../../src/replicate/index.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

// Independent reference implementation with node:crypto (not the code under test).
const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
function sign(id: string, ts: number | string, body: string | Buffer, key: Buffer = KEY): string {
  return createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64');
}
const NOW = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const TS = NOW / 1000;
const BODY = JSON.stringify({ id: 'ufawqhfynnddngldkgtslldrkq', status: 'succeeded', output: ['https://replicate.delivery/x.png'] });

function headers(sig: string, id = 'msg_p5jXN8AQM9LWM0D4loKWxJek', ts: number | string = TS): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig };
}

async function failure(p: Promise<unknown>): Promise<WebhookVerificationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WebhookVerificationError);
  const e = err as WebhookVerificationError;
  const shown = `${e.message} ${JSON.stringify(e)} ${inspect(e)} ${e.stack}`;
  expect(shown).not.toContain(SECRET);
  expect(shown).not.toContain(KEY.toString('base64'));
  return e;
}

describe('verifyWebhook', () => {
  it('accepts a valid signature (Headers object, plain record, bytes body)', async () => {
    const sig = `v1,${sign('msg_p5jXN8AQM9LWM0D4loKWxJek', TS, BODY)}`;
    await expect(verifyWebhook({ headers: new Headers(headers(sig)), body: BODY }, SECRET, { now: NOW })).resolves.toEqual({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: TS });
    const upper = { 'Webhook-Id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'Webhook-Timestamp': String(TS), 'Webhook-Signature': sig };
    await expect(verifyWebhook({ headers: upper, body: new TextEncoder().encode(BODY) }, SECRET, { now: new Date(NOW) })).resolves.toBeTruthy();
  });

  it('matches a known Standard Webhooks vector', async () => {
    // Vector from the Standard Webhooks reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const ts = 1614265330;
    const body = '{"test": 2432232314}';
    const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(`v1,${sign(id, ts, body, Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'))}`).toBe(expected);
    await expect(verifyWebhook({ headers: headers(expected, id, ts), body }, secret, { now: ts * 1000 })).resolves.toEqual({ id, timestamp: ts });
  });

  it('accepts when any of several space-separated signatures matches (key rotation)', async () => {
    const other = sign('msg_p5jXN8AQM9LWM0D4loKWxJek', TS, BODY, randomBytes(32));
    const good = sign('msg_p5jXN8AQM9LWM0D4loKWxJek', TS, BODY);
    await expect(verifyWebhook({ headers: headers(`v1,${other} v2,${good} v1,${good}`), body: BODY }, SECRET, { now: NOW })).resolves.toBeTruthy();
    const e = await failure(verifyWebhook({ headers: headers(`v1,${other} v2,${good}`), body: BODY }, SECRET, { now: NOW }));
    expect(e.message).toBe('no webhook signature matched');
  });

  it('rejects a tampered body, id or timestamp', async () => {
    const sig = `v1,${sign('msg_1', TS, BODY)}`;
    await failure(verifyWebhook({ headers: headers(sig, 'msg_1'), body: BODY.replace('succeeded', 'failed') }, SECRET, { now: NOW }));
    await failure(verifyWebhook({ headers: headers(sig, 'msg_2'), body: BODY }, SECRET, { now: NOW }));
    await failure(verifyWebhook({ headers: headers(sig, 'msg_1', TS + 1), body: BODY }, SECRET, { now: NOW }));
  });

  it('enforces the timestamp tolerance both ways (default 5 minutes)', async () => {
    const at = (ts: number) => headers(`v1,${sign('m', ts, BODY)}`, 'm', ts);
    await expect(verifyWebhook({ headers: at(TS - 299), body: BODY }, SECRET, { now: NOW })).resolves.toBeTruthy();
    expect((await failure(verifyWebhook({ headers: at(TS - 301), body: BODY }, SECRET, { now: NOW }))).message).toMatch(/301 s old/);
    expect((await failure(verifyWebhook({ headers: at(TS + 301), body: BODY }, SECRET, { now: NOW }))).message).toMatch(/in the future/);
    await expect(verifyWebhook({ headers: at(TS - 1000), body: BODY }, SECRET, { now: NOW, toleranceSeconds: 3600 })).resolves.toBeTruthy();
    await failure(verifyWebhook({ headers: at(TS - 20), body: BODY }, SECRET, { now: NOW, toleranceSeconds: 10 }));
  });

  it('fails closed when now or the tolerance is not a number (the replay check cannot be skipped)', async () => {
    const old = headers(`v1,${sign('m', 1_000_000_000, BODY)}`, 'm', 1_000_000_000); // 2001, correctly signed
    for (const options of [{ now: new Date('not a date') }, { now: Number.NaN }, { now: NOW, toleranceSeconds: Number.NaN }]) {
      expect((await failure(verifyWebhook({ headers: old, body: BODY }, SECRET, options))).message).toMatch(/cannot be checked/);
    }
  });

  it('rejects missing headers, a bad secret and a parsed body, with clear messages', async () => {
    const sig = `v1,${sign('m', TS, BODY)}`;
    const h = headers(sig, 'm');
    for (const missing of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const partial = { ...h };
      delete partial[missing];
      expect((await failure(verifyWebhook({ headers: partial, body: BODY }, SECRET, { now: NOW }))).message).toBe(`missing ${missing} header`);
    }
    expect((await failure(verifyWebhook({ headers: { ...h, 'webhook-timestamp': 'soon' }, body: BODY }, SECRET, { now: NOW }))).message).toMatch(/not a number/);
    expect((await failure(verifyWebhook({ headers: h, body: BODY }, 'whsec_%%%not-base64%%%', { now: NOW }))).message).toMatch(/not valid base64/);
    await failure(verifyWebhook({ headers: h, body: BODY }, '', { now: NOW }));
    await failure(verifyWebhook({ headers: h, body: JSON.parse(BODY) as never }, SECRET, { now: NOW }));
    await failure(verifyWebhook({ headers: { ...h, 'webhook-signature': 'v1' }, body: BODY }, SECRET, { now: NOW }));
    // A wrong secret of the right shape: no match, and neither secret shows up.
    await failure(verifyWebhook({ headers: h, body: BODY }, `whsec_${randomBytes(32).toString('base64')}`, { now: NOW }));
  });
});

describe('webhooks end to end', () => {
  it('verifies the webhooks the fake Replicate delivers, with the default secret from the API', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      fx.rs.setModel(() => ({ output: 'done', sync: true }));
      await run(fx.client, 'official/flux', { input: {}, webhook: hook, webhook_events_filter: ['completed'] });
      const { key } = await getDefaultWebhookSecret(fx.client);
      expect(key).toBe(fx.rs.webhookSecret);
      // the fake delivers after it answered: wait for the delivery (up to 5 s on a loaded machine)
      for (let i = 0; i < 500 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(received).toHaveLength(1); // 'start' was filtered out
      const delivered = received[0]!;
      const meta = await verifyWebhook({ headers: delivered.headers, body: delivered.body }, key);
      expect(meta.id).toBe(delivered.headers['webhook-id']);
      const prediction = PredictionSchema.parse(JSON.parse(delivered.body));
      expect(prediction.status).toBe('succeeded');
      await failure(verifyWebhook({ headers: delivered.headers, body: `${delivered.body} ` }, SECRET));
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
