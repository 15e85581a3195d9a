/**
 * A stream error's message is cut only after the call's credentials were scrubbed from it: a key a
 * server echoed across the cut must leave no part of itself behind (message, cause, the bytes
 * toReadableStream() writes, the not-an-event-stream error, an error event whose data is a JSON string).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, requestStream, StreamError } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from './_leak.js';

const KEY = 'sk-audit-stream-0123456789abcdefghijklmn'; // 40 characters
const LEAKED_PART = KEY.slice(0, 24); // what remains of the key before a cut at 200

let server: TestServer;
afterEach(() => server?.close());

function sseServer(secondEventData: (auth: string) => string, event?: string): Promise<TestServer> {
  return startTestServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const auth = String(req.headers.authorization).slice('Bearer '.length);
    res.write('data: {"n":1}\n\n');
    res.end(`${event ? `event: ${event}\n` : ''}data: ${secondEventData(auth)}\n\n`);
  });
}

/** Reads the stream at /s of `server` with the test key until it fails; its error. */
async function errorOfStream(server: TestServer): Promise<unknown> {
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'audit.stream' });
  return rejectionOf((async () => {
    for await (const _ of stream) void _;
  })());
}

describe('stream errors cut before scrubbing', () => {
  it('a malformed event echoing the key across the 200-character cut leaks no part of it', async () => {
    // 'malformed event: ' + data.slice(0, 200): the key starts at 176, so 24 of its 40 characters survive the cut
    server = await sseServer((auth) => `${'x'.repeat(176)}${auth}`);
    const err = await errorOfStream(server);
    expect(err).toBeInstanceOf(StreamError);
    expect(textsOf(err).filter((t) => t.includes(LEAKED_PART))).toEqual([]);
  });

  it('toReadableStream writes no part of a key cut at the 500-character limit of an error event', async () => {
    server = await sseServer((auth) => `${'y'.repeat(476)}${auth}`, 'error');
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const stream = await requestStream(client, { method: 'GET', path: '/s', operation: 'audit.stream' });
    const text = await new Response(stream.toReadableStream()).text();
    expect(text).toContain('event: error');
    expect(text).not.toContain(LEAKED_PART);
  });

  it('a 200 text answer to a stream request (not an event stream) leaks no part of a key cut at 500 characters', async () => {
    server = await startTestServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${'z'.repeat(476)}${String(req.headers.authorization).slice('Bearer '.length)}`);
    });
    const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
    const err = await rejectionOf(requestStream(client, { method: 'GET', path: '/s', operation: 'audit.stream' }));
    expect(err).toBeInstanceOf(StreamError);
    expect(textsOf(err).filter((t) => t.includes(LEAKED_PART))).toEqual([]);
  });
  it('an error event whose data is a JSON string echoing the key across a 500-character cut leaks no part of it', async () => {
    // a JSON string payload is taken whole (errorMessageOf alone would cut it at 500, before the scrub)
    server = await sseServer((auth) => JSON.stringify(`${'q'.repeat(476)}${auth}`), 'error');
    const err = await errorOfStream(server);
    expect(err).toBeInstanceOf(StreamError);
    expect(textsOf(err).filter((t) => t.includes(LEAKED_PART))).toEqual([]);
  });
});
