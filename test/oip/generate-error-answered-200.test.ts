/**
 * Triton's generate sends its HTTP status with the model's first response (or its final flag), so a
 * decoupled model that answers zero or several times gets 200 and then an error object for body:
 * `{"error": "generate expects model to produce exactly 1 response, use generate stream ..."}`
 * (extension_generate.md; Triton's http_server.cc). That is the call's error, not an answer to check
 * against the generate schema (which lost the server's message) nor, with validation 'off', a
 * GenerateResponse without text_output: an APIError (status 200) that carries the message and body,
 * in every validation mode, and is not repeated (the model would answer the same way again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, createClient } from '../../src/index.js';
import { generate } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { startOipServer, TOY_LLM, type OipServer } from '../helpers/oip-server.js';
import { json, startTestServer } from '../helpers/test-server.js';

const TRITON_ERROR = 'generate expects model to produce exactly 1 response, use generate stream for model that generates various number of responses';
const PATH = `/v2/models/${TOY_LLM}/generate`;

let server: OipServer;
beforeAll(async () => {
  server = await startOipServer({ loaded: [] });
});
afterAll(() => server.close());

describe('generate answered 200 with an error object (Triton, a model that answered other than once)', () => {
  it.each([
    ['strict', 0],
    ['passthrough', 2],
    ['off', 3],
  ] as const)('validation %s, %i responses → APIError with the server message, sent once', async (validation, responses) => {
    const client = createClient({ baseURL: server.url, validation, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    const before = server.http.count(PATH);
    const err = await rejectionAs(generate(client, TOY_LLM, { text_input: 'a b', parameters: { responses } }), APIError);
    expect(err.status).toBe(200);
    expect(err.message).toBe(`oip.generate failed with HTTP 200: ${TRITON_ERROR}`);
    expect(err.body).toEqual({ error: TRITON_ERROR });
    expect(err.operation).toBe('oip.generate');
    expect(server.http.count(PATH) - before).toBe(1);
  });

  it('one response is the answer, as before', async () => {
    const client = createClient({ baseURL: server.url, validation: 'off' });
    const res = await generate(client, TOY_LLM, { text_input: 'a b', parameters: { responses: 1, max_tokens: 2 } });
    expect(res).toEqual({ model_name: TOY_LLM, model_version: '1', text_output: 'B A ' });
  });

  it.each(['strict', 'off'] as const)('validation %s: an answer with text_output and a string field named error (a model output tensor named "error") is the answer', async (validation) => {
    const answer = { model_name: TOY_LLM, text_output: 'ok', error: 'none' };
    const other = await startTestServer((_req, res) => json(res, 200, answer));
    try {
      const client = createClient({ baseURL: other.url, validation, retry: false });
      expect(await generate(client, TOY_LLM, { text_input: 'a' })).toEqual(answer);
    } finally {
      await other.close();
    }
  });

  it.each(['strict', 'off'] as const)('validation %s: a credential the server echoes in the error is scrubbed', async (validation) => {
    const key = 'sk-generate-echo-7f3a9c';
    const echo = await startTestServer((req, res) => json(res, 200, { error: `bad request from ${String(req.headers.authorization)}` }));
    try {
      const client = createClient({ baseURL: echo.url, apiKey: key, validation, retry: false });
      const err = await rejectionAs(generate(client, TOY_LLM, { text_input: 'a' }), APIError);
      expect(err.message).toMatch(/^oip\.generate failed with HTTP 200: bad request from /);
      expect(JSON.stringify({ message: err.message, body: err.body })).not.toContain(key);
    } finally {
      await echo.close();
    }
  });
});
