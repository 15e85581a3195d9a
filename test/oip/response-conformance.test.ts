/**
 * Response conformance: every spec-valid answer (test/helpers/spec-samples.ts: minimal, full, null
 * where nullable, each enum value, each union branch, empty arrays and objects) of the Open
 * Inference Protocol operations the SDK calls passes their strict validation end to end, from a
 * loopback server: open_inference_rest.yaml and generate_rest.yaml, and for Triton's extensions
 * (repository index, statistics, model configuration) JSON Schemas written from the objects their
 * markdown defines (no OpenAPI exists for them). The few the SDK refuses on purpose are in
 * DELIBERATE with why.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/index.js';
import { createOipClient, generate, generateStream, getModel, infer, listModels, modelConfig, modelStats, serverMetadata, type OipClient } from '../../src/oip/index.js';
import { rejectionAs } from '../core/_support.js';
import { Refusals, type Deliberate, type SampledOperation } from '../helpers/response-conformance.js';
import { checkedSamples, responseSamples, schemaSamples, type SpecSample } from '../helpers/spec-samples.js';
import { json, sse, startTestServer, type TestServer } from '../helpers/test-server.js';

const REST = 'open-inference-protocol/open_inference_rest.yaml';
const GENERATE = 'open-inference-protocol/generate_rest.yaml';

const duration = { type: 'object', required: ['count', 'ns'], properties: { count: { type: 'number' }, ns: { type: 'number' } } };
const durations = (names: string[]) => ({ type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, { $ref: '#/$defs/duration' }])) });
/** extension_statistics.md: `$stats_model_response` (fields without #optional are required). */
const STATS = {
  type: 'object',
  required: ['model_stats'],
  properties: {
    model_stats: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'last_inference', 'inference_count', 'execution_count', 'inference_stats', 'response_stats', 'batch_stats', 'memory_usage'],
        properties: {
          name: { type: 'string' },
          version: { type: 'string' },
          last_inference: { type: 'number' },
          inference_count: { type: 'number' },
          execution_count: { type: 'number' },
          inference_stats: durations(['success', 'fail', 'queue', 'compute_input', 'compute_infer', 'compute_output', 'cache_hit', 'cache_miss']),
          response_stats: { type: 'object', additionalProperties: durations(['compute_infer', 'compute_output', 'success', 'fail', 'empty_response', 'cancel']) },
          batch_stats: {
            type: 'array',
            items: { type: 'object', required: ['batch_size', 'compute_input', 'compute_infer', 'compute_output'], properties: { batch_size: { type: 'number' }, ...durations(['compute_input', 'compute_infer', 'compute_output']).properties } },
          },
          memory_usage: { type: 'array', items: { type: 'object', required: ['type', 'id', 'byte_size'], properties: { type: { enum: ['CPU', 'CPU_PINNED', 'GPU'] }, id: { type: 'number' }, byte_size: { type: 'number' } } } },
        },
      },
    },
  },
  $defs: { duration },
};
/** extension_model_repository.md: `$repository_index_response`. */
const INDEX = {
  type: 'array',
  items: { type: 'object', required: ['name', 'state', 'reason'], properties: { name: { type: 'string' }, version: { type: 'string' }, state: { type: 'string' }, reason: { type: 'string' } } },
};
/** extension_model_configuration.md: the model's configuration, a JSON object of the server's own. */
const CONFIG = { type: 'object' };
const markdown = (schema: Record<string, unknown>): SpecSample[] => checkedSamples(schema, schemaSamples(schema));

/** Each operation: its samples, its call, and whether the answer is a stream of events. */
const OPERATIONS: Record<string, SampledOperation<OipClient>> = {
  'oip.serverMetadata': { samples: () => responseSamples(REST, 'get-v2'), call: (c) => serverMetadata(c) },
  'oip.models.get': { samples: () => responseSamples(REST, 'get-v2-models-$-modelName-versions-$-modelVersion'), call: (c) => getModel(c, 'm') },
  'oip.infer': {
    // a tensor is decoded by its datatype and shape: the envelope's deviations around one that decodes
    samples: () => responseSamples(REST, 'post-v2-models-$-MODEL_NAME-versions-$-MODEL_VERSION-infer', { pins: { '.outputs[].datatype': 'FP32', '.outputs[].shape': [1], '.outputs[].data': [1.5] } }),
    call: (c) => infer(c, 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] }),
  },
  'oip.infer (natural layout)': {
    // "Tensor elements may be presented in their nature multi-dimensional representation"
    samples: () => responseSamples(REST, 'post-v2-models-$-MODEL_NAME-versions-$-MODEL_VERSION-infer', { pins: { '.outputs[].datatype': 'INT32', '.outputs[].shape': [2, 2], '.outputs[].data': [[1, 2], [4, 5]] } }),
    call: (c) => infer(c, 'm', { inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: Float32Array.of(1) }] }),
  },
  'oip.generate': { samples: () => responseSamples(GENERATE, 'POST /v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate'), call: (c) => generate(c, 'm', { text_input: 'hi' }) },
  'oip.generateStream': {
    samples: () => responseSamples(GENERATE, 'POST /v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate_stream', { mediaType: 'text/event-stream' }),
    call: async (c) => {
      for await (const _ of await generateStream(c, 'm', { text_input: 'hi' }));
    },
    stream: true,
  },
  'oip.models.list': { samples: () => markdown(INDEX), call: (c) => listModels(c) },
  'oip.models.stats': { samples: () => markdown(STATS), call: (c) => modelStats(c, 'm') },
  'oip.models.config': { samples: () => markdown(CONFIG), call: (c) => modelConfig(c, 'm') },
};

/**
 * Spec-valid answers the SDK refuses on purpose: each rule matches refusals (`operation path`,
 * indices as `[]`) and says why. Every refusal must match a rule, every rule a refusal.
 */
const DELIBERATE: Deliberate[] = [
  [
    /^oip\.models\.get \.(inputs|outputs)\[\]\.datatype$/,
    'open_inference_rest.yaml types a datatype as any string, but inference_rest.md defines it as one of the 13 of its table (Triton adds BF16), and TensorMetadata.datatype is typed Datatype (a request built from metadata is then typed); another name is refused',
  ],
];

let server: TestServer;
let body: unknown;
let stream = false;
beforeAll(async () => {
  server = await startTestServer((_req, res) => (stream ? sse(res, [body as object]) : json(res, 200, body)));
});
afterAll(() => server.close());

it('every spec-valid answer passes strict validation, but the deliberate refusals', async () => {
  const client = createOipClient({ baseURL: server.url, retry: false });
  const refusals = new Refusals();
  await refusals.runAll(OPERATIONS, client, (answer, isStream) => {
    body = answer;
    stream = isStream;
  });
  expect(refusals.count).toBeGreaterThan(30);
  refusals.expectOnly(DELIBERATE);
});

it('metadata with a datatype outside the 13 and BF16 is refused naming it, and read with validation off', async () => {
  const client = createOipClient({ baseURL: server.url, retry: false });
  body = { name: 'm', platform: 'tensorrt_plan', inputs: [{ name: 'x', datatype: 'FP8', shape: [-1, 8] }], outputs: [] };
  stream = false;
  const err = await rejectionAs(getModel(client, 'm'), ResponseValidationError);
  expect(err.message).toMatch(/^oip\.models\.get did not match its schema: inputs\.0\.datatype: expected "BOOL" \| .* \| "BYTES"/);
  expect(await getModel(client, 'm', { validation: 'off' })).toEqual(body);
});
