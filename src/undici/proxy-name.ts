/** Which proxy a dispatcher tunnels through, for error messages. Internal to `modelwire/undici`. */
import type { Dispatcher } from 'undici';

/** undici's ProxyAgent keeps its options under this symbol (undici 7 and 8): `{ uri, protocol }`. */
const PROXY_OPTIONS = 'proxy agent options';
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'socks:': '1080', 'socks5:': '1080' };

/**
 * The `host:port` of the proxy `dispatcher` sends through when it is an undici `ProxyAgent` (the
 * transport's own or one passed as `dispatcher`), else `undefined`. Never the URL's user info: the
 * proxy's credentials stay out of every message.
 *
 * @example
 * ```ts
 * proxyOf(new ProxyAgent('http://user:pw@proxy.internal:3128')); // 'proxy.internal:3128'
 * ```
 */
export function proxyOf(dispatcher: Dispatcher | undefined): string | undefined {
  if (dispatcher == null || typeof dispatcher !== 'object') return undefined;
  for (const key of Object.getOwnPropertySymbols(dispatcher)) {
    if (key.description !== PROXY_OPTIONS) continue;
    const uri = (dispatcher as unknown as Record<symbol, { uri?: unknown } | undefined>)[key]?.uri;
    if (typeof uri !== 'string' && !(uri instanceof URL)) return undefined;
    if (!URL.canParse(String(uri))) return undefined;
    const u = new URL(String(uri));
    const port = u.port || DEFAULT_PORTS[u.protocol];
    return port ? `${u.hostname}:${port}` : u.hostname;
  }
  return undefined;
}
