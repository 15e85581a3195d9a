import { afterEach, describe, expect, it } from 'vitest';
import { Agent, Client, request } from 'undici';
import { closedServerUrl, json, sse, sseFrame, type TestServer, startTestServerPerTest } from '../helpers/test-server.js';
import { ON_DENO } from '../helpers/runtime.js';

const startServer = startTestServerPerTest();
let server: TestServer | undefined;
const agents: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

function agent(): Agent {
  const a = new Agent({ keepAliveTimeout: 10_000 });
  agents.push(a);
  return a;
}

const echo = (): Promise<TestServer> =>
  startServer((req, res) => json(res, 200, { path: req.path, n: req.index, body: req.text() }));

/** Reads a web body until it errors or ends; returns the text read and the error (if any). */
async function drain(body: ReadableStream<Uint8Array>): Promise<{ text: string; error: unknown }> {
  const reader = body.getReader();
  const dec = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += dec.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe('startTestServer basics', () => {
  it('records method, path, query, headers and body in order', async () => {
    server = await echo();
    const r = await fetch(`${server.url}/v2/models/m/infer?x=1&y=two`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'a' },
      body: JSON.stringify({ inputs: [] }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ path: '/v2/models/m/infer', n: 0, body: '{"inputs":[]}' });
    await fetch(`${server.url}/v2/health/live`);
    const [a, b] = server.requests;
    expect(a?.method).toBe('POST');
    expect(a?.path).toBe('/v2/models/m/infer');
    expect(a?.url).toBe('/v2/models/m/infer?x=1&y=two');
    expect(a?.query.get('y')).toBe('two');
    expect(a?.headers['x-test']).toBe('a');
    expect(a?.json()).toEqual({ inputs: [] });
    expect(a?.bodyComplete).toBe(true);
    expect(b?.index).toBe(1);
    expect(b?.method).toBe('GET');
    expect(b!.receivedAt).toBeGreaterThanOrEqual(a!.receivedAt);
    expect(server.count('/v2/health/live')).toBe(1);
    expect(server.count(/^\/v2\//)).toBe(2);
    expect(server.count((r) => r.method === 'POST')).toBe(1);
    expect(server.count()).toBe(2);
  });

  it('keeps connections alive and destroyConnections() drops them', async () => {
    server = await echo();
    // A single-connection undici Client: an Agent's pool may open a second socket on its own.
    const dispatcher = new Client(server.url, { keepAliveTimeout: 10_000 });
    agents.push(dispatcher);
    for (let i = 0; i < 3; i++) {
      const r = await request(`${server.url}/a`, { dispatcher });
      await r.body.text();
    }
    expect(new Set(server.requests.map((r) => r.connectionId)).size).toBe(1);
    expect(server.openConnections()).toBe(1);
    server.destroyConnections();
    expect(server.openConnections()).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    const r = await request(`${server.url}/a`, { dispatcher });
    await r.body.text();
    expect(server.requests[3]?.connectionId).not.toBe(server.requests[0]?.connectionId);
    expect(server.connectionCount()).toBe(2);
  });

  it('turns a throwing handler into a 500 and keeps the error', async () => {
    server = await startServer(() => {
      throw new Error('boom');
    });
    const r = await fetch(`${server.url}/x`);
    expect(r.status).toBe(500);
    expect(await r.text()).toContain('boom');
    expect(server.handlerErrors).toHaveLength(1);
  });

  it('sse() writes JSON, raw-string and explicit frames', async () => {
    server = await startServer(async (_req, res) => {
      await sse(res, [{ a: 1 }, sseFrame({ event: 'output', id: '7', data: 'l1\nl2' }), '[DONE]'], { delayMs: 5 });
    });
    const r = await fetch(`${server.url}/s`);
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    expect(await r.text()).toBe('data: {"a":1}\n\nevent: output\nid: 7\ndata: l1\ndata: l2\n\ndata: [DONE]\n\n');
  });

  it('setHandler() swaps behaviour and reset() clears requests, faults and errors', async () => {
    server = await echo();
    server.faults.push({ fault: { kind: 'status', status: 500 }, times: 5 });
    expect((await fetch(`${server.url}/a`)).status).toBe(500);
    server.reset();
    expect(server.requests).toHaveLength(0);
    expect(server.faults.pending()).toBe(0);
    expect(server.faults.fired).toHaveLength(0);
    server.setHandler((_req, res) => json(res, 202, { swapped: true }));
    const r = await fetch(`${server.url}/a`);
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ swapped: true });
    expect(server.requests[0]?.index).toBe(1);
  });

  it('waitForRequests resolves once enough requests arrived and rejects on timeout', async () => {
    server = await echo();
    const waiting = server.waitForRequests(2, 1000);
    await fetch(`${server.url}/1`);
    await fetch(`${server.url}/2`);
    await expect(waiting).resolves.toBeUndefined();
    await expect(server.waitForRequests(3, 30)).rejects.toThrow(/expected 3 requests/);
  });

  it('openResponses() counts answers still held open, until they finish or the client lets go', async () => {
    server = await echo();
    await fetch(`${server.url}/done`).then((r) => r.text());
    expect(server.openResponses()).toBe(0);
    server.faults.push({ match: '/held', fault: { kind: 'stall-body' } });
    const ac = new AbortController();
    const r = await fetch(`${server.url}/held`, { signal: ac.signal });
    expect(r.status).toBe(200);
    expect(server.openResponses()).toBe(1);
    ac.abort();
    for (let i = 0; i < 200 && server.openResponses() > 0; i++) await new Promise((res) => setTimeout(res, 5));
    expect(server.openResponses()).toBe(0);
  });
});

