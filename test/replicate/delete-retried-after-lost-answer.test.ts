/**
 * A DELETE is idempotent and retried (docs/replicate.md, "Safety rules"). When its first attempt
 * reached Replicate and did the delete but the answer was lost (the connection reset before the
 * 204, a gateway's 502 after the backend acted), the retry finds nothing and gets 404: the caller,
 * who asked for one delete that succeeded, got a NotFoundError. A 404 on a retried attempt of a
 * DELETE now resolves: the resource is gone, which is what the delete asked for (RFC 9110: repeating
 * an idempotent request has the effect of one). A 404 on the first attempt (a misspelt name) is
 * still a NotFoundError, and so is one with retries off.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createClient, NotFoundError } from '../../src/index.js';
import { deleteDeployment, deleteFile, deleteModel, deleteModelVersion } from '../../src/replicate/index.js';
import { json, startTestServer, type RecordedRequest, type TestServer } from '../helpers/test-server.js';

const PATHS = ['/v1/files/f1', '/v1/models/alice/m1', '/v1/models/alice/m1/versions/v1', '/v1/deployments/acme/d1'];
let existing = new Set<string>();
/** Paths whose next delete is done, then its answer lost (the socket reset before any response). */
let loseAnswer = new Set<string>();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req: RecordedRequest, res: ServerResponse) => {
    // every answer closes its connection: Bun's and Deno's fetch re-send by themselves a request whose
    // reused keep-alive connection was reset, which the SDK cannot see (that repeat is its first attempt)
    res.setHeader('connection', 'close');
    if (req.method !== 'DELETE') return json(res, 405, { detail: 'method' });
    if (!existing.has(req.path)) return json(res, 404, { title: 'Not found', detail: 'The requested resource could not be found.', status: 404 });
    existing.delete(req.path);
    if (loseAnswer.delete(req.path)) return void res.socket!.destroy();
    res.writeHead(req.path.includes('/versions/') ? 202 : 204);
    res.end();
  });
});
beforeEach(() => {
  existing = new Set(PATHS);
  loseAnswer = new Set();
});
afterAll(() => server.close());

const client = (retry = true) => createClient({ baseURL: `${server.url}/v1`, apiKey: 'r8_lost_answer_key_0000', retry: retry && { initialDelayMs: 1, maxDelayMs: 5, jitter: 0 } });
const sent = (path: string) => server.requests.filter((r) => r.path === path).length;

const deletes: [string, string, (c: ReturnType<typeof client>) => Promise<void>][] = [
  ['deleteFile', '/v1/files/f1', (c) => deleteFile(c, 'f1')],
  ['deleteModel', '/v1/models/alice/m1', (c) => deleteModel(c, 'alice/m1')],
  ['deleteModelVersion', '/v1/models/alice/m1/versions/v1', (c) => deleteModelVersion(c, 'alice/m1', 'v1')],
  ['deleteDeployment', '/v1/deployments/acme/d1', (c) => deleteDeployment(c, 'acme/d1')],
];

describe.each(deletes)('%s', (_name, path, del) => {
  it('done by a first attempt whose answer was lost: the retry finds 404 and the delete resolves', async () => {
    loseAnswer.add(path);
    const before = sent(path);
    await expect(del(client())).resolves.toBeUndefined();
    expect(sent(path) - before).toBe(2);
    expect(existing.has(path)).toBe(false);
  });

  it('a 404 on the first attempt is still a NotFoundError (nothing to delete under that name)', async () => {
    existing.delete(path);
    const err = await del(client()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).attempts).toBe(1);
  });

  it('with retries off, the lost answer surfaces as the ConnectionError it is', async () => {
    loseAnswer.add(path);
    await expect(del(client(false))).rejects.toBeInstanceOf(ConnectionError);
  });
});
