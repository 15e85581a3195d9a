import { describe, expect, it } from 'vitest';
import { checkedSamples, responseSamples, schemaSamples } from '../helpers/spec-samples.js';

const labels = (schema: Record<string, unknown>, pins?: Record<string, unknown>) => schemaSamples(schema, pins).map((s) => s.label);

describe('schemaSamples', () => {
  it('gives full, minimal and one deviation per nullable, enum value, empty array and optional subtree', () => {
    const schema = {
      type: 'object',
      required: ['id', 'items'],
      properties: {
        id: { type: 'string' },
        note: { type: ['string', 'null'] },
        kind: { enum: ['a', 'b', 'c'] },
        items: { type: 'array', items: { type: 'object', required: ['n'], properties: { n: { type: 'integer' }, tag: { type: 'string' } } } },
      },
    };
    const samples = schemaSamples(schema);
    expect(samples.map((s) => s.label)).toEqual(['full', 'minimal', '.note: null', '.kind: "b"', '.kind: "c"', '.items: []', '.items[0]: only required']);
    expect(samples[0]!.value).toEqual({ id: 'text', note: 'text', kind: 'a', items: [{ n: 1, tag: 'text' }] });
    expect(samples[1]!.value).toEqual({ id: 'text', items: [] });
    expect(samples.at(-1)!.value).toEqual({ id: 'text', note: 'text', kind: 'a', items: [{ n: 1 }] });
  });

  it('adds extraKeys, as each JSON type, only to objects that declare properties and leave others open', () => {
    const schema = {
      type: 'object',
      properties: {
        open: { type: 'object', additionalProperties: true, properties: { a: { type: 'number' } } },
        closed: { type: 'object', additionalProperties: false, properties: { a: { type: 'number' } } },
      },
    };
    const extra = schemaSamples(schema, {}, ['x', 'a']).filter((s) => s.label.includes('extra'));
    const types = ['string', 'number', 'boolean', 'null', 'array', 'object'];
    // the root (no additionalProperties) takes both names; `open` takes `x` only (it declares `a`); `closed` none
    expect(extra.map((s) => s.label)).toEqual(['.open.x', '.x', '.a'].flatMap((at) => types.map((t) => `${at}: extra ${t}`)));
    expect(extra.find((s) => s.label === '.open.x: extra null')!.value).toEqual({ open: { a: 0.5, x: null }, closed: { a: 0.5 } });
    expect(labels(schema).some((l) => l.includes('extra'))).toBe(false);
  });

  it('tries every union branch, the deviations inside each, and each JSON type for a schema-less value', () => {
    const schema = {
      type: 'object',
      properties: {
        u: { anyOf: [{ type: 'string' }, { type: 'object', properties: { x: { enum: ['p', 'q'] } } }, { type: 'null' }] },
        any: {},
      },
    };
    expect(labels(schema)).toEqual([
      'full',
      'minimal',
      '.u: branch 1',
      '.u: branch 1 minimal',
      '.u: branch 1, .u.x: "q"',
      '.u: null',
      '.any: any number',
      '.any: any boolean',
      '.any: any null',
      '.any: any array',
      '.any: any object',
    ]);
  });

  it('stops a recursive schema and keeps pinned values fixed', () => {
    const tree = { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/$defs/Node' } } } };
    const samples = schemaSamples({ $ref: '#/$defs/Node', $defs: { Node: tree } });
    expect(samples[0]!.value).toEqual({ kids: [{ kids: [] }] }); // a Node is expanded twice on a path, then its array stays empty
    expect(labels({ type: 'object', properties: { d: { type: 'string' }, k: { enum: ['a', 'b'] } } }, { '.k': 'b' })).toEqual(['full', 'minimal']);
  });
});

describe('checkedSamples', () => {
  it('throws on a sample the schema refuses, naming it', () => {
    expect(() => checkedSamples({ type: 'object', required: ['a'] }, [{ label: 'bad', value: {} }])).toThrow(/sample 'bad' is not spec-valid/);
  });

  it('leaves out a value only overlapping oneOf branches take', () => {
    const schema = { oneOf: [{ type: 'string' }, { enum: ['hidden'] }] };
    expect(checkedSamples(schema, [{ label: 'x', value: 'x' }, { label: 'hidden', value: 'hidden' }]).map((s) => s.label)).toEqual(['x']);
  });
});

it('responseSamples reads an operation of a spec, by operationId or METHOD template', () => {
  expect(responseSamples('openai/openapi.yaml', 'deleteModel')).toEqual([{ label: 'full', value: { id: 'text', deleted: true, object: 'text' } }]);
  expect(responseSamples('open-inference-protocol/generate_rest.yaml', 'POST /v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/generate').length).toBeGreaterThan(3);
  expect(() => responseSamples('openai/openapi.yaml', 'noSuchOperation')).toThrow(/no operation noSuchOperation/);
});
