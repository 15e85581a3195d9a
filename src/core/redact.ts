import { INSPECT } from './errors.js';
import { sharedRegistry } from './shared.js';

/**
 * The credentials each call carries, by its call context and by its request's `onAbort` function
 * (one per request, shared by all its attempts and kept by a middleware that passes on a copy of
 * the request with new headers): the client records them, adding those its middleware set as each
 * request reaches the transport, and errors and logging scrub them, whatever the header is called
 * and wherever a server echoes them (a request id, an error). Shared by every copy of modelwire
 * loaded (src/core/shared.ts): a client's middleware from one build records what a call of the other sent.
 */
export const requestSecrets = /* @__PURE__ */ sharedRegistry<WeakMap<object, readonly string[]>>('requestSecrets', WeakMap);

/**
 * Header names that carry a credential: `authorization`, `proxy-authorization`, `x-api-key`,
 * `x-goog-api-key`, `ocp-apim-subscription-key`, `x-functions-key`, `cookie`, `webhook-secret`,
 * `x-replicate-api-token`, a custom `x-api-auth`: any name with `auth`, `key`, `token`, `secret`,
 * `password` or `cookie`, except `idempotency-key` (no credential: what matches a retry or a 409).
 */
export const SECRET_HEADER = /^(?!idempotency-key$).*(?:auth|key|token|secret|password|cookie)/i;

/**
 * True when a header carries a credential and must never be logged or kept.
 *
 * @example
 * ```ts
 * isSecretHeader('Authorization'); // true
 * ```
 */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/**
 * Adds to `into` the value of every credential header, and that value without its scheme
 * (`Bearer sk-1` → `sk-1`, what a server echoes), both without the spaces around them (which
 * transports do not send); of `Basic` credentials also what they decode to, `user:password` and
 * the password.
 *
 * @example
 * ```ts
 * headerSecrets({ authorization: 'Bearer sk-1234' }, []); // ['Bearer sk-1234', 'sk-1234']
 * ```
 */
export function headerSecrets(headers: Readonly<Record<string, string>> | undefined, into: string[]): string[] {
  for (const name in headers) {
    // a number passed as a header value is sent as its text; transports trim the value, and a
    // server echoes what it received
    let v = String(headers[name]).trim();
    if (SECRET_HEADER.test(name)) {
      const rest = v.slice(v.indexOf(' ') + 1);
      into.push(v, rest);
      // Basic credentials as the server decodes them: `user:password`, and the password
      try {
        if (/^basic /i.test(v)) into.push((v = atob(rest)), v.slice(v.indexOf(':') + 1));
      } catch {
        // not base64: only as sent
      }
    }
  }
  return into;
}

/**
 * Adds to `into` the value of every query parameter of `url` named like a credential header
 * (`?key=`, `?api_key=`, `?access_token=`), as sent and decoded (a server echoes either).
 *
 * @example
 * ```ts
 * querySecrets('https://x/v1?key=a%2Fb&n=1', []); // ['a%2Fb', 'a/b']
 * ```
 */
export function querySecrets(url: string, into: string[]): string[] {
  // (a fragment is not sent)
  for (const [, name, v] of url.matchAll(/[?&]([^=&#]+)=([^&#]*)/g)) {
    if (SECRET_HEADER.test(name!)) {
      into.push(v!);
      try {
        into.push(decodeURIComponent(v!));
      } catch {
        // not percent-encoded text: only as sent
      }
    }
  }
  return into;
}

/**
 * The credentials of a request: the ones the client recorded for its call (a custom auth header
 * with a name that does not look like a credential is known too), and those its credential
 * headers carry (a middleware may have added some).
 *
 * @example
 * ```ts
 * secretsOfRequest(req); // ['Bearer sk-1234', 'sk-1234']
 * ```
 */
export function secretsOfRequest(request: { readonly headers: Readonly<Record<string, string>>; readonly onAbort?: unknown }): readonly string[] {
  const onAbort = request.onAbort;
  const recorded = typeof onAbort === 'function' ? requestSecrets.get(onAbort) : undefined;
  return headerSecrets(request.headers, recorded ? [...recorded] : []);
}

/**
 * @internal Where the prototype of a client's request headers keeps the lower-cased name of its
 * custom `authHeader` when that looks like no credential (`x-credential`), so {@link RedactedHeaders}
 * prints it as `[redacted]` too.
 *
 * @example
 * ```ts
 * const proto = Object.create(RedactedHeaders.prototype, { [KEY_HEADER]: { value: 'x-credential' } });
 * JSON.stringify(Object.assign(Object.create(proto), { 'x-credential': 'sk-1' })); // '{"x-credential":"[redacted]"}'
 * ```
 */
export const KEY_HEADER = Symbol();

/**
 * @internal The class of the headers of a request the client builds: `JSON.stringify` and
 * `util.inspect` (Deno's and Bun's inspect too) show them as {@link redactHeaders} does, so a
 * middleware or transport of yours that prints the request prints no credential header's value.
 * Its methods are not enumerable: fetch and undici send the own properties, unchanged. A copy you
 * make (`{ ...req.headers }`) is a plain object.
 *
 * @example
 * ```ts
 * const headers = Object.assign(new RedactedHeaders(), { authorization: 'Bearer sk-1', accept: 'application/json' });
 * JSON.stringify(headers); // '{"authorization":"[redacted]","accept":"application/json"}'
 * ```
 */
export class RedactedHeaders {
  /** The headers, credential values replaced by `[redacted]`. */
  toJSON(this: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    // and the header of a custom authHeader named like no credential, on the client's headers' prototype
    for (const name in this) out[name] = SECRET_HEADER.test(name) || name.toLowerCase() === (this as { [KEY_HEADER]?: string })[KEY_HEADER] ? '[redacted]' : this[name]!;
    return out;
  }
  /** What `util.inspect` shows: {@link toJSON}'s view. */
  [INSPECT](this: RedactedHeaders & Record<string, string>): Record<string, string> {
    return this.toJSON();
  }
}

/**
 * A copy of headers with credential values replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * redactHeaders({ authorization: 'Bearer sk-1' }); // { authorization: '[redacted]' }
 * ```
 */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return RedactedHeaders.prototype.toJSON.call(headers);
}

/**
 * Replaces each occurrence of any secret in a string with `[redacted]`, longest secret first (one
 * credential may contain another: scrubbing the shorter first would leave the rest of the longer).
 *
 * @example
 * ```ts
 * scrub('echo: sk-123', ['sk-123']); // 'echo: [redacted]'
 * ```
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= 4 && out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * Deep copy of a JSON-like value with every string scrubbed of the given secrets.
 *
 * @example
 * ```ts
 * scrubValue({ echo: 'Bearer sk-123' }, ['sk-123']); // { echo: 'Bearer [redacted]' }
 * ```
 */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets));
  if (value && typeof value === 'object') {
    // a key is scrubbed too (a server may echo the credential as a property name); fromEntries
    // defines each key, so an own "__proto__" (JSON.parse makes one) stays an own key
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k, secrets), scrubValue(v, secrets)]));
  }
  return value;
}
