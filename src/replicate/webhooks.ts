/**
 * Webhooks: the account's default signing secret, and verification of incoming webhook requests
 * per Standard Webhooks (the scheme Replicate uses) with WebCrypto, so it runs on edge runtimes.
 * @module
 */
import { checkOptions } from '../core/check.js';
import { request, type CallOptions, type Client } from '../core/client.js';
import { ResponseValidationError, WebhookVerificationError, type InvalidRequestError } from '../core/errors.js';
import { WebhookSecretShape } from './shapes.gen.js';
import { asBytes } from './shared.js';

/**
 * Gets the default webhook signing secret (`whsec_…`) of your account. Keep it out of logs. An
 * answer that does not match its shape is a {@link ResponseValidationError} without `body` (the
 * body would be the secret).
 *
 * @example
 * ```ts
 * const { key } = await getDefaultWebhookSecret(client); // store it as a secret of your webhook handler
 * ```
 */
export async function getDefaultWebhookSecret(client: Client, options?: CallOptions): Promise<{
  /** The signing secret (`whsec_…`); keep it out of logs. */
  key: string;
}> {
  try {
    return await request(client, { method: 'GET', path: '/webhooks/default/secret', schema: WebhookSecretShape, operation: 'replicate.webhooks.default.secret.get' }, options);
  } catch (err) {
    // the body is the secret itself: tell where and what did not match, without the body (or a
    // JSON parse error quoting it)
    if (err instanceof ResponseValidationError) throw new ResponseValidationError(err.issues, undefined, { operation: err.operation, attempts: err.attempts, requestId: err.requestId });
    throw err;
  }
}

/** Headers of an incoming request: a fetch `Headers` or a plain object (any name case; Node's `IncomingHttpHeaders` and `headersDistinct` work, an array read joined as `Headers` joins it). @example `const h: WebhookHeaders = request.headers;` */
export type WebhookHeaders =
  | {
      /** Reads a header by name, as a fetch `Headers` does (null when absent). */
      get(name: string): string | null;
    }
  | Record<string, string | string[] | undefined>;

/**
 * An incoming webhook request. `body` must be the raw body exactly as received (text or bytes);
 * a re-serialised object would not match the signature.
 *
 * @example
 * ```ts
 * const req: WebhookRequest = { headers: request.headers, body: await request.text() };
 * ```
 */
export interface WebhookRequest {
  /** The request's headers; `webhook-id`, `webhook-timestamp` and `webhook-signature` are read. */
  headers: WebhookHeaders;
  /** The raw body, exactly as received. */
  body: string | Uint8Array | ArrayBuffer;
}

/**
 * Options of {@link verifyWebhook}.
 *
 * @example
 * ```ts
 * await verifyWebhook(req, secret, { toleranceSeconds: 60 });
 * ```
 */
export interface VerifyWebhookOptions {
  /** Largest allowed distance between `webhook-timestamp` and now, in seconds (default 300). */
  toleranceSeconds?: number | undefined;
  /** The current time (ms since epoch or a Date), for tests; default `Date.now()`. */
  now?: number | Date | undefined;
}

/**
 * What a verified webhook carried besides its body.
 *
 * @example
 * ```ts
 * const { id } = await verifyWebhook(req, secret); if (await seen(id)) return; // Replicate may redeliver
 * ```
 */
export interface VerifiedWebhook {
  /** `webhook-id`: unique per message, stable across redeliveries (use it to deduplicate). */
  id: string;
  /** `webhook-timestamp` in seconds since epoch. */
  timestamp: number;
}

