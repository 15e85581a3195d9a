/**
 * docs/replicate.md, "Safety rules": "Bad input fails before the network with InvalidRequestError
 * naming the field (…, `model`, …), as a rejected promise." The list operations that check their
 * input (an `owner/name`, a search query, a date filter) throw it synchronously from the call that
 * builds the paginator instead, so `list(…).toArray().catch(handle)` never reaches `handle`: the
 * error escapes as a synchronous exception (an uncaught one outside an async function).
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createReplicateClient, listModelExamples, listModelVersions, listPredictions, searchModels } from '../../src/replicate/index.js';
import { useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

/** Runs `call` and `.catch()`es the promise it returns, the way a promise chain would. */
async function viaCatch(call: () => Promise<unknown>): Promise<{ threwSync: boolean; rejection: unknown }> {
  let threwSync = false;
  let rejection: unknown;
  try {
    await call().catch((e: unknown) => {
      rejection = e;
    });
  } catch (e) {
    threwSync = true;
    rejection = e;
  }
  return { threwSync, rejection };
}

describe('replicate list operations: bad input is a rejected promise, not a synchronous throw', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ['listModelVersions with a "../x" model', () => listModelVersions(client(), '../x').toArray(), 'model'],
    ['listModelExamples with a model that is not owner/name', () => listModelExamples(client(), 'no-slash').toArray(), 'model'],
    ['searchModels with an empty query', () => searchModels(client(), '').toArray(), 'query'],
    ['listPredictions with a created_after that is no date', () => listPredictions(client(), { created_after: 'yesterday-ish' }).toArray(), 'created_after'],
    ['replicate.models.versions.list (bound client) with a "acme/.." model', () => createReplicateClient(client()).models.versions.list('acme/..').toArray(), 'model'],
  ];
  for (const [name, call, path] of cases) {
    it(`${name}: .toArray().catch() receives the InvalidRequestError, nothing is sent`, async () => {
      const before = box.server.requests.length;
      const { threwSync, rejection } = await viaCatch(call);
      expect(rejection).toBeInstanceOf(InvalidRequestError);
      expect((rejection as InvalidRequestError).path).toBe(path);
      expect(box.server.requests.length).toBe(before);
      expect(threwSync, 'the error escaped .catch() as a synchronous throw').toBe(false);
    });
  }

  it('the error also surfaces from for await over the paginator (where a user catches it)', async () => {
    let caught: unknown;
    const list = (() => {
      try {
        return listModelVersions(client(), '../x');
      } catch (e) {
        caught = e;
        return undefined;
      }
    })();
    expect(caught, 'listModelVersions threw while building the paginator').toBeUndefined();
    await expect(
      (async () => {
        for await (const _ of list!) void _;
      })(),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
