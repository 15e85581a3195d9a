/**
 * Every files call, and getDefaultWebhookSecret, names itself in its errors (`operation`), whether
 * the call is refused before sending or fails at the server: that name is what a log line or an
 * `onRetry` hook shows to say which call went wrong, so each must be the call's own, not empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError, NotFoundError } from '../../src/index.js';
import { createFile, deleteFile, getDefaultWebhookSecret, getFile, listFiles } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

const box = {} as { server: TestServer };
beforeAll(async () => {
  box.server = await startTestServer((req, res) => json(res, 404, { title: 'Not found', detail: `no ${req.method} ${req.path}`, status: 404 }));
});
afterAll(() => box.server.close());
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('files and webhook secret: the error names the operation', () => {
  it('a 404 from the server', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['replicate.files.create', () => createFile(client(), { content: 'x', filename: 'x.txt' })],
      ['replicate.files.list', () => listFiles(client()).toArray()],
      ['replicate.files.get', () => getFile(client(), 'f1')],
      ['replicate.files.delete', () => deleteFile(client(), 'f1')],
      ['replicate.webhooks.default.secret.get', () => getDefaultWebhookSecret(client())],
    ];
    for (const [operation, call] of calls) {
      const before = box.server.requests.length;
      const err = await rejectionAs(call(), NotFoundError);
      expect(box.server.requests.length).toBe(before + 1); // it did reach the server
      expect({ operation: err.operation }).toEqual({ operation });
    }
  });

  it('a refusal before sending', async () => {
    const calls: [string, string, () => Promise<unknown>][] = [
      ['replicate.files.create', 'content', () => createFile(client(), { content: 42 as never })],
      ['replicate.files.create', 'filename', () => createFile(client(), { content: 'x', filename: '' })],
      ['replicate.files.get', 'id', () => getFile(client(), '..')],
      ['replicate.files.delete', 'id', () => deleteFile(client(), '..')],
    ];
    const before = box.server.requests.length;
    for (const [operation, path, call] of calls) {
      const err = await rejectionAs(call(), InvalidRequestError);
      expect({ operation: err.operation, path: err.path }).toEqual({ operation, path });
    }
    expect(box.server.requests.length).toBe(before);
  });
});
