/**
 * deleteFile (`DELETE /files/{id}`, spec: 204) succeeds on any 2xx and resolves to nothing, whatever
 * body a server or proxy in between sends with it: a success is not turned into a parse error, and
 * no body leaks out as the result of a call typed `void`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { deleteFile } from '../../src/replicate/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const bodies: { status: number; type: string; body: string }[] = [
  { status: 204, type: 'text/plain', body: '' },
  { status: 200, type: 'text/plain', body: '' },
  { status: 200, type: 'text/plain', body: 'OK' },
  { status: 200, type: 'application/json', body: '{"deleted":true}' },
];

const box = {} as { server: TestServer };
beforeAll(async () => {
  box.server = await startTestServer((req, res) => {
    const answer = bodies[Number(req.path.split('/').pop())]!;
    res.writeHead(answer.status, answer.status === 204 ? {} : { 'content-type': answer.type });
    res.end(answer.body);
  });
});
afterAll(() => box.server.close());

describe('deleteFile: any 2xx is a success with no result', () => {
  bodies.forEach((answer, i) => {
    it(`${answer.status} ${JSON.stringify(answer.body)}`, async () => {
      const client = createClient({ baseURL: box.server.url, retry: false });
      await expect(deleteFile(client, String(i))).resolves.toBeUndefined();
      const rec = box.server.requests.at(-1)!;
      expect(`${rec.method} ${rec.path}`).toBe(`DELETE /files/${i}`);
    });
  });
});
