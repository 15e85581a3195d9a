/**
 * docs/core.md, "Validated results": `validation: 'off'` leaves the body unchecked, and an operation
 * that walks the body itself still turns a body of the wrong shape into a ResponseValidationError
 * (as embeddings, structured output and `run` do). A Replicate list page read with `validation: 'off'`
 * that has no `results` array, or a `next` that is no string, failed with a bare TypeError out of the
 * paginator ("Cannot read properties of undefined (reading 'Symbol(Symbol.asyncIterator)')").
 */
import { expect, it } from 'vitest';
import { createClient, ResponseValidationError } from '../../src/index.js';
import { listCollections, listModels } from '../../src/replicate/index.js';
import { json, startTestServerPerTest } from '../helpers/test-server.js';

const startServer = startTestServerPerTest();
const KEY = 'r8_list_off_key_7731';

const cases: [string, unknown, string][] = [
  ['a page without results', { next: null }, 'results'],
  ['a page whose results is an object', { next: null, results: { a: 1 } }, 'results'],
  ['a JSON null page', null, 'results'],
  ['a page whose next is a number', { next: 2, results: [] }, 'next'],
];

for (const [name, body, path] of cases) {
  it(`${name}, read with validation 'off', is a ResponseValidationError naming ${path}, not a TypeError`, async () => {
    const server = await startServer((_req, res) => json(res, 200, body));
    const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false, validation: 'off' });
    const err = await listCollections(client).toArray().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect((err as ResponseValidationError).operation).toBe('replicate.collections.list');
    expect((err as ResponseValidationError).issues[0]?.path).toEqual([path]);
    expect(server.count('/v1/collections')).toBe(1);
  });
}

it("the call's validation 'off' on a strict client is read the same way", async () => {
  const server = await startServer((_req, res) => json(res, 200, { next: null }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false });
  const err = await listModels(client, {}, { validation: 'off' }).toArray().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
});

it("a well-formed page read with validation 'off' is still listed, unchecked items as sent", async () => {
  const server = await startServer((_req, res) => json(res, 200, { next: '', results: [{ slug: 'x', extra: 1 }] }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false, validation: 'off' });
  expect(await listCollections(client).toArray()).toEqual([{ slug: 'x', extra: 1 }]);
});

it('the error keeps the key out of its body', async () => {
  const server = await startServer((_req, res) => json(res, 200, { next: null, echo: `Bearer ${KEY}` }));
  const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY, retry: false, validation: 'off' });
  const err = await listCollections(client).toArray().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ResponseValidationError);
  expect(JSON.stringify((err as ResponseValidationError).toJSON())).not.toContain(KEY);
  expect(JSON.stringify((err as ResponseValidationError).body)).not.toContain(KEY);
});
