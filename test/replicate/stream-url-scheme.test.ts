/**
 * streamPrediction's check of `urls.stream` before anything is sent: a URL whose scheme is not
 * http(s) (matched case-insensitively, as URL schemes are) is refused naming `urls.stream` and
 * saying it is not an http(s) URL; a missing one says what it got; the API's own origin written with
 * an upper-case scheme is read like the lower-case one.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/index.js';
import { createPrediction, streamPrediction, type ReplicateStreamEvent } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();

describe('streamPrediction: the stream URL', () => {
  it('refuses a non-http(s) or missing URL, naming urls.stream, before sending anything', async () => {
    const before = fx.rs.server.requests.length;
    const other = await rejectionAs(streamPrediction(fx.client, { urls: { stream: `ftp://127.0.0.1/stream/p1` } }), InvalidRequestError);
    expect(other.path).toBe('urls.stream');
    expect(other.message).toContain('not an http(s) URL');
    const relative = await rejectionAs(streamPrediction(fx.client, '/stream/p1'), InvalidRequestError);
    expect(relative.message).toContain('not an http(s) URL');
    const missing = await rejectionAs(streamPrediction(fx.client, { urls: {} }), InvalidRequestError);
    expect(missing.path).toBe('urls.stream');
    expect(missing.message).toContain('urls.stream is undefined');
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('reads the API origin given with an upper-case scheme', async () => {
    fx.rs.setModel(() => ({ output: ['a'] }));
    const p = await createPrediction(fx.client, { model: 'acme/slow', input: {} });
    const url = p.urls!.stream!.replace(/^http/, 'HTTP');
    const events: ReplicateStreamEvent['type'][] = [];
    for await (const e of await streamPrediction(fx.client, url)) events.push(e.type);
    expect(events).toEqual(['output', 'logs', 'done']);
  });
});
