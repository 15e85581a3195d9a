/**
 * `noProxyMatcher` (src/undici/no-proxy.ts), behind `undiciTransport({ proxy, noProxy })`
 * (docs/core.md "Proxies"): which origins a `NO_PROXY` value sends direct, the same on every undici
 * major (undici's own EnvHttpProxyAgent matches `*.example.com`, IPv6 entries and a `*` in a list
 * differently in 7 and 8), and which values it refuses, when the transport is made. That the
 * transport then reaches those servers without the proxy: test/undici/proxy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { noProxyMatcher } from '../../src/undici/no-proxy.js';
import { undiciTransport } from '../../src/undici/index.js';
import { thrownAs } from '../core/_support.js';

/** The origins of `origins` that `value` sends direct. */
function direct(value: string, origins: readonly string[]): string[] {
  const goesDirect = noProxyMatcher(value);
  return origins.filter((o) => goesDirect?.(o) ?? false);
}

describe('noProxyMatcher', () => {
  it.each<[string, string, string[], string[]]>([
    ['a host: itself and its subdomains, not a longer name', 'example.com', ['http://example.com', 'https://api.example.com:8443', 'http://a.b.example.com'], ['http://notexample.com', 'http://example.com.evil.net', 'http://example.org']],
    ['a leading dot: the same', '.example.com', ['http://example.com', 'http://api.example.com'], ['http://notexample.com']],
    ['*.: the subdomains only', '*.example.com', ['http://api.example.com', 'http://a.b.example.com'], ['http://example.com']],
    ['case and a trailing dot aside', 'Internal.Corp.', ['http://INTERNAL.corp', 'http://kserve.internal.corp.', 'http://a.Internal.Corp:81'], ['http://corp']],
    ['host:port: that port, a URL without one on its scheme default', 'example.com:443,other.net:8080', ['https://example.com', 'https://example.com:443', 'http://api.other.net:8080'], ['http://example.com', 'https://example.com:8443', 'http://other.net']],
    ['an IPv4 address, with or without a port', '127.0.0.1 10.1.2.3:8000', ['http://127.0.0.1:8000', 'http://127.0.0.1', 'http://10.1.2.3:8000'], ['http://127.0.0.2', 'http://10.1.2.3:8001', 'http://localhost:8000']],
    ['IPv6 addresses, bare, bracketed, with a port, in another spelling', '::1,[fd00::2],[fe80::1]:8443', ['http://[::1]:8000', 'http://[0:0::1]', 'http://[fd00:0::2]', 'https://[fe80::1]:8443'], ['https://[fe80::1]', 'http://[::2]']],
    ['CIDR ranges, IPv4 and IPv6', '10.0.0.0/8,fd00::/8,192.168.1.0/24', ['http://10.200.3.4:8000', 'http://[fd12::1]', 'http://192.168.1.77'], ['http://11.0.0.1', 'http://192.168.2.1', 'http://[fe80::1]', 'http://ten.example']],
    ['a URL host the parser rewrites: compared as rewritten', '0x7f.1', ['http://127.0.0.1:9000'], ['http://127.0.0.2']],
    ['an internationalised name, as punycode or not', 'bücher.example', ['http://xn--bcher-kva.example', 'http://shop.bücher.example'], ['http://bucher.example']],
    ['* among other entries: everything', 'localhost, *', ['http://example.com', 'https://10.0.0.1:8443', 'http://[::1]'], []],
    ['commas, spaces, tabs and new lines, empty entries skipped', ' a.test,,\tb.test\nc.test , ', ['http://a.test', 'http://b.test', 'http://c.test'], ['http://d.test']],
  ])('%s', (_name, value, goDirect, goThroughProxy) => {
    expect(direct(value, [...goDirect, ...goThroughProxy])).toEqual(goDirect);
  });

  it('answers the same for an origin seen before, also after more origins than it remembers', () => {
    const goesDirect = noProxyMatcher('10.0.0.0/8, internal.corp')!;
    const origins = Array.from({ length: 600 }, (_, i) => (i % 2 ? `http://10.0.${i >> 8}.${i & 255}:8000` : `https://h${i}.${i % 4 ? 'internal.corp' : 'example.com'}`));
    const expected = origins.map((o) => /\/\/10\.|internal\.corp/.test(o));
    expect(origins.map((o) => goesDirect(o))).toEqual(expected);
    expect(origins.map((o) => goesDirect(o))).toEqual(expected);
    expect(expected.filter(Boolean)).toHaveLength(450);
  });

  it.each([undefined, null, '', ' , '])('has nothing to send direct for %j', (value) => {
    expect(noProxyMatcher(value)).toBeUndefined();
  });
});

describe('undiciTransport({ noProxy }) refusals', () => {
  it.each<[string, unknown, RegExp]>([
    ['a value that is not a string', ['localhost'], /noProxy must be a string in the NO_PROXY syntax/],
    ['a URL', 'localhost,http://internal.corp', /entry 2 "http:\/\/internal\.corp" is not a host, \.domain, \*\.domain, host:port, IP address, CIDR range or \*/],
    ['a path', 'internal.corp/v1', /entry 1 "internal\.corp\/v1" is not a host/],
    ['a glob that is not a leading *.', '192.168.*', /entry 1 "192\.168\.\*" is not a host/],
    ['a * inside a name', 'a*.example.com', /entry 1 "a\*\.example\.com" is not a host/],
    ['port 0', 'example.com:0', /entry 1 "example\.com:0" is not a host/],
    ['a port past 65535', 'example.com:65536', /entry 1 "example\.com:65536" is not a host/],
    ['an empty port', 'example.com:', /entry 1 "example\.com:" is not a host/],
    ['a CIDR prefix too long', '10.0.0.0/33', /entry 1 "10\.0\.0\.0\/33" is not a host/],
    ['a CIDR range of a name', 'example.com/8', /entry 1 "example\.com\/8" is not a host/],
    ['a host the URL parser rejects', 'exa%mple.com', /entry 1 "exa%mple\.com" is not a host/],
    ['a lone dot', '.', /entry 1 "\." is not a host/],
  ])('refuses %s, naming the entry (path noProxy)', (_name, noProxy, message) => {
    const err = thrownAs(() => undiciTransport({ proxy: 'http://127.0.0.1:3128', noProxy: noProxy as string }), InvalidRequestError);
    expect(err.path).toBe('noProxy');
    expect(err.message).toMatch(message);
  });

  it('does not quote an entry with user info, which may be credentials', () => {
    const secret = 'proxy-pass-0a1b2c';
    const err = thrownAs(() => undiciTransport({ proxy: 'http://127.0.0.1:3128', noProxy: `localhost,http://user:${secret}@proxy:3128` }), InvalidRequestError);
    expect(err.message).toMatch(/entry 2 \(value not shown\) is not a host/);
    expect(JSON.stringify(err) + err.message + String(err.stack)).not.toContain(secret);
  });

  it('checks noProxy without a proxy too, and refuses it with a dispatcher of yours', () => {
    expect(thrownAs(() => undiciTransport({ noProxy: 'http://internal.corp' }), InvalidRequestError).path).toBe('noProxy');
    const dispatcher = { dispatch: () => true } as unknown as NonNullable<Parameters<typeof undiciTransport>[0]>['dispatcher'];
    const err = thrownAs(() => undiciTransport({ dispatcher, noProxy: 'localhost' }), InvalidRequestError);
    expect(err.path).toBe('noProxy');
    expect(err.message).toMatch(/give noProxy with proxy, not with a dispatcher/);
  });
});
