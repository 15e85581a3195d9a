/**
 * Response conformance: every spec-valid answer (test/helpers/spec-samples.ts: minimal, full, null
 * where nullable, each enum value, each union branch, empty arrays and objects) of the
 * ../shared/specs/openai/openapi.yaml operations `modelwire/openai` calls passes their strict
 * validation end to end, from a loopback server: chat completions and their stream chunks, legacy
 * completions (JSON, and the same object as stream chunks, as the spec's `stream` describes them),
 * embeddings, and models list/retrieve/delete. The few the SDK refuses on purpose are in
 * DELIBERATE with why.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, type Client } from '../../src/index.js';
import { accumulateChatStream, accumulateCompletionStream, createChatCompletion, createCompletion, createEmbedding, deleteModel, listModels, openAIClientOptions, retrieveModel } from '../../src/openai/index.js';
import { Refusals, type Deliberate, type SampledOperation } from '../helpers/response-conformance.js';
import { responseSamples } from '../helpers/spec-samples.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

const SPEC = 'openai/openapi.yaml';
const messages = [{ role: 'user' as const, content: 'hi' }];

/** Each operation: its samples, its call, and whether the answer is a stream of events. */
const OPERATIONS: Record<string, SampledOperation<Client>> = {
  createChatCompletion: { samples: () => responseSamples(SPEC, 'createChatCompletion'), call: (c) => createChatCompletion(c, { model: 'm', messages }) },
  'createChatCompletion (stream)': {
    samples: () => responseSamples(SPEC, 'createChatCompletion', { mediaType: 'text/event-stream' }),
    call: async (c) => accumulateChatStream(await createChatCompletion(c, { model: 'm', messages, stream: true })),
    stream: true,
  },
  createCompletion: { samples: () => responseSamples(SPEC, 'createCompletion'), call: (c) => createCompletion(c, { model: 'm', prompt: 'hi' }) },
  'createCompletion (stream)': {
    samples: () => responseSamples(SPEC, 'createCompletion'),
    call: async (c) => accumulateCompletionStream(await createCompletion(c, { model: 'm', prompt: 'hi', stream: true })),
    stream: true,
  },
  createEmbedding: { samples: () => responseSamples(SPEC, 'createEmbedding'), call: (c) => createEmbedding(c, { model: 'm', input: 'hi', encoding_format: 'float' }) },
  // without encoding_format the SDK asks for base64 and decodes it; the spec's answer holds numbers
  'createEmbedding (default format)': { samples: () => responseSamples(SPEC, 'createEmbedding'), call: (c) => createEmbedding(c, { model: 'm', input: 'hi' }) },
  listModels: { samples: () => responseSamples(SPEC, 'listModels'), call: (c) => listModels(c) },
  retrieveModel: { samples: () => responseSamples(SPEC, 'retrieveModel'), call: (c) => retrieveModel(c, 'm') },
  deleteModel: { samples: () => responseSamples(SPEC, 'deleteModel'), call: (c) => deleteModel(c, 'm') },
};

/**
 * Spec-valid answers the SDK refuses on purpose: each rule matches refusals (`operation path`,
 * indices as `[]`) and says why. Every refusal must match a rule, every rule a refusal.
 */
const DELIBERATE: Deliberate[] = [];

let server: TestServer;
let body: unknown;
let stream = false;
beforeAll(async () => {
  server = await startTestServer((_req, res) => (stream ? sse(res, [body as object, '[DONE]']) : json(res, 200, body)));
});
afterAll(() => server.close());

it('every spec-valid answer passes strict validation, but the deliberate refusals', async () => {
  const client = createClient(openAIClientOptions({ baseURL: `${server.url}/v1`, apiKey: 'sk-test', retry: false }));
  const refusals = new Refusals();
  await refusals.runAll(OPERATIONS, client, (answer, isStream) => {
    body = answer;
    stream = isStream;
  });
  expect(refusals.count).toBeGreaterThan(100);
  refusals.expectOnly(DELIBERATE);
});
