/**
 * docs/replicate.md, "Safety rules": bad input fails before the network with an InvalidRequestError
 * naming the field, as a rejected promise (test/replicate/list-validation.test.ts for the lists).
 * `listModels(client, null)` threw a bare TypeError synchronously from the call that builds the
 * paginator (its params were read at once), and `listPredictions(client, null)` rejected with a
 * TypeError ("Cannot read properties of null").
 */
import { expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { listModels, listPredictions } from '../../src/replicate/index.js';
import { useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

const cases: [string, () => { toArray(): Promise<unknown> }][] = [
  ['listModels(client, null)', () => listModels(client(), null as never)],
  ['listModels(client, "model_created_at")', () => listModels(client(), 'model_created_at' as never)],
  ['listPredictions(client, null)', () => listPredictions(client(), null as never)],
];

for (const [name, make] of cases) {
  it(`${name}: a rejected InvalidRequestError naming params, no synchronous throw, nothing sent`, async () => {
    const before = box.server.requests.length;
    let list: { toArray(): Promise<unknown> } | undefined;
    expect(() => (list = make())).not.toThrow();
    const err = await list!.toArray().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).path).toBe('params');
    expect(box.server.requests.length).toBe(before);
  });
}
