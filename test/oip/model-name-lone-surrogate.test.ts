/**
 * A model name or version holding a lone surrogate (a string cut inside an emoji) cannot be put in a
 * URL: encodeURIComponent threw a bare URIError ("URI malformed") out of the call. It is refused
 * with an InvalidRequestError naming the field, before anything is sent. Found by
 * test/oip/path-segments.property.test.ts.
 */
import { expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { infer, modelPath } from '../../src/oip/index.js';

const cut = '\ud83d\ude00 model'.slice(1); // '\ude00 model'

it('modelPath refuses a lone surrogate in the name or the version, naming the field', () => {
  expect(() => modelPath(cut)).toThrow(InvalidRequestError); // before the fix: URIError
  expect(() => modelPath('m', '\ud800')).toThrow(expect.objectContaining({ path: 'version' }));
  expect(modelPath('\ud83d\ude00')).toBe('/v2/models/%F0%9F%98%80'); // a whole pair is fine
});

it('an infer call with such a name rejects with InvalidRequestError, nothing sent', async () => {
  let sent = 0;
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: async () => (sent++, new Response('{}')), retry: false });
  const x = { name: 'x', datatype: 'FP32' as const, shape: [1], data: new Float32Array([1]) };
  await expect(infer(client, cut, { inputs: [x] })).rejects.toMatchObject({ name: 'InvalidRequestError', path: 'model' });
  expect(sent).toBe(0);
});
