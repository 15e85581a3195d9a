/**
 * How the undici transport ends a call (src/undici/response.ts): an abort through a plain signal
 * (a WireRequest with no `onAbort`, as a transport used directly receives it), an abort of a
 * request still waiting for a pooled connection, and body failures that happen before or while the
 * body is read (whole or streamed, with data still queued).
 */
import { describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, type WireRequest } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { deferred, rejectionOf, within } from '../core/_support.js';
import { delay, json, startTestServerPerTest, write } from '../helpers/test-server.js';
import { wireRequest } from './_support.js';

const startServer = startTestServerPerTest();

const wire = (url: string, extra: Partial<WireRequest> = {}): WireRequest => wireRequest(url, 'test.undici-end', extra);

/** Subscribes like the core does: a callback, no AbortSignal listener. */
const onAbortOf =
  (controller: AbortController): WireRequest['onAbort'] =>
  (callback) => {
    controller.signal.addEventListener('abort', callback);
    return () => controller.signal.removeEventListener('abort', callback);
  };

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, label: string): Promise<void> {
  await within(
    (async () => {
      while (!check()) await delay(5);
    })(),
    5000,
    label,
  );
}

describe('undiciTransport aborts', () => {
  it('an already aborted plain signal rejects with AbortError and opens no connection', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const err = await rejectionOf(undiciTransport()(wire(`${server.url}/x`, { signal: AbortSignal.abort() })));
    expect(err).toBeInstanceOf(AbortError);
    await delay(50);
    expect(server.connectionCount()).toBe(0);
  });

  it.each([
    ['a plain signal', false],
    ['an onAbort subscription', true],
  ])('an abort through %s while waiting for headers rejects with AbortError and drops the connection', async (_how, subscribe) => {
    const closed = deferred();
    const server = await startServer((_req, res) => {
      res.on('close', () => closed.resolve()); // never answers
    });
    const controller = new AbortController();
    const pending = undiciTransport()(wire(`${server.url}/h`, { signal: controller.signal, onAbort: subscribe ? onAbortOf(controller) : undefined }));
    await until(() => server.count('/h') === 1, 'request arrived');
    controller.abort();
    expect(await within(rejectionOf(pending), 5000, 'abort')).toBeInstanceOf(AbortError);
    await within(closed.promise, 5000, 'the server saw the connection close');
  });

  it('an abort of a request queued behind a busy connection rejects at once and the request is never sent', async () => {
    const release = deferred();
    const server = await startServer(async (req, res) => {
      if (req.path === '/busy') await release.promise;
      json(res, 200, { path: req.path });
    });
    const transport = undiciTransport({ connections: 1 });
    const busy = transport(wire(`${server.url}/busy`));
    await until(() => server.count('/busy') === 1, 'first request arrived');
    const controller = new AbortController();
    const queued = transport(wire(`${server.url}/queued`, { signal: controller.signal, onAbort: onAbortOf(controller) }));
    await delay(20);
    controller.abort();
    expect(await within(rejectionOf(queued), 5000, 'queued abort')).toBeInstanceOf(AbortError);
    release.resolve();
    expect(JSON.parse(await (await busy).text())).toEqual({ path: '/busy' });
    // the connection is free again: a later request goes through, the aborted one was never sent
    expect(JSON.parse(await (await transport(wire(`${server.url}/later`))).text())).toEqual({ path: '/later' });
    expect(server.requests.map((r) => r.path)).toEqual(['/busy', '/later']);
  });

  it('an abort fails a streamed body at once, even with data queued', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      await write(res, 'queued'); // then silence
    });
    const controller = new AbortController();
    const res = await undiciTransport()(wire(`${server.url}/s`, { signal: controller.signal, onAbort: onAbortOf(controller) }));
    const reader = res.body!.getReader();
    await delay(100); // the chunk is queued, unread
    controller.abort();
    expect(await rejectionOf(reader.read())).toBeInstanceOf(AbortError);
  });
});

describe('undiciTransport body failures', () => {
  /** Headers and two separate chunks, then the connection is destroyed (no end of body). */
  const dropAfterTwoChunks = async (_req: unknown, res: import('node:http').ServerResponse): Promise<void> => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
    res.flushHeaders();
    await write(res, 'one;');
    await delay(20);
    await write(res, 'two;');
    await delay(20);
    res.socket?.destroy();
  };

  it('a failure before text() is called rejects text() (it does not wait for an end that never comes)', async () => {
    const server = await startServer(dropAfterTwoChunks);
    const res = await undiciTransport()(wire(`${server.url}/d`));
    await delay(200); // the drop has happened
    expect(await within(rejectionOf(res.text()), 5000, 'text()')).toBeInstanceOf(ConnectionError);
  });

  it('a failure before the body stream is made: the stream gives the data that arrived, then the error', async () => {
    const server = await startServer(dropAfterTwoChunks);
    const res = await undiciTransport()(wire(`${server.url}/d`));
    await delay(200);
    const reader = res.body!.getReader();
    let got = '';
    const err = await within(
      rejectionOf(
        (async () => {
          for (let r = await reader.read(); !r.done; r = await reader.read()) got += Buffer.from(r.value).toString();
        })(),
      ),
      5000,
      'stream',
    );
    expect(got).toBe('one;two;');
    expect(err).toBeInstanceOf(ConnectionError);
  });

  it('a failure while the stream holds several unread chunks: every chunk is read first, then the error', async () => {
    const server = await startServer(dropAfterTwoChunks);
    const res = await undiciTransport()(wire(`${server.url}/d`));
    const reader = res.body!.getReader(); // the stream exists before the data arrives
    await delay(200); // both chunks and the drop arrived, nothing read yet
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString()).toBe('one;');
    const second = await within(reader.read(), 5000, 'second chunk');
    expect(Buffer.from(second.value!).toString()).toBe('two;');
    expect(await within(rejectionOf(reader.read()), 5000, 'the error after the data')).toBeInstanceOf(ConnectionError);
  });

  it('a corrupt gzip body fails the stream (no crash, no hang)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end('this is not gzip');
    });
    const res = await undiciTransport()(wire(`${server.url}/z`));
    await within(rejectionOf(new Response(res.body).text()), 5000, 'corrupt gzip');
  });

  it('an empty gzip-coded body streams as empty', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end();
    });
    const res = await undiciTransport()(wire(`${server.url}/z`));
    expect(await new Response(res.body).text()).toBe('');
  });
});
