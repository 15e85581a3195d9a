/**
 * generate / generateStream refuse a request that is not an object carrying a string text_input
 * (null, undefined, a primitive, a function) with an InvalidRequestError naming text_input, before
 * anything is sent — never a TypeError from reading a property of null, never a POST without a body.
 */
import { describe, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { generate, generateStream } from '../../src/oip/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('a generate request that is not an object is refused at text_input', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'hello'],
    ['a number', 5],
    // typeof 'function', not an object: JSON.stringify would drop it and POST no body at all
    ['a function carrying text_input', Object.assign(() => undefined, { text_input: 'hello' })],
  ])('%s', async (_what, req) => {
    for (const call of [generate, generateStream]) {
      await expectRefused(box.server, () => call(client(), 'llm', bad(req)), /^text_input$/);
    }
  });
});

describe('generate parameters that are not an object are refused at parameters', () => {
  // the extension's parameters are an object of settings; a string or an array was sent as written
  it.each([
    ['a string', 'max_tokens=5'],
    ['null', null],
    ['an array', [5]],
  ])('%s', async (_what, parameters) => {
    for (const call of [generate, generateStream]) {
      await expectRefused(box.server, () => call(client(), 'llm', { text_input: 'hi', parameters: bad(parameters) }), /^parameters$/);
    }
  });
});
