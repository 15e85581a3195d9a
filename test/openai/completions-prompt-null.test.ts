/**
 * A null completion prompt is sent: the spec (CreateCompletionRequest.prompt, nullable) reads it as
 * "start as if from a new document".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createCompletion } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) =>
    json(res, 200, { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ index: 0, text: 'hi', finish_reason: 'stop', logprobs: null }] }),
  );
});
afterAll(() => server.close());

describe('review8: completions prompt null (spec: nullable)', () => {
  it('a null prompt is sent, as the spec allows', async () => {
    const client = createClient({ baseURL: server.url, retry: false, validation: 'off' });
    await createCompletion(client, { model: 'm', prompt: null as never });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.json()).toEqual({ model: 'm', prompt: null });
  });
});
