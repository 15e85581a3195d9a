/**
 * createOpenAIClient and openAIClientOptions as a JavaScript caller may get them wrong. The base URL
 * has a default (https://api.openai.com/v1), so a misspelt `baseUrl` for a local server quietly
 * sent the calls, and the key meant for that server, to OpenAI: it is refused, like any option name
 * createClient does not know. `headers` that are a string were spread into headers `0`, `1`…
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createOpenAIClient, openAIClientOptions } from '../../src/openai/index.js';
import { thrownAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';

const KEY = 'sk-local-vllm-misuse-1234';

describe('createOpenAIClient refuses', () => {
  it.each([
    ['baseUrl', { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: KEY }],
    ['organisation', { organisation: 'org-1' }],
    ['organization', { organization: 42 }],
    ['headers', { headers: 'x-team: search' }],
  ])('%s, before a client exists to send anything', (path, options) => {
    const err = thrownAs(() => createOpenAIClient(bad(options)), InvalidRequestError);
    expect(err.path).toBe(path);
    expect(JSON.stringify(err) + err.message).not.toContain(KEY);
  });

  it('a misspelt option is refused listing the OpenAI options too (organisation: the known names must show organization)', () => {
    for (const make of [() => createOpenAIClient(bad({ organisation: 'org-1' })), () => openAIClientOptions(bad({ projectId: 'p' }))]) {
      const err = thrownAs(make, InvalidRequestError);
      expect(err.message).toMatch(/is not an option \(known: .*\borganization\b.*\bproject\b/);
      expect(err.message).toMatch(/known: .*\btimeoutMs\b/);
    }
  });

  it('openAIClientOptions refuses string headers too', () => {
    expect(thrownAs(() => openAIClientOptions(bad({ headers: 'x-team: search' })), InvalidRequestError).path).toBe('headers');
  });

  it('the OpenAI options of its own are taken', () => {
    expect(createOpenAIClient({ baseURL: 'http://127.0.0.1:8000/v1', organization: 'org-1', project: 'p', headers: { 'x-team': 'a' } }).client.baseURL).toBe('http://127.0.0.1:8000/v1');
  });
});
