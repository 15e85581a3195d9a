/**
 * zstd (docs/core.md, Transports): the undici transport undoes a zstd content coding exactly where
 * undici's own fetch does, that is where node:zlib has zstd (Node 22.15+, 23.8+); elsewhere zstd is
 * an unknown coding and the body is passed on as it came. Compared with the fetch of the undici
 * package the transport runs on (Node's built-in fetch differs by version: Node 22's does not
 * undo zstd, Node 24's does).
 */
import * as zlib from 'node:zlib';
import { fetch as undiciFetch } from 'undici';
import { expect, it } from 'vitest';
import { undiciTransport } from '../../src/undici/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();
const zstdCompress = (zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync;
// real zstd where this runtime can make it, else bytes that only a pass-through keeps readable
const body = zstdCompress ? zstdCompress(Buffer.from('zstd text '.repeat(50))) : Buffer.from('not undone');
const expected = zstdCompress ? 'zstd text '.repeat(50) : 'not undone';

it.each(['read whole', 'streamed'])('%s: a zstd body reads as undici fetch reads it', async (how) => {
  const server = await startServer((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'zstd' });
    res.end(body);
  });
  const viaFetch = await (await undiciFetch(`${server.url}/z`)).text();
  const res = await undiciTransport()(wireRequest(`${server.url}/z`, 'test.zstd'));
  const viaTransport = how === 'read whole' ? await res.text() : await new Response(res.body).text();
  expect(viaFetch).toBe(expected);
  expect(viaTransport).toBe(viaFetch);
});
