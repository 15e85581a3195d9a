/**
 * The undici transport answers like a fetch `Response` (docs/core.md, Transports): content codings
 * are undone in the order fetch undoes them, the body is `null` for HEAD, 204, 205 and 304, an
 * informational 1xx is not the answer, and repeated headers are joined. Each case runs on both
 * transports so the undici one cannot drift from fetch.
 */
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ConnectionError, type Transport, type WireRequest } from '../../src/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { ON_BUN, ON_DENO, RUNTIME } from '../helpers/runtime.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

const wire = (url: string, extra: Partial<WireRequest> = {}): WireRequest => wireRequest(url, 'test.like-fetch', extra);

/** Bodies sent with a content-encoding header, and the text fetch reads from them. */
const CODED: [string, string, Buffer, string][] = [
  ['two codings, undone last-applied first (header in upper case)', 'deflate, GZIP', gzipSync(deflateSync('nested')), 'nested'],
  ['x-gzip, an alias of gzip', 'x-gzip', gzipSync('aliased'), 'aliased'],
  ['identity, which changes nothing', 'identity', Buffer.from('plain'), 'plain'],
  ['an unknown coding among known ones: the body is passed on as it came', 'gzip, compress', Buffer.from('as sent'), 'as sent'],
  ['five codings, the most fetch accepts', 'gzip, gzip, gzip, gzip, gzip', gzipSync(gzipSync(gzipSync(gzipSync(gzipSync('five'))))), 'five'],
  // fetch knows identity only as the whole header: in a list it is an unknown coding like any other
  ['identity among known codings: the body is passed on as it came', 'identity, gzip', Buffer.from('as sent'), 'as sent'],
];

/**
 * Codings Bun's and Deno's own fetch (under the fetch transport) read otherwise: Bun's undoes one
 * coding only and fails to decode `identity` in a list; Deno's undoes neither a list, nor `x-gzip`,
 * nor `deflate` (docs/runtimes.md, Runtime notes). Neither limits the number of codings. The
 * transport passes the runtime's fetch on as it is.
 */
const RUNTIME_FETCH_DIFFERS = new Set(
  ON_BUN ? ['deflate, GZIP', 'gzip, gzip, gzip, gzip, gzip', 'identity, gzip'] : ON_DENO ? ['deflate, GZIP', 'x-gzip', 'gzip, gzip, gzip, gzip, gzip'] : [],
);

