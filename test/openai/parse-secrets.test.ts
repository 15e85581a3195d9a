/**
 * parseChatCompletion's validation errors (content that is not JSON, parsed content that fails the
 * schema) keep no credential: the parser's message is not quoted, bodies and issues are scrubbed.
 */
import { afterEach, expect, it } from 'vitest';
import { createClient, ResponseValidationError, type StandardSchemaV1 } from '../../src/index.js';
import { parseChatCompletion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

// short enough that V8's JSON.parse message quotes it whole ("sk-r7-key"... is not valid JSON)
const KEY = 'sk-r7-key';
let server: TestServer;
afterEach(() => server?.close());

function completion(content: string): unknown {
  return {
    id: 'c1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  };
}

const Answer: StandardSchemaV1<unknown, { n: number }> = {
  '~standard': {
    version: 1,
    vendor: 'review7',
    validate: (value) => {
      const n = (value as { n?: unknown } | null)?.n;
      return typeof n === 'number' ? { value: { n } } : { issues: [{ message: `expected a number, received ${JSON.stringify(n)}`, path: ['n'] }] };
    },
  },
};
const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], schema: Answer, jsonSchema: { type: 'object' } };

const echo = (req: { headers: Record<string, unknown> }): string => String(req.headers.authorization).slice('Bearer '.length);

it('content that is not JSON and echoes the key: scrubbed from message, cause and body', async () => {
  server = await startTestServer((req, res) => json(res, 200, completion(echo(req))));
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(parseChatCompletion(client, params));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});

it('parsed content that fails the schema and echoes the key: scrubbed from issues and body', async () => {
  server = await startTestServer((req, res) => json(res, 200, completion(JSON.stringify({ n: `token ${echo(req)}` }))));
  const client = createClient({ baseURL: server.url, apiKey: KEY, retry: false });
  const err = await rejectionOf(parseChatCompletion(client, params));
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(textsOf(err).filter((t) => t.includes(KEY))).toEqual([]);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});

it('content that is not JSON and echoes a long key: no cut piece of it in the parser message', async () => {
  const LONG = 'sk-r7-longer-key-0123456789abcdef';
  server = await startTestServer((req, res) => json(res, 200, completion(String(req.headers.authorization).slice('Bearer '.length))));
  const client = createClient({ baseURL: server.url, apiKey: LONG, retry: false });
  const err = await rejectionOf(parseChatCompletion(client, params));
  expect(err).toBeInstanceOf(ResponseValidationError);
  // V8 quotes the first 10 characters of the text it could not parse
  expect(textsOf(err).filter((t) => t.includes(LONG.slice(0, 10)))).toEqual([]);
});
