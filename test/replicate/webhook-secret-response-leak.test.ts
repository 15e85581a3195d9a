/**
 * The answer of GET /webhooks/default/secret is the signing secret itself. When it does not match its
 * shape (a truncated body, a renamed or mistyped `key`), the ResponseValidationError kept it whole
 * in `body`, an enumerable property that loggers copying an error's properties (pino's err
 * serializer) write out. The error now says what was wrong (issues, operation) without the body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { getDefaultWebhookSecret } from '../../src/replicate/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';
import { leaksOf, rejectionOf } from '../core/_leak.js';

const SECRET = 'whsec_c2VjcmV0LWtleS1vZi10aGUtdGVzdA==';
const answers: Record<string, string> = {
  truncated: `{"key":"${SECRET}"`,
  renamed: `{"secret":"${SECRET}"}`,
  array: `{"key":["${SECRET}"]}`,
  bare: SECRET,
};
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const which = req.headers['x-answer'] as string;
    if (which === 'ok') return json(res, 200, { key: SECRET });
    res.writeHead(200, { 'content-type': 'application/json' }).end(answers[which]);
  });
});
afterAll(() => server?.close());

describe('getDefaultWebhookSecret: a malformed answer', () => {
  for (const which of Object.keys(answers)) {
    it(`${which}: a ResponseValidationError without the secret in any view`, async () => {
      const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test', retry: false, headers: { 'x-answer': which } });
      const err = await rejectionOf(getDefaultWebhookSecret(client));
      expect(err).toBeInstanceOf(ResponseValidationError);
      expect((err as ResponseValidationError).operation).toBe('replicate.webhooks.default.secret.get');
      expect((err as ResponseValidationError).issues.length).toBeGreaterThan(0);
      expect(leaksOf(err, 'c2VjcmV0LWtleS1vZi10aGUtdGVzdA')).toEqual([]);
      // what a logger that copies an error's enumerable properties writes (pino's err serializer)
      const copied: Record<string, unknown> = {};
      for (const key in err as object) copied[key] = (err as Record<string, unknown>)[key];
      expect(JSON.stringify(copied)).not.toContain('c2VjcmV0LWtleS1vZi10aGUtdGVzdA');
      expect((err as ResponseValidationError).body).toBeUndefined();
    });
  }

  it('a well-formed answer still gives the key', async () => {
    const client = createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test', retry: false, headers: { 'x-answer': 'ok' } });
    await expect(getDefaultWebhookSecret(client)).resolves.toEqual({ key: SECRET });
  });
});
