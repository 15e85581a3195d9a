/**
 * Edges of the credential scope of server-given URLs (docs/replicate.md, "Credentials stay home"):
 * the API's own origin is matched whatever the case of its scheme and host, but not on another
 * port; https on replicate.com, replicate.net and their subdomains is trusted on the default port
 * only (an explicit :443 is the same origin), never on another port, a look-alike or with user info.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { isTrustedUrl, nextPageUrl } from '../../src/replicate/shared.js';

describe('isTrustedUrl and nextPageUrl edges', () => {
  const local = createClient({ baseURL: 'http://127.0.0.1:8123/v1' });
  const hosted = createClient({ baseURL: 'https://api.replicate.com/v1' });

  it('the API origin, in any case, on its own port only', () => {
    expect(isTrustedUrl(local, 'http://127.0.0.1:8123/v1/files/x')).toBe(true);
    expect(isTrustedUrl(local, 'HTTP://127.0.0.1:8123/v1/files/x')).toBe(true);
    expect(isTrustedUrl(local, 'http://127.0.0.1:8124/v1/files/x')).toBe(false);
    expect(isTrustedUrl(local, 'https://127.0.0.1:8123/v1/files/x')).toBe(false);
    expect(isTrustedUrl(local, '')).toBe(false);
  });

  it('https on replicate.com with no port or :443, not another port', () => {
    expect(isTrustedUrl(hosted, 'https://stream.replicate.com:443/v1/files/x')).toBe(true);
    expect(isTrustedUrl(hosted, 'https://stream-b.us.replicate.com/v1/files/x')).toBe(true);
    expect(isTrustedUrl(hosted, 'https://stream.replicate.com:8443/v1/files/x')).toBe(false);
    expect(isTrustedUrl(hosted, 'https://stream.replicate.com.evil.io:443/x')).toBe(false);
    // the origin is the URL's own, not a replicate.com URL quoted further on
    expect(isTrustedUrl(hosted, 'ftp://evil.io/?u=https://stream.replicate.com')).toBe(false);
  });

  /** Each URL's verdict against the hosted API, named in the failure. */
  const expectTrust = (urls: string[], trusted: boolean) => {
    for (const url of urls) expect(isTrustedUrl(hosted, url), url).toBe(trusted);
  };

  it('https on replicate.net or a subdomain, default port (or :443), any case', () => {
    expectTrust([
      'https://streaming-api.svc.us.c.replicate.net/v1/streams/abc',
      'https://replicate.net/x',
      'https://streaming-api.svc.us.c.replicate.net:443/v1/streams/abc',
      'HTTPS://Streaming-API.svc.us.c.REPLICATE.NET/v1/streams/abc',
      'https://streaming-api.svc.us.c.replicate.net?x=1',
    ], true);
  });

  it('not a look-alike host, plain http, another port, user info or a replicate.net URL quoted further on', () => {
    expectTrust([
      'https://evilreplicate.net/x',
      'https://replicate.net.evil.com/x',
      'https://replicate.network/x',
      'https://replicate-net.io/x',
      'http://streaming-api.svc.us.c.replicate.net/x',
      'https://streaming-api.svc.us.c.replicate.net:8443/x',
      'https://streaming-api.svc.us.c.replicate.net:/x',
      'https://user:pw@streaming-api.svc.us.c.replicate.net/x',
      'https://streaming-api.svc.us.c.replicate.net@evil.com/x',
      'https://evil.com/?u=https://streaming-api.svc.us.c.replicate.net',
      'https://.replicate.net/x',
      'https://a..replicate.net/x',
    ], false);
  });

  it('a next URL on the API origin in another case is followed on the base URL\'s origin as written; another port is rebased', () => {
    expect(nextPageUrl(local, 'HTTP://127.0.0.1:8123/v1/models?cursor=2', '/models')).toBe('http://127.0.0.1:8123/v1/models?cursor=2');
    expect(nextPageUrl(local, 'http://127.0.0.1:9999/v1/models?cursor=2', '/models')).toBe('/models?cursor=2');
  });

  it('a relative next (a proxy\'s rendering) keeps its query on the list path', () => {
    expect(nextPageUrl(local, '?cursor=2', '/models')).toBe('/models?cursor=2');
    expect(nextPageUrl(local, '/v1/models?cursor=3', '/models')).toBe('/models?cursor=3');
  });
});
