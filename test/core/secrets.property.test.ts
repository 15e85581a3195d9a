/**
 * Secrets (src/core/redact.ts, errors.ts, the call paths that scrub): for arbitrary credentials
 * (the API key, or a credential header of the client or of the call, with any name the SDK counts
 * as one), answered by a loopback server that echoes what it received — the key as sent or as the
 * transport trimmed it, with or without its scheme, inside JSON strings or property names, in a text
 * body, in response headers, in an SSE error event — no text of the failed call (message, String,
 * stack, toJSON, util.inspect, the cause chain, every log line) contains the credential.
 *
 * Keys shorter than 4 characters are not scrubbed by value (docs/core.md: too many false matches),
 * so credentials here have at least 4 non-space characters. The scenarios run on both transports.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, loggingMiddleware, request, requestStream, type ClientOptions, type Logger } from '../../src/index.js';
import { props } from '../helpers/property.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { textsOf } from './_leak.js';
import { TRANSPORTS } from './_support.js';

/** Visible ASCII and spaces: what a header value may hold (createClient refuses anything else). */
const headerChar = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const credential = fc
  .string({ unit: headerChar, minLength: 4, maxLength: 24 })
  .filter((k) => k.trim().replace(/ /g, '').length >= 4)
  .map((k) => `Z${k}`); // one fixed character keeps it out of the SDK's own wording ("error", "status", …)

const where = fc.constantFrom('apiKey', 'client-header', 'call-header');
const headerName = fc.constantFrom('authorization', 'x-api-key', 'X-Auth-Token', 'proxy-authorization', 'x-goog-api-key', 'my-secret', 'cookie', 'Api-Password');
const scheme = fc.constantFrom('', 'Bearer ', 'Token ', 'Basic ', ' Bearer ', '  ');
/** How the server echoes what it received. */
const echo = fc.record({
  status: fc.constantFrom(400, 401, 403, 404, 409, 422, 429, 500, 503),
  body: fc.constantFrom('json-message', 'json-key', 'json-nested', 'text', 'html', 'empty'),
  header: fc.boolean(),
  whole: fc.boolean(), // the header value with its scheme, or only what follows the first space
  pad: fc.constantFrom('', ' ', '"', '\\', 'é'),
});
const scenario = fc.record({ key: credential, where, name: headerName, scheme, echo, stream: fc.boolean(), logHeaders: fc.boolean() });
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

let server: TestServer;
let current: Scenario | undefined;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const s = current!;
    const name = s.where === 'apiKey' ? 'authorization' : s.name.toLowerCase();
    const sent = String(req.headers[name] ?? '');
    const got = s.echo.whole ? sent : sent.slice(sent.indexOf(' ') + 1);
    const text = `${s.echo.pad}${got}${s.echo.pad}`;
    const headers: Record<string, string> = {};
    if (s.echo.header) headers['x-request-id'] = got.replace(/[^\x20-\x7e]/g, '');
    if (s.stream && s.echo.status === 400) {
      res.writeHead(200, { 'content-type': 'text/event-stream', ...headers });
      res.end(`data: {"n":1}\n\nevent: error\ndata: ${JSON.stringify({ error: { message: `bad credential ${text}` } })}\n\n`);
      return;
    }
    const bodies: Record<string, [string, string]> = {
      'json-message': ['application/json', JSON.stringify({ error: { message: `invalid credential: ${text}`, type: 'auth' } })],
      'json-key': ['application/json', JSON.stringify({ [text]: 'unknown key', detail: [text] })],
      'json-nested': ['application/json', JSON.stringify({ errors: [{ loc: ['header', text], msg: text }] })],
      text: ['text/plain', `denied for ${text}`],
      html: ['text/html', `<html><body>${text}</body></html>`],
      empty: ['text/plain', ''],
    };
    const [type, body] = bodies[s.echo.body]!;
    res.writeHead(s.echo.status, { 'content-type': type, ...headers });
    res.end(body);
  });
});
afterAll(() => server.close());

describe.each(TRANSPORTS)('no text of a failed call holds its credential, over %s', (name, makeTransport) => {
  it('whatever the credential, where it is set and how the server echoes it', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        current = s;
        const lines: string[] = [];
        const log = (level: string) => (message: string, fields: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields)} ${inspect(fields, { depth: 6 })}`);
        const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
        const value = `${s.scheme}${s.key}`;
        const options: ClientOptions = {
          baseURL: server.url,
          transport: makeTransport(),
          retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 },
          middleware: [loggingMiddleware(logger, { logHeaders: s.logHeaders })],
          ...(s.where === 'apiKey' ? { apiKey: s.key } : s.where === 'client-header' ? { headers: { [s.name]: value } } : {}),
        };
        const call = s.where === 'call-header' ? { headers: { [s.name]: value } } : undefined;
        const client = createClient(options);
        let error: unknown;
        try {
          if (s.stream) {
            const stream = await requestStream(client, { method: 'POST', path: '/s', body: { q: 1 }, operation: 'prop.stream' }, call);
            for await (const _ of stream) void _;
          } else await request(client, { method: 'POST', path: '/r', body: { q: 1 }, operation: 'prop.call' }, call);
        } catch (e) {
          error = e;
        }
        expect(error, name).toBeDefined();
        // what the server could have seen of it: as set, and as a transport trims it
        const forms = [s.key, s.key.trim()].filter((k) => k.length >= 4);
        const texts = [...textsOf(error), ...lines];
        const leaks = texts.filter((t) => forms.some((k) => t.includes(k)));
        expect(leaks, `key ${JSON.stringify(s.key)}`).toEqual([]);
      }),
      props(name === 'fetch' ? 0x5ec0 : 0x5ec1, 120),
    );
  });

  it('a credential no header can carry (non-ASCII, control characters) is refused or fails without being quoted', async () => {
    const odd = fc
      .tuple(fc.string({ unit: headerChar, minLength: 2, maxLength: 8 }), fc.constantFrom('é', '\u6f22', '\ud83d\ude00', '\u0001', '\u007f', '\t', '\u00ff', '\u0100'), fc.string({ unit: headerChar, minLength: 2, maxLength: 8 }))
      .map(([a, c, b]) => `Z${a}${c}${b}`);
    await fc.assert(
      fc.asyncProperty(odd, where, headerName, async (key, at, header) => {
        current = { key, where: at, name: header, scheme: '', echo: { status: 401, body: 'json-message', header: false, whole: true, pad: '' }, stream: false, logHeaders: true };
        const lines: string[] = [];
        const logger: Logger = { debug: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`), info: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`), warn: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`), error: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`) };
        let error: unknown;
        try {
          const client = createClient({
            baseURL: server.url,
            transport: makeTransport(),
            retry: false,
            middleware: [loggingMiddleware(logger, { logHeaders: true })],
            ...(at === 'apiKey' ? { apiKey: key } : at === 'client-header' ? { headers: { [header]: key } } : {}),
          });
          await request(client, { method: 'GET', path: '/r', operation: 'prop.odd' }, at === 'call-header' ? { headers: { [header]: key } } : undefined);
        } catch (e) {
          error = e;
        }
        // a tab is a valid header character: such a key may be sent and answered 401
        expect(error).toBeDefined();
        const texts = [...textsOf(error), ...lines];
        expect(texts.filter((t) => t.includes(key.trim())), JSON.stringify(key)).toEqual([]);
      }),
      props(name === 'fetch' ? 0x5ec2 : 0x5ec3, 60),
    );
  });
});
