/**
 * The same request spec must reach the same URL on both transports. fetchTransport parses the URL
 * (WHATWG): it resolves `.` and `..` segments (also written `%2e`), turns `\` into `/`, and
 * percent-encodes `"`, `<`, `>`, `` ` ``, `{`, `}` in the path and `"`, `'`, `<`, `>` in the query.
 * undiciTransport sent such a path as it was (a server then saw `/v2/models/../infer` where fetch
 * sent `/v2/infer`), as it once did for spaces (test/undici/refused.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createClient, fetchTransport, request, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();

describe('undiciTransport sends the request target fetchTransport sends', () => {
  it.each([
    '/a/../b',
    '/a/./c',
    '/a/%2E%2e/d',
    '/a/%2e/e',
    '/a\\f',
    '/g"h<i>j`k{l}m',
    "/q?x=\"<>'",
    '/plain/path?x=1&y=%20',
    '/.well-known/x',
  ])('%s', async (path) => {
    const server = await startServer((req, res) => json(res, 200, {}));
    const sent = async (transport: Transport): Promise<string | undefined> => {
      const client = createClient({ baseURL: `${server.url}/base`, transport, retry: false });
      await request(client, { method: 'GET', path, operation: 'test.target' });
      return server.requests.at(-1)?.url;
    };
    const byFetch = await sent(fetchTransport());
    expect(await sent(undiciTransport())).toBe(byFetch);
  });
});
