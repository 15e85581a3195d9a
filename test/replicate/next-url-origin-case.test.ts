/**
 * A `next` URL on the API's own origin whose scheme is written in another case (`HTTP://`) is
 * the same origin: the list follows it on that server, with the key, rather than sending it as a
 * path under the base URL (a 404) or to the origin without credentials.
 */
import { expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { listModels } from '../../src/replicate/index.js';
import { startTestServerPerTest } from '../helpers/test-server.js';
import { modelPage, startPagedServer } from './_pages.js';

const startServer = startTestServerPerTest();
const KEY = 'r8_test_token_abcdef';

for (const [label, write] of [
  ['an upper-case scheme', (base: string) => base.replace(/^http/, 'HTTP')],
  ['a mixed-case scheme', (base: string) => base.replace(/^http/, 'Http')],
] as const) {
  it(`follows a next URL on the API's origin written with ${label}, sending the key`, async () => {
    const server = await startPagedServer(startServer, (base) => ({ '': modelPage(`${write(base)}/v1/models?cursor=2`, 'a'), '2': modelPage(null, 'b') }));
    const client = createClient({ baseURL: `${server.url}/v1`, apiKey: KEY });
    const names = (await listModels(client).toArray(100)).map((m) => m.name);
    expect(names).toEqual(['a', 'b']);
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models?cursor=2']);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
  });
}
