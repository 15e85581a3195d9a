/**
 * A forward proxy on 127.0.0.1 (port 0) that answers HTTP CONNECT like Squid or a corporate proxy:
 * it opens a tunnel to the asked host:port, or refuses it with a status, or never answers. It
 * records each CONNECT (target and `Proxy-Authorization`) and knows which tunnels the client has
 * closed.
 *
 * @example
 * ```ts
 * const proxy = await startConnectProxy();
 * proxy.next.push({ status: 407 }); // the next CONNECT is refused, the ones after tunnel
 * // ... undiciTransport({ proxy: proxy.url }) ...
 * expect(proxy.connects.map((c) => c.target)).toEqual([`127.0.0.1:${server.port}`]);
 * await proxy.close();
 * ```
 * @module
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/** How the proxy answers one CONNECT: a tunnel (the default), a refusal with a status, or no answer. */
export type ConnectAnswer = 'tunnel' | 'hang' | { status: number };

/** One CONNECT the proxy received. */
export interface RecordedConnect {
  /** The `host:port` asked for. */
  target: string;
  /** The `Proxy-Authorization` header, when one came. */
  proxyAuthorization: string | undefined;
  /** True once the client closed the connection of this CONNECT (tunnel or not). */
  closedByClient: boolean;
}

/** A running proxy. See {@link startConnectProxy}. */
export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` (`https://` for a proxy started with `tls`). */
  readonly url: string;
  readonly connects: RecordedConnect[];
  /** Answers for the next CONNECTs, in order; once empty, every CONNECT gets a tunnel. */
  readonly next: ConnectAnswer[];
  /** Requests sent to the proxy without CONNECT (absolute-form forwarding, which it does not do). */
  plainRequests(): number;
  close(): Promise<void>;
}

/**
 * Starts a CONNECT proxy on loopback; with `tls`, an HTTPS proxy (TLS between client and proxy).
 *
 * @example
 * ```ts
 * const proxy = await startConnectProxy();
 * const secure = await startConnectProxy({ tls: { key, cert } }); // secure.url is https://127.0.0.1:<port>
 * ```
 */
export async function startConnectProxy(options: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<ConnectProxy> {
  const connects: RecordedConnect[] = [];
  const next: ConnectAnswer[] = [];
  const sockets = new Set<Socket>();
  let plain = 0;
  const refuseForwarding = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    plain++;
    res.writeHead(405, { connection: 'close' }).end();
  };
  const server = options.tls ? https.createServer(options.tls, refuseForwarding) : http.createServer(refuseForwarding);
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    const record: RecordedConnect = { target: req.url ?? '', proxyAuthorization: typeof auth === 'string' ? auth : undefined, closedByClient: false };
    connects.push(record);
    sockets.add(client);
    client.on('error', () => undefined);
    // the proxy's sockets allow half-open connections: the client's FIN is its close
    client.on('end', () => {
      record.closedByClient = true;
      client.destroy();
    });
    client.on('close', () => sockets.delete(client));
    const answer = next.shift() ?? 'tunnel';
    if (answer === 'hang') return;
    if (answer !== 'tunnel') {
      client.end(`HTTP/1.1 ${answer.status} Refused\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = record.target.split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    connects,
    next,
    plainRequests: () => plain,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
