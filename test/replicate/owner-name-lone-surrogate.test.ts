/**
 * An `owner/name` holding a lone surrogate (a string cut inside an emoji) cannot be put in a URL:
 * encodeURIComponent threw a bare URIError ("URI malformed") out of the call. It is refused like any
 * other malformed `owner/name`, with an InvalidRequestError naming the field, before anything is sent.
 */
import { expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { getModel, getDeployment, run } from '../../src/replicate/index.js';

const cut = '\ud83d\ude00'.slice(1);

it.each([
  ['getModel', (c: ReturnType<typeof createClient>) => getModel(c, `acme${cut}/model`), 'model'],
  ['getDeployment', (c: ReturnType<typeof createClient>) => getDeployment(c, `acme/dep${cut}`), 'deployment'],
  ['run', (c: ReturnType<typeof createClient>) => run(c, `acme/m${cut}`, { input: {} }), 'ref'],
])('%s refuses it with InvalidRequestError, nothing sent', async (_name, call, path) => {
  let sent = 0;
  const client = createClient({ baseURL: 'http://127.0.0.1:1', transport: async () => (sent++, new Response('{}')), retry: false });
  const error = await call(client).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidRequestError); // before the fix: URIError
  expect(error).toMatchObject({ path: expect.stringContaining(path) });
  expect(sent).toBe(0);
});
