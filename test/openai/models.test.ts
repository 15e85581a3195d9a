import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, PermissionDeniedError } from '../../src/index.js';
import { createOpenAIClient, deleteModel, listModels, retrieveModel, type OpenAIClient } from '../../src/openai/index.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

let api: OpenAIServer;
let openai: OpenAIClient;
beforeAll(async () => {
  api = await startOpenAIServer({ apiKey: 'sk-models', conformance: true, models: ['gpt-4o-mini', 'ft:gpt-4o-mini:acme::abc123', 'meta-llama/Llama-3.1-8B-Instruct'] });
  openai = createOpenAIClient({ baseURL: api.baseURL, apiKey: 'sk-models', organization: 'org-1', project: 'proj_1', retry: false });
});
afterAll(async () => {
  await api.close();
  api.conformance!.assertNoViolations();
  api.conformance!.assertExercised(['listModels', 'retrieveModel', 'deleteModel']);
});

describe('models', () => {
  it('list, with organization and project headers', async () => {
    const list = await openai.models.list();
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'ft:gpt-4o-mini:acme::abc123', 'meta-llama/Llama-3.1-8B-Instruct']);
    expect(list.data[0]).toEqual({ id: 'gpt-4o-mini', object: 'model', created: 1741570283, owned_by: 'system' });
    const sent = api.server.requests.at(-1)!;
    expect(sent.method).toBe('GET');
    expect(sent.headers['openai-organization']).toBe('org-1');
    expect(sent.headers['openai-project']).toBe('proj_1');
  });

  it('retrieve encodes the id (slashes and colons survive)', async () => {
    expect((await retrieveModel(openai.client, 'meta-llama/Llama-3.1-8B-Instruct')).id).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(api.server.requests.at(-1)!.path).toBe('/v1/models/meta-llama%2FLlama-3.1-8B-Instruct');
    expect((await openai.models.retrieve('ft:gpt-4o-mini:acme::abc123')).owned_by).toBe('acme');
    const err = await openai.models.retrieve('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toContain("The model 'nope' does not exist");
    await expect(retrieveModel(openai.client, '')).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'model' });
  });

  it('delete a fine-tuned model; a base model is refused', async () => {
    expect(await deleteModel(openai.client, 'ft:gpt-4o-mini:acme::abc123')).toEqual({ id: 'ft:gpt-4o-mini:acme::abc123', object: 'model', deleted: true });
    expect(api.server.requests.at(-1)!.method).toBe('DELETE');
    await expect(openai.models.delete('gpt-4o-mini')).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await listModels(openai.client)).data.map((m) => m.id)).not.toContain('ft:gpt-4o-mini:acme::abc123');
  });
});