const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    for (const key in record) {
      if (key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  // lines joined as a fetch Headers joins them: every signature line is tried, and an id or a
  // timestamp sent twice over is no single value (the same request verifies the same either way)
  return Array.isArray(value) ? value.join(', ') : value;
}

function fail(message: string): never {
  throw new WebhookVerificationError(message, { operation: 'replicate.webhooks.verify' });
}

function base64ToBytes(text: string): Uint8Array | undefined {
  try {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/** Compares two byte arrays in time that depends only on their lengths. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function bodyBytes(webhook: WebhookRequest): Uint8Array {
  const body = webhook.body;
  if (typeof body === 'string') return encoder.encode(body);
  // bytes from another realm too (a Jest environment's `await req.arrayBuffer()`)
  const bytes = asBytes(body);
  if (bytes) return bytes;
  // a Request passed whole gives its body stream (a web ReadableStream); Node's req passed whole
  // has no body: it is the stream (a Readable) itself
  const b = (body ?? webhook) as { getReader?: unknown; pipe?: unknown };
  if (typeof b.getReader === 'function' || typeof b.pipe === 'function') {
    fail('webhook body is a stream (was the Request passed whole?): read it and pass the raw text or bytes, as { headers: req.headers, body: await req.text() }');
  }
  return fail(`webhook body must be the raw request body (string, Uint8Array or ArrayBuffer), ${body == null ? 'it is missing' : 'not a parsed object'}`);
}

/**
 * Verifies an incoming Replicate webhook (Standard Webhooks): `webhook-id`, `webhook-timestamp`
 * and `webhook-signature` headers; the signature is HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * with the base64 key after `whsec_`, and the header may hold several space-separated `v1,<base64>`
 * signatures (any one may match, for key rotation). The timestamp must be within
 * `toleranceSeconds` (default 300) of now, to stop replays. Signatures are compared in constant
 * time. Throws {@link WebhookVerificationError} (never containing the secret) when anything is off;
 * options that are not an object, misspelt or of the wrong type are refused with an
 * {@link InvalidRequestError} naming the option.
 * Uses WebCrypto only: works in Node 20+, Deno, Bun, Cloudflare Workers and Vercel Edge.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(req: Request, env: { REPLICATE_WEBHOOK_SECRET: string }) {
 *     const body = await req.text();
 *     try { await verifyWebhook({ headers: req.headers, body }, env.REPLICATE_WEBHOOK_SECRET); }
 *     catch { return new Response('bad signature', { status: 401 }); }
 *     const prediction = JSON.parse(body);
 *     return new Response('ok');
 *   },
 * };
 * ```
 */
export async function verifyWebhook(webhook: WebhookRequest, secret: string, options: VerifyWebhookOptions = {}): Promise<VerifiedWebhook> {
  // a misspelt toleranceSeconds would leave the default (wider) replay window in place
  checkOptions('replicate.webhooks.verify', options, 'now toleranceSeconds:number');
  if (!webhook || typeof webhook !== 'object' || !webhook.headers) fail('webhook request with headers and body is required');
  const id = header(webhook.headers, 'webhook-id');
  const timestampText = header(webhook.headers, 'webhook-timestamp');
  const signatureHeader = header(webhook.headers, 'webhook-signature');
  if (!id) fail('missing webhook-id header');
  if (!timestampText) fail('missing webhook-timestamp header');
  if (!signatureHeader) fail('missing webhook-signature header');
  if (typeof secret !== 'string' || secret.length === 0) fail('webhook secret is missing or not a string');
  const key = base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  if (!key || key.length === 0) fail('webhook secret is not valid base64 (expected "whsec_<base64>")');

  if (!/^\d{1,15}$/.test(timestampText)) fail('webhook-timestamp is not a number of seconds');
  const timestamp = Number(timestampText);
  const now = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now());
  const tolerance = options.toleranceSeconds ?? 300;
  // a replay check that cannot be computed fails closed (an invalid Date or NaN compares false both ways)
  if (!Number.isFinite(now) || !(tolerance >= 0)) fail('now or toleranceSeconds is not a valid number, so the timestamp cannot be checked');
  const skew = Math.floor(now / 1000) - timestamp;
  if (skew > tolerance) fail(`webhook-timestamp is ${skew} s old, beyond the ${tolerance} s tolerance`);
  if (-skew > tolerance) fail(`webhook-timestamp is ${-skew} s in the future, beyond the ${tolerance} s tolerance`);

  // compared as base64 text, like the Standard Webhooks libraries: decoding first would take other
  // spellings of a signature too (unused low bits of the last character, padding left out)
  const candidates: Uint8Array[] = [];
  for (const part of signatureHeader.split(' ')) {
    // `v1,<base64>`; what follows a further comma is dropped, as the Standard Webhooks reference
    // does: two header lines joined with ", " leave one after the first line's signature
    const [version, sig = ''] = part.split(',');
    if (version === 'v1' && sig && base64ToBytes(sig)) candidates.push(encoder.encode(sig));
  }
  if (candidates.length === 0) fail('webhook-signature has no v1 signature');

  const body = bodyBytes(webhook);
  const prefix = encoder.encode(`${id}.${timestampText}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix, 0);
  signed.set(body, prefix.length);
  // a browser has WebCrypto only in a secure context: without it, a typed error rather than a TypeError
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) fail('WebCrypto (crypto.subtle) is not available here; a browser has it only on https or localhost');
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = encoder.encode(btoa(String.fromCharCode(...new Uint8Array(await subtle.sign('HMAC', cryptoKey, signed as BufferSource)))));
  let ok = false;
  for (const sig of candidates) ok = constantTimeEqual(sig, expected) || ok;
  if (!ok) fail('no webhook signature matched');
  return { id, timestamp };
}
