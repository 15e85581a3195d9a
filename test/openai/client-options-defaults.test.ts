/**
 * createOpenAIClient / openAIClientOptions defaults (docs/openai.md): the OpenAI base URL when none
 * is given, `idempotency-key` as the idempotency header unless another one is chosen, and the
 * `openai-organization` / `openai-project` headers only when those options are set, and a deadline
 * of 10 minutes (the official client's default timeout): the core's 60 s would end a longer
 * generation, streamed or not, with a TimeoutError while the server is still answering.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createOpenAIClient, OPENAI_BASE_URL, openAIClientOptions } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'o' }] }));
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe('defaults', () => {
  it('without a baseURL the client targets https://api.openai.com/v1', () => {
    expect(OPENAI_BASE_URL).toBe('https://api.openai.com/v1');
    expect(createOpenAIClient().client.baseURL).toBe('https://api.openai.com/v1');
    expect(createOpenAIClient({ apiKey: 'sk-x' }).client.baseURL).toBe('https://api.openai.com/v1');
    expect(createClient(openAIClientOptions()).baseURL).toBe('https://api.openai.com/v1');
  });

  it('a given baseURL is kept', () => {
    expect(createOpenAIClient({ baseURL: 'http://127.0.0.1:8000/v1' }).client.baseURL).toBe('http://127.0.0.1:8000/v1');
  });

  it('the idempotency header defaults to idempotency-key; a chosen one is kept', async () => {
    expect(createOpenAIClient().client.idempotencyHeader).toBe('idempotency-key');
    const custom = createOpenAIClient({ baseURL: `${server.url}/v1`, idempotencyHeader: 'x-request-key', retry: false });
    expect(custom.client.idempotencyHeader).toBe('x-request-key');
    await custom.models.list({ idempotencyKey: 'k-7' });
    const sent = server.requests[0]!;
    expect(sent.headers['x-request-key']).toBe('k-7');
    expect(sent.headers['idempotency-key']).toBeUndefined();
  });

  it('the deadline defaults to 10 minutes, not the core 60 s; a chosen one is kept', () => {
    expect(createOpenAIClient().client.timeoutMs).toBe(600_000);
    expect(createOpenAIClient({ timeoutMs: undefined }).client.timeoutMs).toBe(600_000);
    expect(createClient(openAIClientOptions({ baseURL: 'http://127.0.0.1:8000/v1' })).timeoutMs).toBe(600_000);
    expect(createOpenAIClient({ timeoutMs: 5_000 }).client.timeoutMs).toBe(5_000);
    expect(createOpenAIClient({ timeoutMs: Infinity }).client.timeoutMs).toBe(Infinity);
  });
});

describe('organization and project headers', () => {
  it('are not sent when the options are absent or empty', async () => {
    await createOpenAIClient({ baseURL: `${server.url}/v1`, retry: false }).models.list();
    await createOpenAIClient({ baseURL: `${server.url}/v1`, organization: '', project: '', retry: false }).models.list();
    expect(server.requests).toHaveLength(2);
    for (const r of server.requests) {
      expect(Object.keys(r.headers)).not.toContain('openai-organization');
      expect(Object.keys(r.headers)).not.toContain('openai-project');
    }
  });

  it('one without the other: only the option set is sent, next to the caller\'s own headers', async () => {
    await createOpenAIClient({ baseURL: `${server.url}/v1`, project: 'proj_9', headers: { 'x-extra': 'yes' }, retry: false }).models.list();
    await createOpenAIClient({ baseURL: `${server.url}/v1`, organization: 'org-9', retry: false }).models.list();
    const [first, second] = server.requests;
    expect(first!.headers['openai-project']).toBe('proj_9');
    expect(first!.headers['x-extra']).toBe('yes');
    expect(Object.keys(first!.headers)).not.toContain('openai-organization');
    expect(second!.headers['openai-organization']).toBe('org-9');
    expect(Object.keys(second!.headers)).not.toContain('openai-project');
  });
});
