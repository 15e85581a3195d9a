/**
 * Every user-given part of a Replicate path (each half of `owner/name`, a version id, a collection
 * slug, a training id) is sent percent-encoded as one segment, so a "#", "?" or "/" in it can
 * neither cut the path short, start a query, nor reach another endpoint. An `owner/name` with
 * whitespace, a ":" (a versioned ref where a model is expected) or a second "/" is refused before
 * sending, naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { deleteModelVersion, getCollection, getDeployment, getModel, getModelVersion, getTraining, listModelVersions } from '../../src/replicate/index.js';
import { expectRefused } from '../core/_misuse.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => json(res, 404, { detail: `no route ${req.method} ${req.url}`, status: 404 }));
});
afterAll(() => server.close());
const client = () => createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_test', retry: false });

/** The raw request target of the one request `call` sends (it is answered 404). */
async function sentUrl(call: () => Promise<unknown>): Promise<string> {
  const before = server.requests.length;
  await call().catch(() => undefined);
  const sent = server.requests.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0]!.url;
}

describe('replicate path segments are percent-encoded', () => {
  it('each half of owner/name', async () => {
    expect(await sentUrl(() => getModel(client(), 'ac%me#1/hot?dog'))).toBe('/v1/models/ac%25me%231/hot%3Fdog');
    expect(await sentUrl(() => getDeployment(client(), 'acme/app#x'))).toBe('/v1/deployments/acme/app%23x');
    expect(await sentUrl(() => listModelVersions(client(), 'acme/a?b').toArray())).toBe('/v1/models/acme/a%3Fb/versions');
  });

  it('a version id, a collection slug and a training id, "/" included', async () => {
    expect(await sentUrl(() => getModelVersion(client(), 'acme/echo', 'v/../../account'))).toBe('/v1/models/acme/echo/versions/v%2F..%2F..%2Faccount');
    expect(await sentUrl(() => deleteModelVersion(client(), 'acme/echo', 'a?b'))).toBe('/v1/models/acme/echo/versions/a%3Fb');
    expect(await sentUrl(() => getCollection(client(), 'super/resolution'))).toBe('/v1/collections/super%2Fresolution');
    expect(await sentUrl(() => getTraining(client(), 'x#y'))).toBe('/v1/trainings/x%23y');
  });
});

describe('owner/name refuses what is not one owner and one name', () => {
  const cases: [string, string][] = [
    ['acme/hot dog', 'whitespace in the name'],
    ['ac me/x', 'whitespace in the owner'],
    ['acme/x:abc123', 'a versioned reference'],
    ['acme:1/x', 'a colon in the owner'],
    ['acme/x/y', 'a second slash'],
    ['/x', 'an empty owner'],
    ['acme/', 'an empty name'],
    ['acme/x\n', 'a trailing newline'],
  ];
  for (const [ref, what] of cases) {
    it(`refuses ${JSON.stringify(ref)} (${what})`, async () => {
      await expectRefused(server, () => getModel(client(), ref), /^model$/);
    });
  }

  it('accepts names with dots, dashes and underscores', async () => {
    expect(await sentUrl(() => getModel(client(), 'a.b-c_d/..e.f'))).toBe('/v1/models/a.b-c_d/..e.f');
  });
});
