/**
 * Replicate hands out `urls.stream` on its streaming hosts under replicate.net
 * (`https://streaming-api.svc.us.c.replicate.net/…`): such a URL (https, the host
 * replicate.net or a subdomain of it, the default port) is read, and without the API token (the
 * URL itself authenticates the read; the token goes only to the client's own origin). Look-alike
 * hosts, plain http, another port and user info are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { createClient, fetchTransport, InvalidRequestError, type Transport } from '../../src/index.js';
import { createPrediction, streamPrediction, type ReplicateStreamEvent } from '../../src/replicate/index.js';
import { rejectionAs } from '../core/_support.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const STREAM_ORIGIN = 'https://streaming-api.svc.us.c.replicate.net';

/** A transport that serves the replicate.net stream host from the fake server, recording what it was asked. */
function replicateNetTransport(seen: { url: string; authorization: string | undefined }[]): Transport {
  const inner = fetchTransport();
  return (req) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    return req.url.startsWith(`${STREAM_ORIGIN}/`) ? inner({ ...req, url: fx.rs.url + req.url.slice(STREAM_ORIGIN.length) }) : inner(req);
  };
}

describe('streamPrediction: a stream URL on *.replicate.net', () => {
  it('is read, and the API token is not sent to it', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const client = createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, transport: replicateNetTransport(seen) });
    fx.rs.setModel(() => ({ output: ['Hello', ' world'] }));
    const p = await createPrediction(client, { model: 'acme/slow', input: {} });
    // the fake serves the stream at /stream/<id>; on Replicate's host the same path is on replicate.net
    const url = STREAM_ORIGIN + new URL(p.urls!.stream!).pathname;
    const before = fx.rs.server.requests.length;
    const events: ReplicateStreamEvent[] = [];
    for await (const e of await streamPrediction(client, { urls: { ...p.urls!, stream: url } })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['output', 'output', 'logs', 'done']);
    expect(events.filter((e) => e.type === 'output').map((e) => (e as { data: string }).data).join('')).toBe('Hello world');
    const streamReads = seen.filter((s) => s.url.startsWith(STREAM_ORIGIN));
    expect(streamReads.length).toBeGreaterThan(0);
    expect(streamReads.map((s) => s.authorization)).toEqual(streamReads.map(() => undefined));
    const received = fx.rs.server.requests.slice(before);
    expect(received.map((r) => r.path)).toEqual([new URL(url).pathname]);
    expect(received[0]!.headers.authorization).toBeUndefined();
    // the create did carry it: the token is withheld from the stream host, not lost
    expect(seen[0]!.authorization).toBe(`Bearer ${fx.rs.token}`);
  });

  it('a look-alike, http, another port or user info is refused before anything is sent', async () => {
    const seen: { url: string; authorization: string | undefined }[] = [];
    const client = createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, transport: replicateNetTransport(seen) });
    for (const url of [
      'https://evilreplicate.net/v1/streams/x',
      'https://replicate.net.evil.com/v1/streams/x',
      'https://streaming-api.svc.us.c.replicate.net.evil.com/v1/streams/x',
      'http://streaming-api.svc.us.c.replicate.net/v1/streams/x',
      'https://streaming-api.svc.us.c.replicate.net:8443/v1/streams/x',
      'https://user@streaming-api.svc.us.c.replicate.net/v1/streams/x',
      'https://evil.com@streaming-api.svc.us.c.replicate.net/v1/streams/x',
      'https://streaming-api.svc.us.c.replicate.net@evil.com/v1/streams/x',
    ]) {
      const err = await rejectionAs(streamPrediction(client, url), InvalidRequestError);
      expect(err.path, url).toBe('urls.stream');
      expect(err.message, url).toContain('refusing to send credentials to');
    }
    expect(seen).toEqual([]);
  });

  it("the refusal of a replicate.net URL on another port, over http or with user info states the rule, not that the host is wrong", async () => {
    const client = createClient({ baseURL: fx.rs.baseURL, apiKey: fx.rs.token, transport: replicateNetTransport([]) });
    for (const url of [
      'http://streaming-api.svc.us.c.replicate.net/v1/streams/x',
      'https://streaming-api.svc.us.c.replicate.net:8443/v1/streams/x',
      'https://user@streaming-api.svc.us.c.replicate.net/v1/streams/x',
    ]) {
      const err = await rejectionAs(streamPrediction(client, url), InvalidRequestError);
      // it used to end "not the API origin nor replicate.com or replicate.net", of a replicate.net host
      expect(err.message, url).toContain('https on replicate.com or replicate.net, on the default port and without user info');
    }
  });
});
