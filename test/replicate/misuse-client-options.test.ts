/**
 * createReplicateClient as a JavaScript caller may get it wrong: the base URL has a default
 * (https://api.replicate.com/v1), so a misspelt `baseUrl` for a proxy or test server quietly sent
 * the calls, token included, to Replicate; a misspelt option left its default in force. Both are
 * refused, naming the option, as createClient refuses any option name it does not know.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createReplicateClient } from '../../src/replicate/index.js';
import { thrownAs } from '../core/_support.js';
import { bad } from '../core/_misuse.js';

const TOKEN = 'r8_misuse_client_options_5678';

it.each([
  ['baseUrl', { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: TOKEN }],
  ['timeoutMS', { timeoutMS: 120_000, apiKey: TOKEN }],
  ['retry.maxretries', { retry: { maxretries: 0 } }],
])('createReplicateClient refuses %s', (path, options) => {
  const err = thrownAs(() => createReplicateClient(bad(options)), InvalidRequestError);
  expect(err.path).toBe(path);
  expect(JSON.stringify(err) + err.message).not.toContain(TOKEN);
});
