/**
 * listModels (docs/openai.md: TGI's single model object and Together's bare array are normalised
 * to `{ object: 'list', data }`): what is normalised and what is not, the per-call validation mode,
 * and an invalid list's error keeping the API key out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { listModels } from '../../src/openai/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const KEY = 'sk-models-list-key-5150';
let server: TestServer;
let answer: unknown;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, answer));
});
afterEach(() => server.reset());
afterAll(() => server.close());

const client = (validation?: 'strict' | 'passthrough' | 'off') => createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false, validation });
const model = (id: string) => ({ id, object: 'model', created: 1, owned_by: 'me' });

describe('normalisation', () => {
  it('a list that also carries an id is a list, not one model', async () => {
    answer = { object: 'list', id: 'page-1', data: [model('a'), model('b')] };
    const list = await listModels(client());
    expect(list.data.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it("a single model object (TGI) becomes a one-model list; a bare array (Together) a list", async () => {
    answer = model('tgi-model');
    expect(await listModels(client())).toEqual({ object: 'list', data: [model('tgi-model')] });
    answer = [model('x'), model('y')];
    expect((await listModels(client())).data.map((m) => m.id)).toEqual(['x', 'y']);
  });

  it('an object without data whose id is not a string is not taken for a model: the issue is the missing data', async () => {
    answer = { id: 7, object: 'model' };
    const err = await listModels(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).issues.map((i) => i.path[0])).toContain('data');
    expect((err as ResponseValidationError).issues.some((i) => i.path.length > 1)).toBe(false);
  });

  it('a JSON null answer is a ResponseValidationError, not a TypeError', async () => {
    answer = null;
    const err = await listModels(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).operation).toBe('openai.models.list');
  });
});

describe('validation mode', () => {
  it('the per-call mode wins over the client mode', async () => {
    answer = { object: 'list', data: [{ ...model('a'), extra: 1 }] };
    const strict = await listModels(client('strict'));
    expect('extra' in strict.data[0]!).toBe(false);
    const loose = await listModels(client('strict'), { validation: 'passthrough' });
    expect((loose.data[0] as unknown as { extra?: number }).extra).toBe(1);
    answer = { object: 'list', data: 'nope' };
    await expect(listModels(client('strict'), { validation: 'off' })).resolves.toEqual({ object: 'list', data: 'nope' });
    await expect(listModels(client('off'), { validation: 'strict' })).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('the client mode applies when the call sets none', async () => {
    answer = { object: 'list', data: 'nope' };
    await expect(listModels(client('off'))).resolves.toEqual({ object: 'list', data: 'nope' });
  });
});

it('an invalid list that echoes the API key: the error does not carry the key', async () => {
  answer = { object: 'list', data: [{ id: 1, object: 'model', owned_by: KEY }], note: `auth ${KEY}` };
  const err = await listModels(client()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  const e = err as ResponseValidationError;
  expect(JSON.stringify(e.body)).not.toContain(KEY);
  expect(e.message).not.toContain(KEY);
});
