/**
 * streamPrediction's check of `urls.stream` before anything is sent: a URL whose scheme is not
 * http(s) (matched case-insensitively, as URL schemes are) is refused naming `urls.stream` and
 * saying it is not an http(s) URL; a missing one (no urls, no prediction) says what it got; a
 * foreign URL is refused quoting its scheme and host only; the API's own origin written with
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
    const embedded = await rejectionAs(streamPrediction(fx.client, `ftp://127.0.0.1/go?to=${fx.rs.url}/stream/p1`), InvalidRequestError);
    expect(embedded.message).toContain('not an http(s) URL');
    for (const prediction of [{ urls: {} }, {}, null]) {
      const missing = await rejectionAs(streamPrediction(fx.client, prediction as never), InvalidRequestError);
      expect(missing.path).toBe('urls.stream');
      expect(missing.message).toMatch(/urls\.stream is (undefined|null)/);
    }
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('a string that is no URL is told as such, not as a prediction without a stream; a model reference (the official client\'s stream(ref)) is named', async () => {
    const before = fx.rs.server.requests.length;
    for (const ref of ['acme/echo', 'acme/echo:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa', 'a'.repeat(64)]) {
      const err = await rejectionAs(streamPrediction(fx.client, ref), InvalidRequestError);
      expect(err.path, ref).toBe('prediction');
      expect(err.message, ref).not.toContain('the model may not support streaming');
      expect(err.message, ref).toContain('looks like a model reference');
      expect(err.message, ref).toContain('predictions.create');
    }
    const relative = await rejectionAs(streamPrediction(fx.client, '/stream/p1'), InvalidRequestError);
    expect(relative.path).toBe('prediction');
    expect(relative.message).not.toContain('model reference');
    expect(relative.message).not.toContain('/stream/p1');
    expect(fx.rs.server.requests.length).toBe(before);
  });

  it('a refused foreign URL is quoted as scheme and host only: no user info over plain http, no path or query', async () => {
    const token = fx.rs.token;
    const cases: [string, string][] = [
      [`http://u:${token}@evil.example/s`, 'http://evil.example:'],
      [`https://evil.example/cb?key=${token}`, 'https://evil.example:'],
      [`https://evil.example:8443/s/${token}`, 'https://evil.example:8443:'],
    ];
    for (const [url, quoted] of cases) {
      const err = await rejectionAs(streamPrediction(fx.client, url), InvalidRequestError);
      expect(err.message, url).toContain(`refusing to send credentials to ${quoted}`);
      expect(err.message, url).not.toContain(token);
    }
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
