/**
 * A create's `input` must be data JSON carries as it is: JSON.stringify would drop a function, turn
 * a Blob or a Map into {} and a Uint8Array into {"0":…}, and the (billable) prediction would run
 * without the input the caller gave. Such a value is refused, naming where it is, with a hint to
 * upload files with createFile and pass the URL.
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createPrediction, createTraining, run } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: input values JSON cannot carry are refused before sending', () => {
  it('refuses a Blob, with a hint to upload it with createFile', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { image: new Blob(['png']) } }), /^input\.image$/);
    await expect(createPrediction(client(), { model: 'a/b', input: { image: new Blob(['png']) } })).rejects.toThrow(/createFile.*got a Blob/);
  });

  it('refuses a Uint8Array', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { image: new Uint8Array([1, 2]) } }), /^input\.image$/);
  });

  it('refuses a function', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { prompt: () => 'a fox' } }), /^input\.prompt$/);
  });

  it('refuses a Map as the input itself', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: bad(new Map([['prompt', 'a fox']])) }), /^input/);
  });

  it('refuses a BigInt with an InvalidRequestError, not a TypeError from JSON.stringify', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { seed: 1n } }), /^input\.seed$/);
  });

  it('names a nested value (objects and arrays) and refuses a cycle', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { a: { list: [1, new Set()] } } }), /^input\.a\.list\[1\]$/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { loop } }), /^input\.loop\.self$/);
  });

  it('accepts JSON data, null-prototype objects and values with toJSON (Date, URL)', async () => {
    const plain = Object.assign(Object.create(null) as object, { k: 'v' });
    const input = { s: 'x', n: 1, b: true, z: null, u: undefined, arr: [1, ['x']], o: { plain }, d: new Date(0), url: new URL('https://example.com/a.png') };
    await expect(createPrediction(client(), { model: 'a/b', input })).resolves.toMatchObject({ id: 'p1' });
    const sent = JSON.parse(box.server.requests.at(-1)!.text()) as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ d: '1970-01-01T00:00:00.000Z', url: 'https://example.com/a.png', o: { plain: { k: 'v' } } });
  });

  it('run refuses a Blob before the create', async () => {
    await expectRefused(box.server, () => run(client(), 'a/b', { input: { image: new Blob(['png']) } }), /^input\.image$/);
  });

  it('createTraining refuses a Blob', async () => {
    await expectRefused(box.server, () => createTraining(client(), 'a/b', 'v1', { destination: 'a/c', input: { input_images: new Blob(['zip']) } }), /^input\.input_images$/);
  });

  it('the error is an InvalidRequestError', async () => {
    await expect(createPrediction(client(), { model: 'a/b', input: { f: Symbol('x') } })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