describe.each(TRANSPORTS)('%s transport answers like fetch', (name, makeTransport: () => Transport) => {
  const onRuntimeFetch = RUNTIME !== 'node' && name === 'fetch';
  describe.each(CODED)('content-encoding: %s', (_what, coding, bytes, text) => {
    const skip = onRuntimeFetch && RUNTIME_FETCH_DIFFERS.has(coding);
    it.skipIf(skip)('read whole', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-encoding': coding });
        res.end(bytes);
      });
      const res = await makeTransport()(wire(`${server.url}/c`));
      expect(await res.text()).toBe(text);
    });

    it.skipIf(skip)('streamed', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-encoding': coding });
        res.end(bytes);
      });
      const res = await makeTransport()(wire(`${server.url}/c`));
      expect(await new Response(res.body).text()).toBe(text);
    });
  });

  it.skipIf(onRuntimeFetch)('more than five content codings: the call fails with a ConnectionError, as fetch fails it', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'identity, identity, identity, identity, identity, identity' });
      res.end('plain');
    });
    const error = await makeTransport()(wire(`${server.url}/c`)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/too many content-encodings in response: 6, maximum allowed is 5/);
  });

  it.each<[WireRequest['method'], number]>([
    ['GET', 304],
    ['GET', 205],
    ['HEAD', 200],
  ])('%s answered %s has a null body and an empty text()', async (method, status) => {
    const server = await startServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end();
    });
    const transport = makeTransport();
    const res = await transport(wire(`${server.url}/n`, { method }));
    expect(res.status).toBe(status);
    expect(res.body).toBeNull();
    expect(await res.text()).toBe('');
    const again = await transport(wire(`${server.url}/n`, { method }));
    expect(await again.text()).toBe(''); // without looking at body first
  });

  it('skips an informational 103 (Early Hints) and answers with the final status', async () => {
    const server = await startServer((_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-final': 'yes' });
      res.end('final');
    });
    const res = await makeTransport()(wire(`${server.url}/h`));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-final')).toBe('yes');
    expect(await res.text()).toBe('final');
  });

  it('joins a repeated header with ", " in get() and forEach()', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('x-multi', ['a', 'b']);
      res.end('x');
    });
    const res = await makeTransport()(wire(`${server.url}/m`));
    expect(res.headers.get('X-Multi')).toBe('a, b');
    const seen: Record<string, string> = {};
    res.headers.forEach((value, name) => (seen[name] = value));
    expect(seen['x-multi']).toBe('a, b');
    await res.text();
  });

  it('visits each set-cookie on its own in forEach() (a cookie date has a comma), joins them in get()', async () => {
    const cookies = ['a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT', 'b=2'];
    const server = await startServer((_req, res) => {
      res.setHeader('set-cookie', cookies);
      res.end('x');
    });
    const res = await makeTransport()(wire(`${server.url}/m`));
    expect(res.headers.get('set-cookie')).toBe(cookies.join(', '));
    const seen: string[] = [];
    res.headers.forEach((value, name) => name === 'set-cookie' && seen.push(value));
    expect(seen).toEqual(cookies);
    await res.text();
  });

  // the undici transport's headers are a plain object: get('constructor') returned Object, and
  // get('__proto__') an object, where fetch's Headers has no such header
  it('get() of a name the server did not send is null, the names of Object.prototype included', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('x-sent', 'yes');
      res.end('x');
    });
    const res = await makeTransport()(wire(`${server.url}/p`));
    for (const name of ['constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'x-not-sent']) expect(res.headers.get(name)).toBeNull();
    expect(res.headers.get('x-sent')).toBe('yes');
    await res.text();
  });

  it('text() of a body that is only a byte order mark is empty', async () => {
    const server = await startServer((_req, res) => void res.end(Buffer.from([0xef, 0xbb, 0xbf])));
    const res = await makeTransport()(wire(`${server.url}/bom`));
    expect(await res.text()).toBe('');
  });

  // each starts with two of the three byte order mark bytes (EF BB BF): nothing may be dropped
  it.each([
    ['\u{feC1}x', 'EF BB 81'],
    ['\u{ff3f}x', 'EF BC BF'],
    ['\u{aeff}x', 'EA BB BF'],
  ])('text() keeps a leading %s (%s), which is not a byte order mark', async (text) => {
    const server = await startServer((_req, res) => void res.end(text));
    const res = await makeTransport()(wire(`${server.url}/t`));
    expect(await res.text()).toBe(text);
  });

  it('text() after the body was taken as a stream is refused with a TypeError', async () => {
    const server = await startServer((_req, res) => void res.end('once'));
    const res = await makeTransport()(wire(`${server.url}/t`));
    const reader = res.body!.getReader();
    expect(await res.text().catch((e: unknown) => e)).toBeInstanceOf(TypeError);
    reader.releaseLock();
  });

  it('arrayBuffer() of a small body holds exactly its bytes', async () => {
    const server = await startServer((_req, res) => void res.end(Buffer.from([9, 8, 7])));
    const res = await makeTransport()(wire(`${server.url}/b`));
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([9, 8, 7]);
  });

  it('arrayBuffer() holds exactly the bytes sent, across several chunks', async () => {
    const first = Buffer.from([1, 2, 3, 0xef, 0xbb, 0xbf]);
    const second = Buffer.alloc(70_000, 7);
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write(first);
      await new Promise((r) => setTimeout(r, 10));
      res.end(second);
    });
    const res = await makeTransport()(wire(`${server.url}/b`));
    const got = Buffer.from(await res.arrayBuffer());
    expect(got.equals(Buffer.concat([first, second]))).toBe(true);
  });
});
