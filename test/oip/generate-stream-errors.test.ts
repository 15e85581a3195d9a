/**
 * A generate_stream error answered as an event stream (generate_rest.yaml: 422/424/429/500 as
 * text/event-stream with {"error": ...}; Triton sets the status on the first SSE response) becomes
 * an APIError whose message is the error and whose body is the parsed object.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { APIError, UnprocessableEntityError } from '../../src/core/errors.js';
import { generateStream } from '../../src/oip/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let status = 422;
let error = 'Input validation error';
beforeEach(async () => {
  server = await startTestServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.end(`data: ${JSON.stringify({ error })}\n\n`);
  });
});
afterEach(() => server.close());

describe('generate_stream error status with an SSE-framed error object', () => {
  it.each([
    [422, 'Input validation error'],
    [424, 'Request failed during generation'],
  ])('HTTP %i: the error object becomes the message and the parsed body', async (s, message) => {
    status = s;
    error = message;
    const client = createClient({ baseURL: server.url });
    const err = await generateStream(client, 'llm', { text_input: 'hi' }, { retry: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(APIError);
    if (s === 422) expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as APIError).message).toBe(`oip.generateStream failed with HTTP ${s}: ${message}`);
    expect((err as APIError).body).toEqual({ error: message });
  });
});
