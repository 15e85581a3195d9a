/**
 * A body is read once (WireResponse, docs/core.md): a second `text()` or `arrayBuffer()`, whether
 * the first finished or is still reading, is refused with fetch's TypeError on both transports.
 * The undici transport answered a finished read with an empty body (a silently wrong value), and
 * a second read made while the first still waited took over its wait, so the first never settled.
 */
import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/index.js';
import { TRANSPORTS } from '../core/_support.js';
import { delay, startTestServerPerTest, write } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

describe.each(TRANSPORTS)('%s transport: a body is read once', (_name, makeTransport: () => Transport) => {
  it('text() after text() is refused with a TypeError, not an empty string', async () => {
    const server = await startServer((_req, res) => void res.end('hello'));
    const res = await makeTransport()(wireRequest(`${server.url}/t`, 'test.once'));
    expect(await res.text()).toBe('hello');
    await expect(res.text()).rejects.toThrow(TypeError);
    await expect(res.arrayBuffer()).rejects.toThrow(TypeError);
  });

  it('a second read while the first still waits for the body is refused, and the first gets the whole body', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      await write(res, 'hel');
      await delay(30);
      res.end('lo');
    });
    const res = await makeTransport()(wireRequest(`${server.url}/t`, 'test.once'));
    const first = res.text();
    const second = res.arrayBuffer();
    await expect(second).rejects.toThrow(TypeError);
    expect(await first).toBe('hello');
  });
});
