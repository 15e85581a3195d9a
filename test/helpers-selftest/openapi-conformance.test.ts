import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  OIP_VERSIONLESS_ALIASES,
  conformanceRecorder,
  createSpecValidator,
  type ConformanceRequest,
} from '../helpers/openapi-conformance.js';
import { json, startTestServer } from '../helpers/test-server.js';

const H = { 'content-type': 'application/json' };
const post = (p: string, body: unknown, headers: Record<string, string> = H): ConformanceRequest => ({
  method: 'POST',
  path: p,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('Open Inference Protocol (OAS 3.0, ${NAME} paths)', () => {
  const oip = createSpecValidator('open-inference-protocol/open_inference_rest.yaml');
  const validInfer = { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] };

  it('matches ${MODEL_NAME} templates with real names and accepts a valid infer request', () => {
    const r = oip.validateRequest(post('/v2/models/my%20model/versions/3/infer', validInfer));
    expect(r).toEqual({ operationId: 'post-v2-models-$-MODEL_NAME-versions-$-MODEL_VERSION-infer', errors: [] });
  });

  it('rejects an infer request without inputs and one with a wrong tensor field type', () => {
    expect(oip.validateRequest(post('/v2/models/m/versions/1/infer', { outputs: [] })).errors).toEqual([
      "body must have required property 'inputs'",
    ]);
    const bad = oip.validateRequest(post('/v2/models/m/versions/1/infer', { inputs: [{ name: 'x', shape: 'oops', datatype: 'FP32', data: [] }] }));
    expect(bad.errors.join('\n')).toMatch(/body\/inputs\/0\/shape must be array/);
  });

  it('treats unknown paths, wrong methods and literal ${} paths as violations', () => {
    expect(oip.matchOperation('GET', '/v2/nope')).toBeUndefined();
    expect(oip.validateRequest({ method: 'GET', path: '/v2/nope' }).errors[0]).toMatch(/no operation/);
    expect(oip.validateRequest({ method: 'DELETE', path: '/v2/health/live' }).errors[0]).toMatch(/method DELETE is not allowed/);
    expect(oip.matchOperation('POST', '/v2/models/m/infer')).toBeUndefined(); // versionless form is not in the YAML
    expect(oip.matchOperation('GET', '/v2')).toBe('get-v2');
    expect(oip.matchOperation('GET', '/v2/health/ready')).toBe('get-v2-health-ready');
  });

  it('accepts versionless OIP paths when aliases are given', () => {
    const withAliases = createSpecValidator('open-inference-protocol/open_inference_rest.yaml', { aliases: OIP_VERSIONLESS_ALIASES });
    expect(withAliases.validateRequest(post('/v2/models/m/infer', validInfer)).errors).toEqual([]);
    expect(withAliases.validateRequest(post('/v2/models/m/infer', {})).errors).toEqual(["body must have required property 'inputs'"]);
    expect(withAliases.listOperationIds()).toHaveLength(6);
  });

  it('flags a missing content-type and a body that is not JSON', () => {
    expect(oip.validateRequest(post('/v2/models/m/versions/1/infer', validInfer, {})).errors[0]).toMatch(/no content-type/);
    expect(oip.validateRequest(post('/v2/models/m/versions/1/infer', '{"inputs": [', H)).errors[0]).toMatch(/not valid JSON/);
    expect(oip.validateRequest(post('/v2/models/m/versions/1/infer', validInfer, { 'content-type': 'text/plain' })).errors[0]).toMatch(
      /content-type text\/plain is not accepted/,
    );
  });
});

describe('OIP generate extension (OAS 3.1)', () => {
  const gen = createSpecValidator('open-inference-protocol/generate_rest.yaml', { aliases: OIP_VERSIONLESS_ALIASES });
  it('accepts a valid generate request and rejects invalid ones', () => {
    const ok = gen.validateRequest(post('/v2/models/llm/versions/1/generate', { text_input: 'hi', parameters: { max_tokens: 5 } }));
    expect(ok.errors).toEqual([]);
    expect(ok.operationId).toBe('POST /v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate');
    expect(gen.validateRequest(post('/v2/models/llm/generate_stream', { parameters: {} })).errors).toEqual([
      "body must have required property 'text_input'",
    ]);
    expect(gen.validateRequest(post('/v2/models/llm/generate', { text_input: 'x', parameters: { temperature: -1 } })).errors).toEqual([
      'body/parameters/temperature must be >= 0',
    ]);
  });
});

describe('Replicate (OAS 3.1, servers /v1)', () => {
  const rep = createSpecValidator('replicate/openapi.json', { basePath: '/v1' });
  it('accepts a valid predictions.create and rejects the README invalid one', () => {
    expect(rep.validateRequest(post('/v1/predictions', { version: '5c7d', input: { text: 'Alice' } }))).toEqual({
      operationId: 'predictions.create',
      errors: [],
    });
    expect(rep.validateRequest(post('/v1/predictions', { webhook: 123 })).errors).toEqual([
      "body must have required property 'version'",
      "body must have required property 'input'",
      'body/webhook must be string',
    ]);
  });

  it("checks header values against their schemas (Prefer: wait or wait=n, Cancel-After a string)", () => {
    const create = (headers: Record<string, string>) => rep.validateRequest(post('/v1/predictions', { version: '5c7d', input: {} }, { ...H, ...headers })).errors;
    expect(create({ prefer: 'wait', 'cancel-after': '1h30m' })).toEqual([]);
    expect(create({ prefer: 'wait=60' })).toEqual([]);
    expect(create({ prefer: 'wait=0' })[0]).toMatch(/^header params\/Prefer must match pattern/);
    expect(create({ prefer: 'wait=5s' })[0]).toMatch(/^header params\/Prefer must match pattern/);
  });

  it('strips the base path and reports paths outside it', () => {
    expect(rep.matchOperation('GET', '/v1/predictions/abc123')).toBe('predictions.get');
    expect(rep.matchOperation('POST', '/v1/predictions/abc123/cancel')).toBe('predictions.cancel');
    expect(rep.validateRequest({ method: 'GET', path: '/predictions/abc' }).errors[0]).toMatch(/outside the base path \/v1/);
    expect(rep.validateRequest({ method: 'GET', path: '/predictions/abc' }, { basePath: '' }).operationId).toBe('predictions.get');
    expect(rep.listOperationIds()).toContain('deployments.predictions.create');
    expect(rep.listOperationIds()).toHaveLength(36);
  });

  it('accepts ../shared/specs/-prefixed and absolute spec paths', () => {
    const viaPrefix = createSpecValidator('../shared/specs/replicate/openapi.json');
    expect(viaPrefix.matchOperation('POST', '/predictions')).toBe('predictions.create');
    expect(() => createSpecValidator('replicate/missing.json')).toThrow(/ENOENT/);
  });

  it('flags a body sent to an operation that declares none', () => {
    expect(rep.validateRequest(post('/v1/predictions/abc/cancel', { x: 1 })).errors[0]).toMatch(/declares no request body/);
  });
});

describe('OpenAI (3 MB OAS 3.1, typeless nullable)', () => {
  const t0 = performance.now();
  const openai = createSpecValidator('openai/openapi.yaml', { basePath: '/v1' });
  const loadMs = performance.now() - t0;

  it('loads in well under 10 s and lists its operations', () => {
    expect(loadMs).toBeLessThan(10_000);
    expect(openai.listOperationIds()).toHaveLength(288);
  });

  it('rejects createChatCompletion {} (missing messages) despite the nullable-without-type quirk', () => {
    const r = openai.validateRequest(post('/v1/chat/completions', {}));
    expect(r.operationId).toBe('createChatCompletion');
    expect(r.errors).toContain("body must have required property 'messages'");
    expect(r.errors).toContain("body must have required property 'model'");
  });

  it('accepts a valid createChatCompletion (nullable fields set to null) and rejects a bad role and a bad type', () => {
    const ok = openai.validateRequest(
      post('/v1/chat/completions', {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hi' },
        ],
        stream: true,
        temperature: null,
        prediction: null,
      }),
    );
    expect(ok.errors).toEqual([]);
    const badPrediction = openai.validateRequest(
      post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }], prediction: { type: 'nope' } }),
    );
    expect(badPrediction.errors.length).toBeGreaterThan(0);
    const badRole = openai.validateRequest(post('/v1/chat/completions', { model: 'm', messages: [{ role: 'robot', content: 'x' }] }));
    expect(badRole.errors.join('\n')).toMatch(/body\/messages\/0/);
    const badTemp = openai.validateRequest(post('/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }));
    expect(badTemp.errors).toContain('body/temperature must be number');
  });

  it('matches ?beta=true path keys only when the query carries them', () => {
    expect(openai.matchOperation('POST', '/v1/responses?beta=true')).toBe('beta_createResponse');
    expect(openai.matchOperation('POST', '/v1/responses')).toBe('createResponse');
    expect(openai.matchOperation('GET', '/v1/models/gpt-4o')).toBe('retrieveModel');
  });

  it('validates query params (coerced from strings) and multipart presence', () => {
    expect(openai.validateRequest({ method: 'GET', path: '/v1/models' }).errors).toEqual([]);
    const list = openai.validateRequest({ method: 'GET', path: '/v1/fine_tuning/jobs?limit=abc' });
    expect(list.errors).toEqual(['query params/limit must be integer']);
    expect(openai.validateRequest({ method: 'GET', path: '/v1/fine_tuning/jobs?limit=5' }).errors).toEqual([]);
    const mp = { 'content-type': 'multipart/form-data; boundary=x' };
    expect(openai.validateRequest(post('/v1/audio/transcriptions', '--x\r\n', mp)).errors).toEqual([]);
    expect(openai.validateRequest({ method: 'POST', path: '/v1/audio/transcriptions', headers: mp }).errors[0]).toMatch(
      /missing required request body/,
    );
  });
});

