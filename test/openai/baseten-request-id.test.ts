/**
 * Baseten's OpenAI-compatible model APIs answer with their request id in `X-Baseten-Request-Id`
 * (its docs: "Baseten assigns a unique request ID to every predict call and returns it in the
 * X-Baseten-Request-Id response header"), not in `x-request-id`. The request-id lookup (core
 * REQUEST_ID_HEADERS) did not read it, so an APIError or ResponseValidationError from Baseten had no
 * `requestId` to quote to its support. It is read after `x-amzn-requestid` and before `cf-ray`: a
 * Cloudflare ray in front of Baseten names the edge hop, not the prediction.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { BadRequestError, ResponseValidationError } from '../../src/index.js';
import { createOpenAIClient } from '../../src/openai/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let status = 400;
let body = '';
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', 'X-BASETEN-REQUEST-ID': 'b10-req-7f3a', 'cf-ray': '8a1b2c3d4e5f-IAD' });
    res.end(body);
  });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const openai = () => createOpenAIClient({ baseURL: `${server.url}/v1`, apiKey: 'bt-key-not-shown-1234', retry: false });
const messages = [{ role: 'user' as const, content: 'hi' }];

it("an error answer carries Baseten's request id, not the Cloudflare ray", async () => {
  status = 400;
  body = JSON.stringify({ error: { message: 'bad model', type: 'invalid_request_error' } });
  const err = await openai().chat.completions.create({ model: 'm', messages }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(BadRequestError);
  expect((err as BadRequestError).requestId).toBe('b10-req-7f3a');
});

it("a 200 that fails validation carries Baseten's request id", async () => {
  status = 200;
  body = JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: 'nope' });
  const err = await openai().chat.completions.create({ model: 'm', messages }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect((err as ResponseValidationError).requestId).toBe('b10-req-7f3a');
});
