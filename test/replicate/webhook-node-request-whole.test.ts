/**
 * Node's `req` (an http.IncomingMessage) passed whole to verifyWebhook, as one passes a fetch
 * Request: docs/replicate.md promises a body stream (a Request passed whole, Node's req) is refused
 * with a message saying so, but Node's req has no `body` (it is the stream itself), so the error
 * said "not a parsed object" and sent the reader looking for a body parser. It now says the body is
 * a stream to read first, leaves it unread, and a body that is simply missing is called missing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/index.js';
import { verifyWebhook, type WebhookRequest } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const NOW = 1_767_225_600_000;
const TS = NOW / 1000;
const ID = 'msg_node';
const BODY = '{"id":"p1","status":"succeeded"}';
const SIGNATURE = `v1,${createHmac('sha256', KEY).update(`${ID}.${TS}.${BODY}`).digest('base64')}`;

/** Delivers one signed webhook to a loopback Node server and hands `handle` the server's req. */
async function deliver(handle: (req: IncomingMessage) => Promise<unknown>): Promise<unknown> {
  let result: Promise<unknown> | undefined;
  const server = createServer((req, res) => {
    result = handle(req).finally(() => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIGNATURE }, body: BODY });
    await answer.arrayBuffer();
    return await result;
  } finally {
    server.close();
  }
}

describe("verifyWebhook: Node's req", () => {
  it('passed whole: says the body is a stream to read first, and leaves it unread', async () => {
    const outcome = await deliver(async (req) => {
      const err = await rejectionAs(verifyWebhook(req as unknown as WebhookRequest, SECRET, { now: NOW }), WebhookVerificationError);
      // the stream was not read: the body is all still there, and verifies once read
      let text = '';
      for await (const chunk of req) text += chunk;
      return { message: err.message, text, verified: await verifyWebhook({ headers: req.headers, body: text }, SECRET, { now: NOW }) };
    });
    const { message, text, verified } = outcome as { message: string; text: string; verified: unknown };
    expect(message).toMatch(/stream/);
    expect(message).not.toMatch(/parsed object/);
    expect(text).toBe(BODY);
    expect(verified).toEqual({ id: ID, timestamp: TS });
  });

  it('given as the body: says the same', async () => {
    const message = await deliver(async (req) => (await rejectionAs(verifyWebhook({ headers: req.headers, body: req as never }, SECRET, { now: NOW }), WebhookVerificationError)).message);
    expect(message).toMatch(/stream/);
  });

  it('a body that is missing is called missing, not a parsed object', async () => {
    for (const body of [undefined, null]) {
      const err = await rejectionAs(verifyWebhook({ headers: { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIGNATURE }, body: body as never }, SECRET, { now: NOW }), WebhookVerificationError);
      expect(err.message).toMatch(/missing/);
      expect(err.message).toMatch(/raw request body/);
      expect(err.message).not.toMatch(/parsed object/);
    }
  });
});
