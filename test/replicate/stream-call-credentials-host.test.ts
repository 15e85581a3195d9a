/**
 * A credential header given with the call (a per-tenant token: `{ headers: { authorization } }` on a
 * client without apiKey) went with the stream's reads to Replicate's streaming host, and with its
 * reconnects, though the stream URL itself authorizes the read and docs/replicate.md says
 * credentials go only to the API's own origin. Credential headers of the call are now withheld
 * from a stream host other than the API's origin (other headers still go); a stream on the API's
 * origin still gets them (without them it would be refused).
 */
import { describe, expect, it } from 'vitest';
import { createClient, fetchTransport, type Transport } from '../../src/index.js';
import { createPrediction, streamPrediction, type ReplicateStreamEvent } from '../../src/replicate/index.js';
import { sseFrame } from '../helpers/test-server.js';
import { useReplicate } from './fixture.js';

const fx = useReplicate();
const STREAM_ORIGIN = 'https://streaming-api.svc.us.c.replicate.net';

/** A client without apiKey whose transport serves the replicate.net stream host from the fake, recording each request's headers. */
function client(seen: { url: string; headers: Record<string, string> }[]) {
  const inner = fetchTransport();
  const transport: Transport = (req) => {
    seen.push({ url: req.url, headers: req.headers });
    return req.url.startsWith(`${STREAM_ORIGIN}/`) ? inner({ ...req, url: fx.rs.url + req.url.slice(STREAM_ORIGIN.length) }) : inner(req);
  };
  return createClient({ baseURL: fx.rs.baseURL, transport, retry: { initialDelayMs: 5 } });
}

async function collect(stream: AsyncIterable<ReplicateStreamEvent>): Promise<string> {
  let text = '';
  for await (const e of stream) if (e.type === 'output') text += e.data;
  return text;
}

describe('streamPrediction: credential headers of the call', () => {
  it('are not sent to a replicate.net stream host, on the first read nor on a reconnect; other call headers are', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const c = client(seen);
    const headers = { Authorization: `Bearer ${fx.rs.token}`, 'X-Api-Key': 'k-tenant-7', 'x-trace': 't1' };
    fx.rs.setModel(() => ({ output: ['a', 'b', 'c'] }));
    const p = await createPrediction(c, { model: 'acme/slow', input: {} }, { headers });
    // the first read drops after one event with an id: the reconnect must withhold them too
    fx.rs.server.faults.push({ match: `/stream/${p.id}`, fault: { kind: 'truncated-sse', events: [sseFrame({ event: 'output', id: '1', data: 'a' })] } });
    const url = STREAM_ORIGIN + new URL(p.urls!.stream!).pathname;
    expect(await collect(await streamPrediction(c, { urls: { ...p.urls!, stream: url } }, { headers }))).toBe('abc');
    const reads = seen.filter((s) => s.url.startsWith(STREAM_ORIGIN));
    expect(reads).toHaveLength(2);
    expect(reads[1]!.headers['last-event-id']).toBe('1');
    for (const read of reads) {
      expect(read.headers.authorization).toBeUndefined();
      expect(read.headers['x-api-key']).toBeUndefined();
      expect(read.headers['x-trace']).toBe('t1');
    }
    // the create carried them: withheld from the stream host, not lost
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${fx.rs.token}`);
  });

  it('are sent to a stream on the API origin', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const c = client(seen);
    const headers = { authorization: `Bearer ${fx.rs.token}` };
    fx.rs.setModel(() => ({ output: ['x', 'y'] }));
    const p = await createPrediction(c, { model: 'acme/slow', input: {} }, { headers });
    expect(await collect(await streamPrediction(c, p, { headers }))).toBe('xy');
    expect(seen.at(-1)!.url).toBe(p.urls!.stream);
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer ${fx.rs.token}`);
  });
});
