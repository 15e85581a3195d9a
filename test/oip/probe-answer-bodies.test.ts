/**
 * inference_rest.md defines what the health and readiness endpoints answer: `$ready_model_response
 * = { "name": $string, "ready": $bool }`, `$ready_server_response = { "live": $bool }` (sic; servers
 * send `ready`), `$live_server_response = { "live": $bool }`. A 200 whose body says `false` is a
 * server that is not ready (or not live): the probe gives `false`, and `waitUntilReady` keeps
 * polling. A 200 with no body (Triton), a `true` or a body that is not such an object stays `true`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { modelReady, serverLive, serverReady, waitUntilReady } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The 200 body the server answers (undefined: an empty body). */
let body: unknown;
/** When set, the answers in turn, the last repeated. */
let sequence: unknown[] | undefined;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    const answer = sequence ? (sequence.length > 1 ? sequence.shift() : sequence[0]) : body;
    if (answer === undefined) return void res.writeHead(200).end();
    if (typeof answer === 'string') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(answer);
    json(res, 200, answer);
  });
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });

describe('a 200 answer whose body says false', () => {
  it.each([
    ['modelReady', { name: 'm', ready: false }, () => modelReady(client(), 'm')],
    ['modelReady (a version)', { name: 'm', ready: false }, () => modelReady(client(), 'm', { version: '2' })],
    ['serverReady', { ready: false }, () => serverReady(client())],
    ['serverReady (the spec object: live)', { live: false }, () => serverReady(client())],
    ['serverLive', { live: false }, () => serverLive(client())],
  ] as const)('%s with %j gives false', async (_name, answer, call) => {
    sequence = undefined;
    body = answer;
    expect(await call()).toBe(false);
  });
});

describe('a 200 answer that does not say false', () => {
  it.each([
    ['no body', undefined],
    ['ready: true', { name: 'm', ready: true }],
    ['an empty object', {}],
    ['text', 'OK'],
    ['ready: "false" (not a boolean)', { ready: 'false' }],
  ] as const)('%s gives true', async (_name, answer) => {
    sequence = undefined;
    body = answer;
    expect(await modelReady(client(), 'm')).toBe(true);
    expect(await serverReady(client())).toBe(true);
  });

  it('serverLive is not read as readiness: { live: true, ready: false } is live', async () => {
    sequence = undefined;
    body = { live: true, ready: false };
    expect(await serverLive(client())).toBe(true);
  });
});

it('waitUntilReady polls past 200 { ready: false } answers until one says ready', async () => {
  server.reset();
  sequence = [{ name: 'm', ready: false }, { name: 'm', ready: false }, { name: 'm', ready: true }];
  await waitUntilReady(client(), 'm', { intervalMs: 1, timeoutMs: 10_000 });
  expect(server.count('/v2/models/m/ready')).toBe(3);
});
