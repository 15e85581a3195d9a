/**
 * Refusing a foreign stream URL scrubs per-call credentials from the host it quotes.
 */
import { expect, it } from 'vitest';
import { createClient, InvalidRequestError } from '../../src/index.js';
import { streamPrediction } from '../../src/replicate/index.js';
import { rejectionOf, textsOf } from '../core/_leak.js';

const TOKEN = 'r8-review7-percall-0123456789';

it('a per-call token echoed into a foreign stream URL host is scrubbed from the refusal', async () => {
  const client = createClient({ baseURL: 'http://127.0.0.1:9/v1', retry: false });
  const prediction = { urls: { stream: `https://${TOKEN}.evil.example/stream` } } as { urls: { stream: string; get: string; cancel: string } };
  const err = await rejectionOf(streamPrediction(client, prediction, { headers: { authorization: `Bearer ${TOKEN}` } }));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(textsOf(err).filter((t) => t.includes(TOKEN))).toEqual([]);
});
