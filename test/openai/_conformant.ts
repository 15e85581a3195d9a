/**
 * A loopback OpenAI server that checks every request against the spec (its violations fail the
 * suite when it closes), and a client of it without retries, for one suite.
 */
import { afterAll, beforeAll } from 'vitest';
import { createClient, type Client } from '../../src/index.js';
import { openAIClientOptions } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

/** Started before the suite's tests, closed (and its conformance checked) after them. */
export function useConformantServer(): { api: OpenAIServer; client: Client } {
  const box = {} as { api: OpenAIServer; client: Client };
  beforeAll(async () => {
    box.api = await startOpenAIServer({ conformance: true });
    box.client = createClient(openAIClientOptions({ baseURL: box.api.baseURL, retry: false }));
  });
  afterAll(async () => {
    await box.api.close();
    box.api.conformance!.assertNoViolations();
  });
  return box;
}