describe('fault injection', () => {
  it('status faults carry headers/body, are consumed in order and respect times', async () => {
    server = await echo();
    const date = new Date(Date.now() + 2000).toUTCString();
    server.faults.push(
      { match: '/x', fault: { kind: 'status', status: 429, headers: { 'retry-after': '2' } } },
      { match: '/x', fault: { kind: 'status', status: 429, headers: { 'retry-after': date } } },
      { match: '/x', fault: { kind: 'status', status: 429, headers: { 'retry-after-ms': '150' } } },
      { match: '/x', fault: { kind: 'status', status: 503, headers: { 'x-should-retry': 'false' }, body: { detail: 'down' } }, times: 2 },
    );
    const seen: [number, string | null, string | null, string | null][] = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${server.url}/x`);
      seen.push([r.status, r.headers.get('retry-after'), r.headers.get('retry-after-ms'), r.headers.get('x-should-retry')]);
      if (i === 4) expect(await r.json()).toEqual({ detail: 'down' });
      else await r.text();
    }
    expect(seen).toEqual([
      [429, '2', null, null],
      [429, date, null, null],
      [429, null, '150', null],
      [503, null, null, 'false'],
      [503, null, null, 'false'],
    ]);
    const ok = await fetch(`${server.url}/x`);
    expect(ok.status).toBe(200);
    expect(server.faults.pending()).toBe(0);
    expect(server.faults.fired.map((f) => f.requestIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(server.count('/x')).toBe(6);
  });

  it('faults only hit matching paths and methods', async () => {
    server = await echo();
    server.faults.push({ match: '/x', method: 'POST', fault: { kind: 'status', status: 503 } });
    expect((await fetch(`${server.url}/y`, { method: 'POST', body: '1' })).status).toBe(200);
    expect((await fetch(`${server.url}/x`)).status).toBe(200);
    expect((await fetch(`${server.url}/x`, { method: 'POST', body: '1' })).status).toBe(503);
  });

  it('reset-before-response: socket reset before the body is read; request recorded without body', async () => {
    server = await echo();
    server.faults.push({ match: '/v2/x', fault: { kind: 'reset-before-response' } });
    const big = 'x'.repeat(4 * 1024 * 1024);
    const err = await request(`${server.url}/v2/x`, { method: 'POST', body: big, dispatcher: agent() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.bodyComplete).toBe(false);
    expect(server.requests[0]?.body.length).toBe(0);
    expect(server.requests[0]?.fault).toBe('reset-before-response');
  });

  it('reset-after-body: the full body is recorded exactly once, then the connection dies without a response', async () => {
    server = await echo();
    server.faults.push({ match: '/v1/predictions', fault: { kind: 'reset-after-body' } });
    const body = JSON.stringify({ version: 'v', input: { n: 1 } });
    const err = await request(`${server.url}/v1/predictions`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      dispatcher: agent(),
    }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toBeInstanceOf(Error);
    expect(err?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(server.count('/v1/predictions')).toBe(1);
    expect(server.requests[0]?.bodyComplete).toBe(true);
    expect(server.requests[0]?.text()).toBe(body);
  });

  it('reset-mid-body: headers and part of the body arrive, then reading fails', async () => {
    server = await echo();
    server.faults.push({ match: '/m', fault: { kind: 'reset-mid-body', body: '{"outputs":[1,' } });
    const r = await fetch(`${server.url}/m`);
    expect(r.status).toBe(200);
    const { text, error } = await drain(r.body!);
    expect(text).toBe('{"outputs":[1,');
    expect(error).toBeInstanceOf(Error);
  });

  it('no-headers: never answers; the client times out, and close() frees the held socket', async () => {
    server = await echo();
    server.faults.push({ match: '/hang', fault: { kind: 'no-headers' } });
    const err = await fetch(`${server.url}/hang`, { signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(server.count('/hang')).toBe(1);

    server.faults.push({ match: '/hang', fault: { kind: 'no-headers' } });
    const pending = request(`${server.url}/hang`, { dispatcher: agent() }).catch((e: unknown) => e);
    await server.waitForRequests(2);
    // (a close() that left the socket held would wait for Node's 300 s request timeout: the test's
    // own limit ends it first)
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('stall-body: headers and a partial body, then silence', async () => {
    server = await echo();
    server.faults.push({
      match: '/s',
      fault: { kind: 'stall-body', headers: { 'content-type': 'text/event-stream' }, body: 'data: {"a":1}\n\n' },
    });
    const ac = new AbortController();
    const r = await fetch(`${server.url}/s`, { signal: ac.signal });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const reader = r.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: {"a":1}\n\n');
    const next = await Promise.race([reader.read().then(() => 'data'), new Promise((res) => setTimeout(res, 150, 'silence'))]);
    expect(next).toBe('silence');
    ac.abort();
  });

  it('truncated-sse: some events, then the stream breaks without a clean end', async () => {
    server = await echo();
    server.faults.push({ match: '/g', fault: { kind: 'truncated-sse', events: [{ t: 'a' }, { t: 'b' }], delayMs: 5 } });
    const r = await fetch(`${server.url}/g`, { method: 'POST', body: '{}' });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const { text, error } = await drain(r.body!);
    expect(text).toBe('data: {"t":"a"}\n\ndata: {"t":"b"}\n\n');
    expect(error).toBeInstanceOf(Error);
  });

  it('invalid-json: 200 with a body that does not parse', async () => {
    server = await echo();
    server.faults.push({ match: '/j', fault: { kind: 'invalid-json' } });
    const r = await fetch(`${server.url}/j`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    await expect(r.json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('delay: waits, then runs the handler', async () => {
    server = await echo();
    server.faults.push({ match: '/d', fault: { kind: 'delay', ms: 120 } });
    const t0 = performance.now();
    const r = await fetch(`${server.url}/d`);
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it('closedServerUrl(): connection refused', async () => {
    const url = await closedServerUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const err = await fetch(`${url}/x`).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string; cause?: { code?: string; message?: string } },
    );
    // Node's fetch puts the socket error's code in `cause`, Bun's on the TypeError itself; Deno's
    // cause has only a message
    if (ON_DENO) expect(err?.cause?.message).toMatch(/Connection refused/);
    else expect(err?.cause?.code ?? err?.code).toBe('ECONNREFUSED');
  });

  it('rejects a rule with times <= 0', async () => {
    server = await echo();
    expect(() => server!.faults.push({ fault: { kind: 'no-headers' }, times: 0 })).toThrow(/times/);
  });
});
