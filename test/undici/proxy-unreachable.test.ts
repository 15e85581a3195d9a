/**
 * A proxy that cannot be reached (src/undici/errors.ts, docs/core.md "Transports"): whether it is the
 * transport's own `proxy` or a ProxyAgent passed as `dispatcher`, the ConnectionError names the proxy
 * (`host:port`) as what could not be reached, not only the server's URL and a bare ECONNREFUSED that
 * reads as the server's refusal; the proxy's credentials (user info in its URL, the token) appear in no
 * message, stack, inspection or serialisation. Here the proxy is a closed loopback port.
 */
import { ProxyAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createClient, request } from '../../src/index.js';
import { undiciTransport, type UndiciTransportOptions } from '../../src/undici/index.js';
import { closedServerUrl, json, startTestServerPerTest, unusedPort } from '../helpers/test-server.js';
import { LeakScanner, rejectionOf } from '../core/_support.js';

const startServer = startTestServerPerTest();
const PROXY_SECRET = 'proxy-pass-9e8d7c6b';
const PROXY_TOKEN = 'Bearer proxy-token-5a4b3c2d';

const ways: Array<[string, (uri: string) => UndiciTransportOptions]> = [
  ['a ProxyAgent given as dispatcher', (uri) => ({ dispatcher: new ProxyAgent({ uri, token: PROXY_TOKEN }) })],
  ['the proxy option', (uri) => ({ proxy: { uri, token: PROXY_TOKEN } })],
];

describe('undiciTransport: the proxy cannot be reached', () => {
  for (const [name, options] of ways) {
    it(`${name}: a ConnectionError that names the proxy, says nothing was sent, and shows no proxy credential`, async () => {
      const server = await startServer((_req, res) => json(res, 200, {}));
      const port = await unusedPort();
      const transport = undiciTransport(options(`http://user:${PROXY_SECRET}@127.0.0.1:${port}`));
      const client = createClient({ baseURL: server.url, transport, retry: false });
      const scanner = new LeakScanner();
      const err = await rejectionOf(request(client, { method: 'POST', path: '/v1/run', body: { a: 1 }, operation: 'test.proxy.down' }), scanner);
      expect(err).toBeInstanceOf(ConnectionError);
      const e = err as ConnectionError;
      expect(e.message).toContain(`(the proxy 127.0.0.1:${port} could not be reached)`);
      expect(e.message).toContain(`POST ${server.url}/v1/run failed before sending`);
      expect(e.requestMayHaveReachedServer).toBe(false);
      expect(server.count()).toBe(0);
      scanner.assertClean(PROXY_SECRET);
      scanner.assertClean('proxy-token-5a4b3c2d');
      scanner.assertClean('user:');
    });
  }

  it('a refused server without a proxy says nothing of a proxy', async () => {
    const client = createClient({ baseURL: await closedServerUrl(), transport: undiciTransport(), retry: false });
    const err = await rejectionOf(request(client, { method: 'GET', path: '/x', operation: 'test.direct.down' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).not.toContain('proxy');
  });
});
