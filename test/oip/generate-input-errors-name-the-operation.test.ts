/**
 * docs/core.md, "Errors": an error names the operation that failed (`operation`). generate and
 * generateStream refused a bad request (a text_input that is no string, a NaN JSON would send as
 * null, a model or version that is no path segment) before sending with an InvalidRequestError
 * that had no `operation`, while their status and validation errors name `oip.generate` and
 * `oip.generateStream`; generateStream's text_input message even said `generate:`.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { generate, generateStream } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe.each([
  ['oip.generate', generate],
  ['oip.generateStream', generateStream],
] as const)('%s', (operation, call) => {
  it('a text_input that is no string: the operation, in the error and its message', async () => {
    const err = await expectRefused(box.server, () => call(client(), 'llm', bad({ text_input: 5 })), /^text_input$/);
    expect(err.operation).toBe(operation);
    expect(err.message).toBe(`${operation}: request.text_input must be a string`);
  });

  it.each([
    ['a NaN parameter', { text_input: 'x', parameters: { temperature: NaN } }, /^parameters\.temperature$/],
    ['an Infinity in an extra field', { text_input: 'x', bias: [1, Infinity] }, /^bias\[1\]$/],
  ])('%s: the operation', async (_what, req, path) => {
    const err = await expectRefused(box.server, () => call(client(), 'llm', req), path);
    expect(err.operation).toBe(operation);
  });

  it('a model or version that is no path segment: the operation', async () => {
    expect((await expectRefused(box.server, () => call(client(), '..', { text_input: 'x' }), /^model$/)).operation).toBe(operation);
    expect((await expectRefused(box.server, () => call(client(), 'llm', { text_input: 'x' }, { version: '.' }), /^version$/)).operation).toBe(operation);
  });
});
