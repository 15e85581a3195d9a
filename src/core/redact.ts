/**
 * The credentials each request carries, by its headers object (shared by all its attempts): the
 * client records them when it adds the credential header, and logging scrubs them from what it
 * logs, whatever the header is called and wherever a server echoes them (a request id, an error).
 */
export const requestSecrets = new WeakMap<object, readonly string[]>();

/** Header names whose values are never logged or kept. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
  'webhook-secret',
  'x-replicate-api-token',
]);

/**
 * True when a header carries a credential and must never be logged or kept.
 *
 * @example
 * ```ts
 * isSecretHeader('Authorization'); // true
 * ```
 */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_HEADERS.has(n) || n.includes('token') || n.includes('secret');
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
  const out: Record<string, string> = {};
  for (const name in headers) out[name] = isSecretHeader(name) ? '[redacted]' : headers[name]!;
  return out;
}

/**
 * Replaces each occurrence of any secret in a string with `[redacted]`.
 *
 * @example
 * ```ts
 * scrub('echo: sk-123', ['sk-123']); // 'echo: [redacted]'
 * ```
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join('[redacted]');
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
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, secrets);
    return out;
  }
  return value;
}
