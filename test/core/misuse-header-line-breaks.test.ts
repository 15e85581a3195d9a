/**
 * Header values with a line break or NUL (a key pasted from a file with its newline, a value
 * built from user text) are refused before sending, on both transports, naming the header and
 * never quoting the value. Without the check, fetch trims a trailing newline and sends the rest,
 * fetch refuses one inside with a TypeError that quotes the whole header, and undici refuses at
 * send time: three behaviours for one mistake.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient, request, type Transport } from '../../src/index.js';
import { undiciTransport } from '../../src/undici/index.js';
import { expectRefused, useServer } from './_misuse.js';

const box = useServer();
const get = { method: 'GET' as const, path: '/x', operation: 'audit.get', responseType: 'none' as const };
const SECRET = 'sk-line-7e2f';
const TRANSPORTS: Array<[string, () => Transport | undefined]> = [
  ['fetch', () => undefined],
  ['undici', () => undiciTransport()],
];

/** Every text an error shows: message, stack, inspect, JSON. */
function shown(err: Error): string {
  return [err.message, String(err.stack), inspect(err, { depth: 6 }), JSON.stringify(err)].join('\n');
}

describe.each(TRANSPORTS)('header values with line breaks (%s transport)', (_name, transport) => {
  it.each([
    ['a trailing newline', `Bearer ${SECRET}\n`],
    ['a CRLF inside', `Bearer ${SECRET}\r\nx-injected: 1`],
    ['a NUL', `Bearer ${SECRET}\0`],
  ])('a client credential header with %s is refused by createClient, value not shown', async (_what, value) => {
    const err = await expectRefused(box.server, () => createClient({ baseURL: box.server.url, transport: transport(), headers: { Authorization: value } }), /^headers\.Authorization$/);
    expect(shown(err)).not.toContain(SECRET);
  });

  it('a client header that is not a credential is refused too', async () => {
    await expectRefused(box.server, () => createClient({ baseURL: box.server.url, transport: transport(), headers: { 'x-team': 'search\n' } }), /^headers\.x-team$/);
  });

  it('a per-call credential header with a newline is refused before sending, value not shown', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, transport: transport() });
    const err = await expectRefused(box.server, () => request(client, get, { headers: { 'x-api-key': `${SECRET}\n` } }), /^headers\.x-api-key$/);
    expect(err.operation).toBe('audit.get');
    expect(shown(err)).not.toContain(SECRET);
  });

  it('a per-call header with a CR inside is refused before sending', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, transport: transport() });
    await expectRefused(box.server, () => request(client, get, { headers: { 'x-trace': 'a\rb' } }), /^headers\.x-trace$/);
  });

  it('values HTTP allows still go out: tabs, spaces inside, Latin-1 text', async () => {
    const client = createClient({ baseURL: box.server.url, retry: false, transport: transport(), headers: { 'x-team': 'search\tteam' } });
    const before = box.server.requests.length;
    await request(client, get, { headers: { 'x-title': 'caf\u00e9 bar' } });
    const sent = box.server.requests[before]!;
    expect(sent.headers['x-team']).toBe('search\tteam');
    expect(Buffer.from(sent.headers['x-title'] as string, 'latin1').toString('latin1')).toBe('caf\u00e9 bar');
  });
});
