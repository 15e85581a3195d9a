/**
 * A create's `webhook` must be an absolute http(s) URL, `webhook_events_filter` an array of known
 * events and `stream` a boolean; a wrong one is refused before sending instead of costing a round
 * trip to a 4xx (or a silently missing webhook).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction, createTraining, run } from '../../src/replicate/index.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });

describe('replicate: webhook params of a create are checked before sending', () => {
  it('refuses a webhook that is not a string', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook: bad(42) }), /^webhook$/);
  });

  it('refuses a webhook that is not an absolute http(s) URL, without quoting it', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook: 'example.com/hook?token=s3cret' }), /^webhook$/);
    await expect(createPrediction(client(), { model: 'a/b', input: {}, webhook: 'example.com/hook?token=s3cret' })).rejects.not.toThrow(/s3cret/);
  });

  it('refuses webhook_events_filter given as a string', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook_events_filter: bad('completed') }), /^webhook_events_filter$/);
  });

  it('refuses webhook_events_filter with an unknown event', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook_events_filter: bad(['done']) }), /^webhook_events_filter$/);
  });

  it('refuses stream that is not a boolean', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, stream: bad('yes') }), /^stream$/);
  });

  it('sends valid webhook params as given', async () => {
    await createPrediction(client(), { model: 'a/b', input: {}, webhook: 'https://example.com/h', webhook_events_filter: ['start', 'completed'], stream: false });
    expect(JSON.parse(box.server.requests.at(-1)!.text())).toEqual({ input: {}, webhook: 'https://example.com/h', webhook_events_filter: ['start', 'completed'], stream: false });
  });

  it('run refuses webhook_events_filter given as a string before the create', async () => {
    await expectRefused(box.server, () => run(client(), 'a/b', { input: {}, webhook_events_filter: bad('completed') }), /^webhook_events_filter$/);
  });

  it('createTraining refuses a webhook that is an object', async () => {
    await expectRefused(box.server, () => createTraining(client(), 'a/b', 'v1', { destination: 'a/c', input: {}, webhook: bad({ url: 'https://x' }) }), /^webhook$/);
  });
});