describe('schema quirks on a small inline spec', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mw-spec-'));
  const specFile = path.join(dir, 'quirks.json');
  writeFileSync(
    specFile,
    JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'q', version: '1' },
      paths: {
        '/items/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          post: {
            operationId: 'items.update',
            parameters: [
              { name: 'dry', in: 'query', schema: { type: 'boolean' } },
              { name: 'x-req', in: 'header', required: true, schema: { type: 'string' } },
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: { $ref: '#/components/requestBodies_placeholder' } },
              },
            },
          },
        },
        '/pets': {
          post: {
            operationId: 'pets.create',
            requestBody: { $ref: '#/components/requestBodies/Pet' },
          },
        },
        '/form': {
          post: {
            operationId: 'form.post',
            requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } } },
          },
        },
      },
      components: {
        requestBodies: {
          Pet: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
        },
        schemas: {
          Pet: {
            type: 'object',
            required: ['id', 'pet'],
            properties: {
              id: { type: 'string', readOnly: true },
              pet: {
                oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
                discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: 'Dog' } },
              },
              note: { nullable: true, description: 'typeless nullable' },
              age: { type: 'integer', minimum: 0, exclusiveMinimum: true, nullable: true },
              tag: { $ref: '#/components/schemas/Tag' },
            },
          },
          Cat: { type: 'object', required: ['kind', 'lives'], properties: { kind: { type: 'string' }, lives: { type: 'integer' } } },
          Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { type: 'string' }, bark: { type: 'boolean' } } },
          Tag: { type: 'string', enum: ['a', 'b'], nullable: true },
        },
      },
    }),
  );
  const v = createSpecValidator(specFile);

  it('resolves requestBodies refs, ignores readOnly required, converts nullable/exclusiveMinimum', () => {
    expect(v.validateRequest(post('/pets', { pet: { kind: 'cat', lives: 9 }, note: null, age: null, tag: null })).errors).toEqual([]);
    expect(v.validateRequest(post('/pets', { pet: { kind: 'cat', lives: 9 }, age: 0 })).errors).toEqual(['body/age must be > 0']);
    expect(v.validateRequest(post('/pets', { pet: { kind: 'cat', lives: 9 }, tag: 'c' })).errors[0]).toMatch(/body\/tag must be equal to one of/);
  });

  it('enforces the discriminator mapping (a dog tagged cat is rejected)', () => {
    expect(v.validateRequest(post('/pets', { pet: { kind: 'dog', bark: true } })).errors).toEqual([]);
    const r = v.validateRequest(post('/pets', { pet: { kind: 'cat', bark: true } }));
    expect(r.errors).toContain("body/pet must have required property 'lives'");
  });

  it('validates path params, query params and required headers; reports uncompilable schemas instead of passing', () => {
    const base = { method: 'POST', headers: { ...H, 'x-req': '1' }, body: '{}' };
    const r = v.validateRequest({ ...base, path: '/items/abc?dry=maybe' });
    expect(r.errors).toContain('path params/id must be integer');
    expect(r.errors).toContain('query params/dry must be boolean');
    const noHeader = v.validateRequest({ ...base, headers: H, path: '/items/1' });
    expect(noHeader.errors).toContain('missing required header x-req');
    expect(noHeader.errors.some((e) => e.startsWith('[validator]'))).toBe(true);
  });

  it('checks form bodies for presence only', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect(v.validateRequest(post('/form', 'a=1', form)).errors).toEqual([]);
    expect(v.validateRequest({ method: 'POST', path: '/form', headers: form }).errors[0]).toMatch(/missing required request body/);
  });
});

