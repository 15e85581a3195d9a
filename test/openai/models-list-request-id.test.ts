/**
 * docs/core.md, "Errors": a ResponseValidationError carries the request id of the response that did
 * not match (a check an operation makes on the result after the call has none; structured-output
 * parsing and embeddings decoding now check inside it too). `listModels` validated its (normalised) answer after the call,
 * so an invalid model list lost the `x-request-id` a user needs to report it.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { listModels } from '../../src/openai/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-models-list-reqid-4242';
let server: TestServer;
let body = '';
beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_models_1' });
    res.end(body);
  });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const client = () => createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false });

it('a list whose data is not an array: the error names the path and the request id', async () => {
  body = JSON.stringify({ object: 'list', data: 'nope' });
  const err = await listModels(client()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect((err as ResponseValidationError).requestId).toBe('req_models_1');
  expect((err as ResponseValidationError).operation).toBe('openai.models.list');
  expect((err as ResponseValidationError).issues[0]?.path[0]).toBe('data');
});

it('a bare array (Together) with a bad model: the request id too, the key scrubbed from the body', async () => {
  body = JSON.stringify([{ id: 5, object: 'model', note: KEY }]);
  const err = await listModels(client()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect((err as ResponseValidationError).requestId).toBe('req_models_1');
  expect(JSON.stringify((err as ResponseValidationError).toJSON())).not.toContain(KEY);
});

it('a body that is not JSON keeps its request id as before', async () => {
  body = '<html>';
  const err = await listModels(client()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect((err as ResponseValidationError).requestId).toBe('req_models_1');
});
