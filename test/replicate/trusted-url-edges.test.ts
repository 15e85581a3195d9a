/**
 * Edges of the credential scope of server-given URLs (docs/replicate.md, "Credentials stay home"):
 * the API's own origin is matched whatever the case of its scheme and host, but not on another
 * port; https on *.replicate.com is trusted on the default port only (an explicit :443 is the
 * same origin), never on another port.
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

  it('a next URL on the API origin in another case is followed on the base URL\'s origin as written; another port is rebased', () => {
    expect(nextPageUrl(local, 'HTTP://127.0.0.1:8123/v1/models?cursor=2', '/models')).toBe('http://127.0.0.1:8123/v1/models?cursor=2');
    expect(nextPageUrl(local, 'http://127.0.0.1:9999/v1/models?cursor=2', '/models')).toBe('/models?cursor=2');
  });

  it('a relative next (a proxy\'s rendering) keeps its query on the list path', () => {
    expect(nextPageUrl(local, '?cursor=2', '/models')).toBe('/models?cursor=2');
    expect(nextPageUrl(local, '/v1/models?cursor=3', '/models')).toBe('/models?cursor=3');
  });
});
