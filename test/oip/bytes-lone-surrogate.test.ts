/**
 * A BYTES string element is sent as its UTF-8 bytes (binary: extension_binary_data.md, "the actual
 * bytes"; JSON: a JSON string). A string holding a lone surrogate has no UTF-8 form: `TextEncoder`
 * replaced it with EF BF BD (U+FFFD) and sent other bytes than the caller's without a word, and JSON
 * sent a `\ud800` escape that no server can turn back into UTF-8 bytes. Like a non-UTF-8 byte array
 * in JSON mode (docs/oip.md "Input checks"), it is refused with InvalidRequestError at the element,
 * before anything is sent, in both modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import { InvalidRequestError } from '../../src/core/errors.js';
import { infer, inferBinary, type InferenceRequest } from '../../src/oip/index.js';
import { json, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { model_name: 'm', outputs: [] }));
});
afterAll(() => server.close());

const client = () => createClient({ baseURL: server.url, retry: false });
const request = (element: string): InferenceRequest => ({
  inputs: [{ name: 's', datatype: 'BYTES', shape: [3], data: ['ok', '\u{1F600}', element] }],
});

describe('a BYTES string element with a lone surrogate', () => {
  it.each([
    ['infer (JSON)', infer],
    ['inferBinary', inferBinary],
  ] as const)('%s refuses it at inputs[0].data[2], nothing sent', async (_name, call) => {
    server.reset();
    for (const element of ['a\ud800', '\udc00b', 'x\ud83d']) {
      const err = await call(client(), 'm', request(element)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('inputs[0].data[2]');
      expect((err as InvalidRequestError).message).toContain('input "s"');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a well-formed element (a surrogate pair included) is sent as it is', async () => {
    server.reset();
    await inferBinary(client(), 'm', request('\u{1F600}'));
    await infer(client(), 'm', request('\u{1F600}'));
    expect(server.requests).toHaveLength(2);
    expect((server.requests[1]!.json() as { inputs: { data: string[] }[] }).inputs[0]!.data).toEqual(['ok', '\u{1F600}', '\u{1F600}']);
  });
});
