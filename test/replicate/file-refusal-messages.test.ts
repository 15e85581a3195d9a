/**
 * A refused files call says in its message which argument is wrong, not only in `path`: the message
 * is what a log or an uncaught-error report shows. Checked for missing params, a bad filename and a
 * bad download expiry (the message names the argument; its exact wording is free).
 */
import { describe, expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { createFile, downloadFile } from '../../src/replicate/index.js';
import { expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

async function refusedMessage(call: () => Promise<unknown>, path: RegExp): Promise<string> {
  const err: InvalidRequestError = await expectRefused(box.server, call, path);
  return err.message;
}

describe('files refusals name the wrong argument in the message', () => {
  it('createFile without params names the content it needs', async () => {
    for (const params of [undefined, null]) {
      expect(await refusedMessage(() => createFile(client(), params as never), /^content$/)).toMatch(/replicate\.files\.create.*content/);
    }
  });

  it('createFile with a bad filename names filename and its byte limit', async () => {
    for (const filename of ['', 'a'.repeat(256)]) {
      expect(await refusedMessage(() => createFile(client(), { content: 'x', filename }), /^filename$/)).toMatch(/filename.*255 bytes/);
    }
  });

  it('downloadFile with a bad expiry names expiry', async () => {
    const message = await refusedMessage(() => downloadFile(client(), 'f1', { owner: 'acme', expiry: 1.5, signature: 's' }), /^expiry$/);
    expect(message).toMatch(/replicate\.files\.download.*expiry/);
  });
});
