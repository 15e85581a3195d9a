/**
 * A platform client's factory names itself in its refusals: `createReplicateClient({ auth })` (the
 * official client's spelling) was refused as `createClient: auth is not an option`, and
 * `createOpenAIClient({ maxRetries })` as `openAIClientOptions: …`, functions the caller had not
 * called. createClient and openAIClientOptions called themselves keep their own names.
 */
import { expect, it } from 'vitest';
import { InvalidRequestError, createClient, type ClientOptions } from '../../src/index.js';
import { createOipClient, type OipClientOptions } from '../../src/oip/index.js';
import { createOpenAIClient, openAIClientOptions, type OpenAIClientOptions } from '../../src/openai/index.js';
import { createReplicateClient, type ReplicateClientOptions } from '../../src/replicate/index.js';
import { thrownAs } from './_support.js';

const cases: Array<[string, string, () => unknown]> = [
  ['createReplicateClient', 'auth', () => createReplicateClient({ auth: 'r8_x' } as unknown as ReplicateClientOptions)],
  ['createReplicateClient', 'timeoutMs', () => createReplicateClient({ timeoutMs: -1 })],
  ['createReplicateClient', 'baseURL', () => createReplicateClient({ baseURL: 'api.replicate.com/v1' })],
  ['createOipClient', 'timeout', () => createOipClient({ baseURL: 'http://127.0.0.1:1', timeout: 5 } as unknown as OipClientOptions)],
  ['createOipClient', 'baseURL', () => createOipClient({ baseURL: '127.0.0.1:8000' })],
  ['createOpenAIClient', 'maxRetries', () => createOpenAIClient({ maxRetries: 3 } as unknown as OpenAIClientOptions)],
  ['createOpenAIClient', 'headers', () => createOpenAIClient({ headers: 'x: y' } as unknown as OpenAIClientOptions)],
  ['createOpenAIClient', 'retry', () => createOpenAIClient({ retry: 3 } as unknown as OpenAIClientOptions)],
  ['createClient', 'auth', () => createClient({ baseURL: 'http://127.0.0.1:1', auth: 'k' } as unknown as ClientOptions)],
  ['openAIClientOptions', 'maxRetries', () => openAIClientOptions({ maxRetries: 3 } as unknown as OpenAIClientOptions)],
];

it.each(cases)('%s names itself refusing %s', (factory, path, make) => {
  const err = thrownAs(make, InvalidRequestError);
  expect(err.path).toBe(path);
  expect(err.operation).toBe(factory);
  expect(err.message.startsWith(`${factory}: ${path} `)).toBe(true);
});

it('a core client passed in is taken as it is', () => {
  const core = createClient({ baseURL: 'http://127.0.0.1:1' });
  expect(createReplicateClient(core).client).toBe(core);
  expect(createOipClient(core).core).toBe(core);
});
