/**
 * Triton's vLLM backend asked for several sequences (`n` > 1 in its sampling parameters) returns its
 * `text_output` tensor with n elements, and Triton's generate extension writes a tensor of more than
 * one element as a JSON array: `"text_output": ["…", "…"]`. Both generate specs
 * (../shared/specs/open-inference-protocol/generate_rest.yaml, triton/extension_generate.md) make
 * `text_output` a string, and `GenerateResponse.text_output` is typed `string`.
 *
 * Decision (docs/oip.md, "Generate extension"): the type is kept and such an answer stays a
 * ResponseValidationError naming `text_output`, in `strict` and `passthrough`. Widening the public
 * field to `string | string[]` would break every caller for a shape the specs do not allow
 * (`process.stdout.write(ev.text_output)` no longer compiles). Several sequences are read through
 * `infer` instead, where `text_output` is a BYTES output of shape [n], typed `string[]`; this suite
 * also proves that route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { ResponseValidationError } from '../../src/index.js';
import { generate, generateStream, infer } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const TEXTS = ['The sky is blue.', 'The sky is grey.'];
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.path.endsWith('/generate')) return json(res, 200, { model_name: 'vllm_model', model_version: '1', text_output: TEXTS });
    if (req.path.endsWith('/generate_stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      return void res.end(`data: ${JSON.stringify({ model_name: 'vllm_model', model_version: '1', text_output: TEXTS })}\n\n`);
    }
    // infer: the same model's text_output tensor, as Triton writes a BYTES output of shape [2]
    json(res, 200, { model_name: 'vllm_model', model_version: '1', outputs: [{ name: 'text_output', datatype: 'BYTES', shape: [2], data: TEXTS }] });
  });
});
afterAll(() => server.close());

const client = (validation: 'strict' | 'passthrough') => createClient({ baseURL: server.url, retry: false, validation });

describe.each(['strict', 'passthrough'] as const)('text_output as an array, validation %s', (validation) => {
  it('generate: a ResponseValidationError naming text_output', async () => {
    const err = await generate(client(validation), 'vllm_model', { text_input: 'The sky is', parameters: { n: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([['text_output']]);
  });

  it('generateStream: the event is a ResponseValidationError naming text_output', async () => {
    const err = await (async () => {
      for await (const _ of await generateStream(client(validation), 'vllm_model', { text_input: 'The sky is', parameters: { n: 2 } }));
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues.map((i) => i.path)).toEqual([['text_output']]);
  });
});

it('infer reads the n sequences as a BYTES output, string[]', async () => {
  const res = await infer(client('strict'), 'vllm_model', {
    inputs: [
      { name: 'text_input', datatype: 'BYTES', shape: [1], data: ['The sky is'] },
      { name: 'sampling_parameters', datatype: 'BYTES', shape: [1], data: [JSON.stringify({ n: 2 })] },
    ],
  });
  const out = res.outputs.find((o) => o.name === 'text_output')!;
  expect(out.datatype).toBe('BYTES');
  expect(out.data).toEqual(TEXTS);
});
