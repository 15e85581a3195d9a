/**
 * Edges of a create's checks (docs/replicate.md, "Predictions"): a Node `Buffer` in `input` is
 * refused like any typed array although it has a `toJSON` (JSON would send `{"type":"Buffer",…}`);
 * every one of the four webhook events is accepted; a webhook is any absolute http or https URL
 * (scheme in any case) and nothing without a host; `stream: true` is sent. The "got …" part of a
 * refusal says what the bad value was without echoing a long string (which may be a secret).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createPrediction } from '../../src/replicate/index.js';
import { describe as describeValue } from '../../src/replicate/shared.js';
import { bad, expectRefused, useServer } from '../core/_misuse.js';

const box = useServer();
const client = () => createClient({ baseURL: box.server.url, retry: false });
const lastBody = () => box.server.requests.at(-1)!.json() as Record<string, unknown>;

describe('create params: edges', () => {
  it('refuses a Buffer in input (it has toJSON, but JSON would not carry its bytes)', async () => {
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: { image: Buffer.from('png') } }), /^input\.image$/);
  });

  it('accepts each of the four webhook events', async () => {
    await createPrediction(client(), { model: 'a/b', input: {}, webhook: 'https://example.com/h', webhook_events_filter: ['start', 'output', 'logs', 'completed'] });
    expect(lastBody().webhook_events_filter).toEqual(['start', 'output', 'logs', 'completed']);
    await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook_events_filter: bad(['output', '']) }), /^webhook_events_filter$/);
  });

  it('accepts http and an upper-case scheme; refuses a URL without a host or another scheme', async () => {
    for (const webhook of ['http://127.0.0.1:8080/hook', 'HTTPS://Example.com/h']) {
      await createPrediction(client(), { model: 'a/b', input: {}, webhook });
      expect(lastBody().webhook, webhook).toBe(webhook);
    }
    for (const webhook of ['https://', 'https:///path', 'https:// example.com', 'ftp://example.com/h', ' https://example.com/h']) {
      const err = await expectRefused(box.server, () => createPrediction(client(), { model: 'a/b', input: {}, webhook }), /^webhook$/);
      expect(err.message, webhook).not.toContain('example.com');
    }
  });

  it('sends stream: true', async () => {
    await createPrediction(client(), { model: 'a/b', input: {}, stream: true });
    expect(lastBody().stream).toBe(true);
  });
});

describe('the "got …" of a refusal', () => {
  it('quotes a short string, and gives only the length of one over 80 characters', () => {
    expect(describeValue('x'.repeat(80))).toBe(JSON.stringify('x'.repeat(80)));
    expect(describeValue(`r8_${'s'.repeat(78)}`)).toBe('a 81-character string');
  });

  it('names null, an array, a number, an object by its kind, and other values by type', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue(2.5)).toBe('2.5');
    expect(describeValue(new Map())).toMatch(/\bMap$/);
    expect(describeValue({})).toMatch(/\bObject$/);
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(true)).toBe('boolean');
    expect(describeValue(() => 1)).toBe('function');
  });
});