describe('conformanceRecorder with the test server', () => {
  it('collects violations and exercised operations from real requests', async () => {
    const rep = createSpecValidator('replicate/openapi.json');
    const rec = conformanceRecorder(rep, { basePath: '/v1', ignore: /^\/stream\// });
    const server = await startTestServer((req, res) => json(res, 201, { id: 'p1', path: req.path }), { onRequest: rec.record });
    try {
      const send = (p: string, body?: unknown): Promise<Response> =>
        fetch(`${server.url}${p}`, body === undefined ? {} : { method: 'POST', headers: H, body: JSON.stringify(body) });
      await send('/v1/predictions', { version: 'v', input: {} });
      await send('/v1/predictions/p1');
      await send('/stream/p1');
      expect(() => rec.assertNoViolations()).not.toThrow();
      expect(() => rec.assertExercised(['predictions.create', 'predictions.get'])).not.toThrow();
      expect(() => rec.assertExercised(['predictions.cancel', 'nope.op'])).toThrow(/never exercised: predictions.cancel; not in the spec: nope.op/);

      await send('/v1/predictions', { input: {} });
      await send('/v1/unknown');
      expect(rec.violations).toHaveLength(2);
      expect(() => rec.assertNoViolations()).toThrow(
        /2 request\(s\) violate[\s\S]*#3 POST \/v1\/predictions \(predictions.create\):\n\s+- body must have required property 'version'[\s\S]*#4 GET \/v1\/unknown \(no matching operation\)/,
      );
    } finally {
      await server.close();
    }
  });
});
